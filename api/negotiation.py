"""One content-negotiation function over named format tables (SPARQL results, RDF graphs, pages)."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request


@dataclass(frozen=True)
class Offer:
    """A format we can produce: its key, its canonical media type, the other types that ask for it and the other
    names a `format` parameter may give it (those clients send, e.g. SPARQLWrapper's xml/json/rdf+xml/json-ld/n3
    for a CONSTRUCT)."""

    key: str
    media_type: str
    aliases: tuple[str, ...] = ()
    names: tuple[str, ...] = ()

    def types(self) -> tuple[str, ...]:
        """Every media type that selects this offer."""
        return (self.media_type, *self.aliases)


RESULT_FORMATS = (
    Offer("json", "application/sparql-results+json", ("application/json",), ("srj",)),
    Offer("xml", "application/sparql-results+xml", ("application/xml", "text/xml"), ("srx",)),
    Offer("csv", "text/csv"),
    Offer("tsv", "text/tab-separated-values"),
)
RDF_FORMATS = (
    Offer("turtle", "text/turtle", ("application/x-turtle", "text/n3"), ("ttl", "n3")),  # Turtle is N3 too
    Offer("ntriples", "application/n-triples", ("text/plain",), ("nt", "n-triples")),
    Offer("jsonld", "application/ld+json", ("application/json",), ("json-ld", "json")),
    Offer("rdfxml", "application/rdf+xml", ("application/xml", "text/xml"), ("rdf+xml", "rdf", "xml")),
    Offer("trig", "application/trig", ("application/x-trig",)),
    Offer("nquads", "application/n-quads", ("text/x-nquads",), ("nq", "n-quads")),
)
HTML = Offer("html", "text/html", ("application/xhtml+xml",))


def accept_of(request: Request) -> str | None:
    """The request's Accept value, its field lines joined as one list (RFC 9110 §5.3: `Accept: text/csv` and
    `Accept: text/turtle` on two lines mean `text/csv, text/turtle`); None without one."""
    return ", ".join(request.headers.getlist("accept")) or None


def parse_accept(accept: str | None) -> list[tuple[str, float, int]]:
    """(media range, q, position) for each entry of an Accept header; an absent header accepts everything."""
    if not accept or not accept.strip():
        return [("*/*", 1.0, 0)]
    ranges = []
    for position, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if "/" not in media:
            continue
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append((media, q, position))
    return ranges


def _quality(media_type: str, ranges: list[tuple[str, float, int]], exact_only: bool = False
             ) -> tuple[float, int, int]:
    """(q, specificity, -position) of the most specific range matching `media_type` (only itself if exact_only)."""
    best = (-1.0, -1, 0)
    major = media_type.split("/")[0]
    for media, q, position in ranges:
        if media == media_type:
            spec = 2
        elif exact_only:
            continue
        elif media == f"{major}/*":
            spec = 1
        elif media == "*/*":
            spec = 0
        else:
            continue
        if spec > best[1]:
            best = (q, spec, -position)
    return best


def negotiate(accept: str | None, offers: tuple[Offer, ...]) -> Offer | None:
    """The offer the client prefers (q, then specificity, then order in Accept, then our order); None = 406.

    An alias (application/json, text/xml, …) selects an offer only when named exactly: a wildcard range is matched
    against the media type we answer with, so `text/*` never gets application/sparql-results+xml through text/xml,
    and `type;q=0` is not undone by `*/*` through an alias.
    """
    ranges = parse_accept(accept)
    scored = []
    for rank, offer in enumerate(offers):
        q, spec, position = max(_quality(t, ranges, exact_only=t != offer.media_type) for t in offer.types())
        if q > 0:
            scored.append(((q, spec, position, -rank), offer))
    return max(scored, key=lambda item: item[0])[1] if scored else None


def by_name(name: str, offers: tuple[Offer, ...]) -> Offer | None:
    """An offer named by a `format` parameter: its key, another of its names or one of its media types.

    A comma-separated value lists alternatives in order of preference: the first one known here wins.
    """
    for part in name.split(","):
        wanted = part.strip().lower()
        found = next((o for o in offers if wanted == o.key or wanted in o.names or wanted in o.types()), None)
        if found is not None:
            return found
    return None


def offered_types(offers: tuple[Offer, ...]) -> list[str]:
    """Canonical media types of a table, for 406 messages."""
    return [o.media_type for o in offers]


def choose(wanted: str | None, accept: str | None, offers: tuple[Offer, ...], what: str) -> Offer:
    """The format of an answer: the `format` parameter when given (400 naming the known ones when it names none of
    them: a bad parameter), else the Accept header (406 listing the media types when none fits)."""
    from api.errors import HttpProblem  # api.errors imports this module

    if wanted:
        offer = by_name(wanted, offers)
        if offer is None:
            raise HttpProblem(400, f"unknown format {wanted!r} for {what}", offered=[o.key for o in offers])
        return offer
    offer = negotiate(accept, offers)
    if offer is None:
        raise HttpProblem(406, f"no acceptable format for {what}", offered=[o.media_type for o in offers])
    return offer
