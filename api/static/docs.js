// Swagger UI over the app's OpenAPI document; the library is served from /static/vendor (see the Makefile).
window.addEventListener("load", function () {
  if (typeof SwaggerUIBundle === "function") {
    SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui" });
  }
});
