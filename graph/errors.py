"""One exception hierarchy for the engine; the API maps it to HTTP statuses in one place."""


class GraphError(Exception):
    """Base class of every error vnqi reports to a user. The message is English (problem JSON, logs, CLI); `key`
    and `params` name it among the UI strings (api/strings/errors.py), so pages show it in the reader's language."""

    def __init__(self, message: str = "", *, key: str | None = None, **params: object) -> None:
        super().__init__(message)
        self.key, self.params = key, params


class LoadError(GraphError):
    """A source file cannot be read or parsed (message names the file and line)."""


class ValidationFailed(GraphError):
    """The data does not conform to the shapes; carries the report."""

    def __init__(self, report: object, message: str = "the data does not conform to the shapes") -> None:
        super().__init__(message)
        self.report = report


class QueryError(GraphError):
    """A SPARQL query is malformed or refers to an unknown named query."""


class NotFound(QueryError):
    """A document, provision or act named by the user is not in the graph."""


class NotRepresentable(GraphError):
    """The results cannot be written in the negotiated format (XML cannot carry every string or IRI): 406."""


class StoreUnavailable(GraphError):
    """The store cannot be opened or has not been built yet."""
