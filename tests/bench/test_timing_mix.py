"""The benchmark's mix-in-a-row rounds: each target answers its whole mix, the order of the targets turning."""

from __future__ import annotations

import time
from collections.abc import Callable

from bench.timing import measure_mix


def recorder(calls: list[str], name: str, pause: float = 0.0, fail_after: int | None = None) -> Callable[[], bytes]:
    done = [0]

    def run() -> bytes:
        calls.append(name)
        done[0] += 1
        if fail_after is not None and done[0] > fail_after:
            raise RuntimeError("down")
        if pause:
            time.sleep(pause)
        return name.encode()
    return run


def mix(calls: list[str], target: str, **options: dict) -> dict[str, Callable[[], bytes]]:
    return {q: recorder(calls, target + q, **options.get(q, {})) for q in ("1", "2", "3")}


def test_each_target_answers_its_mix_in_a_row_and_the_orders_turn() -> None:
    calls: list[str] = []
    found, bodies = measure_mix({t: mix(calls, t) for t in "ab"}, reps=3, budget_s=60)
    assert calls == ["a1", "a2", "a3", "b1", "b2", "b3",  # the untimed warm-up pass
                     "a1", "a2", "a3", "b1", "b2", "b3",  # round 1: a, then b, each from its first query
                     "b2", "b3", "b1", "a2", "a3", "a1",  # round 2: b first, each from its second query
                     "a3", "a1", "a2", "b3", "b1", "b2"]
    assert {t: {q: len(tm.samples) for q, tm in by_q.items()} for t, by_q in found.items()} == \
        {"a": {"1": 3, "2": 3, "3": 3}, "b": {"1": 3, "2": 3, "3": 3}}
    assert bodies == {t: {q: f"{t}{q}".encode() for q in "123"} for t in "ab"}


def test_a_slow_query_leaves_once_its_own_budget_is_spent() -> None:
    calls: list[str] = []
    targets = {"a": mix(calls, "a"), "r": mix(calls, "r", **{"2": {"pause": 0.02}})}
    found, _ = measure_mix(targets, reps=8, budget_s=60, min_reps=3, budgets={"r": 0.05})
    assert len(found["r"]["2"].samples) == 3  # 3 × 20 ms > 50 ms: out after its minimum
    assert len(found["r"]["1"].samples) == 8 and len(found["a"]["2"].samples) == 8  # the others stay
    assert calls.count("r2") == 4  # the warm-up, then its three timed runs


def test_a_query_that_fails_is_dropped_on_that_target_only() -> None:
    calls: list[str] = []
    targets = {"a": mix(calls, "a", **{"2": {"fail_after": 3}}), "b": mix(calls, "b")}
    found, bodies = measure_mix(targets, reps=5, budget_s=60)
    assert found["a"]["2"].error == "RuntimeError: down" and len(found["a"]["2"].samples) == 2
    assert calls.count("a2") == 4  # the warm-up, two timed answers, the failure, then never asked again
    assert bodies["a"]["2"] == b"a2"  # its last answer
    assert len(found["a"]["3"].samples) == 5 and len(found["b"]["2"].samples) == 5


def test_the_rounds_stop_once_past_the_budget() -> None:
    calls: list[str] = []
    found, _ = measure_mix({"a": mix(calls, "a", **{"1": {"pause": 0.02}})}, reps=50, budget_s=0.05, min_reps=3)
    assert len(found["a"]["1"].samples) == 3  # the minimum, then the budget is spent
