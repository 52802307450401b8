"""InProcessExecutor: the QueryPool interface over an in-memory store (tests, `memory:`), without a kill switch."""

from __future__ import annotations

from graph import sparql_worker
from graph.errors import StoreUnavailable
from graph.query_job import QueryOutcome, QueryRequest, outcome, wire
from graph.sparql_limits import check_query_complexity
from graph.store.embedded import EmbeddedStore


class InProcessExecutor:
    """Runs queries in the calling thread; a time limit cannot be enforced here (use a built store)."""

    timeout_s = float("inf")

    def __init__(self, store: EmbeddedStore) -> None:
        self._store = store

    def run(self, request: QueryRequest) -> QueryOutcome:
        """Evaluate and serialise like a worker process would (refusing texts that would crash this process)."""
        check_query_complexity(request.query)
        return outcome(sparql_worker.execute(self._store.native, wire(request)))

    def switch(self, store_path: object) -> None:
        """An in-memory store has no versions to switch to."""
        raise StoreUnavailable("updates need a built store (run `vnqi build` and serve it)")

    def close(self) -> None:
        """Nothing to stop."""
