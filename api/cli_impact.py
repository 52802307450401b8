"""`vnqi impact`: the impact of an amending act, or of a hypothetical change, on the built store."""

from __future__ import annotations

import argparse
import json

from api.impact_request import make_query, run
from api.impact_view import as_json, csv_text
from graph.build import current_store_path
from graph.dependencies import DependencyGraph, dependency_graph
from graph.errors import QueryError
from graph.impact_amendment import CHANGES
from graph.impact_model import ImpactReport
from graph.store import open_store


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """The `impact` sub-command and its options."""
    p = sub.add_parser("impact", help="what an amending act (or a hypothetical change) affects, and why")
    p.add_argument("amendment", nargs="?", help="an amending act of the graph: its number (70/2025/QH15) or IRI")
    p.add_argument("--document", help="what-if: the changed document (68/2006/QH11), standard edition or QCVN "
                                      "(ISO 9001:2015)")
    p.add_argument("--provision", action="append", default=[], help="what-if: a changed provision (dieu-3); repeat")
    p.add_argument("--change", choices=CHANGES, help="what-if: the kind of change (default: amended)")
    p.add_argument("--date", help="what-if: when the change takes effect (YYYY-MM-DD)")
    p.add_argument("--on", help="reference date (YYYY-MM-DD; default: the change's effective date)")
    p.add_argument("--depth", default="4", help="how many links to follow (1-10, default 4)")
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")
    p.add_argument("--lang", choices=("vi", "en"), default="vi")


def cmd_impact(args: argparse.Namespace) -> int:
    """Print the report as a table, JSON or CSV."""
    values = {"amendment": args.amendment, "document": args.document, "change": args.change, "date": args.date,
              "on": args.on, "depth": args.depth}
    if any(not p.strip() for p in args.provision):  # (the web form's empty fields are dropped; a flag is meant)
        raise QueryError("--provision needs a provision (dieu-3 or an IRI), not an empty value")
    query = make_query(values, args.provision)
    store = open_store(f"oxigraph:{current_store_path(args.var)}", read_only=True)
    report = run(store, query)
    graph = dependency_graph(store)
    if args.format == "json":
        print(json.dumps(as_json(graph, report, args.lang), ensure_ascii=False, indent=2))
    elif args.format == "csv":
        print(csv_text(graph, report, args.lang), end="")
    else:
        print(table(graph, report, args.lang), end="")
    return 0


def table(graph: DependencyGraph, report: ImpactReport, lang: str) -> str:
    """A plain-text report: header, one block per role, each entity with its paths, then the exclusions."""
    view = as_json(graph, report, lang)
    amendment = view["amendment"]
    lines = [f"changed: {', '.join(e['name'] for e in view['changed'])}",
             f"change: {amendment['change']}" + (f" by {amendment['actName']}" if amendment["act"] else "")
             + (f", effective {amendment['effective']}" if amendment["effective"] else ""),
             f"as of: {view['date'] or '-'}{'  (PENDING: not yet in force on that date)' if view['pending'] else ''}"
             f"  depth: {view['depth']}  affected: {view['count']}"]
    lines += [f"WARNING: {w['text']}" for w in view["warnings"]]
    for group in view["groups"]:
        if group["entities"]:
            lines += ["", f"== {group['label']} ({group['role']}): {len(group['entities'])}"]
        for e in group["entities"]:
            flag = "  [uncertain]" if e["uncertain"] else ""
            lines.append(f"  d={e['distance']} s={e['strength']:.2f}  {e['kindLabel']}: {e['name']}{flag}")
            lines += [f"      {end['text']}" for end in e["mayHaveEnded"]]
            lines += [f"      {path['text']}" for path in e["paths"]]
    if view["excluded"]:
        lines += ["", "== excluded"] + [f"  {e['name']}: {e['reason']}" for e in view["excluded"]]
    return "\n".join(lines) + "\n"
