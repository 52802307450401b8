"""A query worker started again with a library preloaded (graph/worker_allocator.restart_with): rebuild its pipe
from the inherited descriptor and serve as graph.sparql_worker.main does, without starting again."""

from __future__ import annotations

import json
import sys
from multiprocessing.connection import Connection

from graph import sparql_worker


def run(argv: list[str]) -> None:
    """`python -m graph.worker_start FD ARGS_JSON`: serve on descriptor FD with main's other arguments."""
    store_path, in_memory, serve_while_loading = json.loads(argv[2])
    sparql_worker.main(Connection(int(argv[1])), store_path, in_memory, serve_while_loading)


if __name__ == "__main__":
    run(sys.argv)
