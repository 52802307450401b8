"""Timing of repeated calls: medians, interleaved rounds over several targets, time budgets."""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx


@dataclass
class Timing:
    samples: list[float] = field(default_factory=list)  # seconds
    timeout: float | None = None  # the request did not finish within this many seconds
    error: str | None = None

    @property
    def median_ms(self) -> float | None:
        return statistics.median(self.samples) * 1000 if self.samples else None

    def cell(self) -> str:
        if self.timeout is not None:
            return f"> {self.timeout:g} s"
        if self.error is not None:
            return "error"
        return fmt_ms(self.median_ms)


def fmt_ms(ms: float | None) -> str:
    if ms is None:
        return "–"
    if ms >= 1000:
        return f"{ms:,.0f}"
    if ms >= 100:
        return f"{ms:.0f}"
    if ms >= 10:
        return f"{ms:.1f}"
    return f"{ms:.2f}"


class RequestTimeout(Exception):
    pass


def measure(fn: Callable[[], bytes], reps: int, warmup: int, budget_s: float, min_reps: int = 3
            ) -> tuple[Timing, bytes | None]:
    """Warm up, then time up to `reps` calls, stopping early (after min_reps) when the budget is spent."""
    timing, body = Timing(), None
    try:
        started = time.perf_counter()
        body = fn()
        first = time.perf_counter() - started
        for _ in range(warmup - 1 if first < 1.0 else 0):
            fn()
        begun = time.perf_counter()
        for i in range(reps):
            t0 = time.perf_counter()
            body = fn()
            timing.samples.append(time.perf_counter() - t0)
            if i + 1 >= min_reps and time.perf_counter() - begun > budget_s:
                break
    except RequestTimeout as exc:
        timing.timeout = float(str(exc))
    except (httpx.HTTPError, RuntimeError, OSError, ValueError) as exc:
        timing.error = f"{type(exc).__name__}: {exc}"
    return timing, body


def attempt(fn: Callable[[], bytes], timing: Timing) -> bytes | None:
    """fn's body, or None with the time-out or error noted in `timing`."""
    try:
        return fn()
    except RequestTimeout as exc:
        timing.timeout = float(str(exc))
    except (httpx.HTTPError, RuntimeError, OSError, ValueError) as exc:
        timing.error = f"{type(exc).__name__}: {exc}"
    return None


def measure_rounds(fns: dict[str, Callable[[], bytes]], reps: int, warmup: int, budget_s: float, min_reps: int = 3,
                   budgets: dict[str, float] | None = None) -> tuple[dict[str, Timing], dict[str, bytes | None]]:
    """Like `measure` for several ways of answering one query, interleaved: each round runs each way once, so
    that drift and noise on a shared machine fall on all of them alike. A way that fails is dropped; a way with
    its own budget in `budgets` leaves the rounds (after min_reps) once its timed runs add up to more."""
    timings = {name: Timing() for name in fns}
    bodies: dict[str, bytes | None] = {name: None for name in fns}
    live = dict(fns)
    own = budgets or {}

    def call(name: str) -> bytes | None:
        body = attempt(live[name], timings[name])
        if body is None:
            del live[name]
        return body

    for round_ in range(warmup):
        started = time.perf_counter()
        for name in list(live):
            body = call(name)
            if round_ == 0:
                bodies[name] = body
        if time.perf_counter() - started > len(fns):
            break  # slow query: one warm-up round is enough
    begun = time.perf_counter()
    for i in range(reps):
        for name in list(live):
            if i >= min_reps and name in own and sum(timings[name].samples) > own[name]:
                continue
            t0 = time.perf_counter()
            body = call(name)
            if body is not None:
                timings[name].samples.append(time.perf_counter() - t0)
                bodies[name] = body
        if i + 1 >= min_reps and time.perf_counter() - begun > budget_s:
            break
    return timings, bodies


def measure_mix(targets: dict[str, dict[str, Callable[[], bytes]]], reps: int, budget_s: float, min_reps: int = 3,
                budgets: dict[str, float] | None = None
                ) -> tuple[dict[str, dict[str, Timing]], dict[str, dict[str, bytes]]]:
    """Each target answers its whole mix in a row, the order of the targets and the query each target starts with
    turning by one each round (so that no query always comes first, after another target), for up to `reps` rounds
    (stopping once they pass `budget_s`, after min_reps), after one untimed pass of each target's mix: a request
    mostly follows the same target's previous one, of another query. A query that fails on a target is dropped
    there; one whose runs on a target with its own budget in `budgets` add up to more leaves the rounds (after
    min_reps). Returns the timings and each (target, query)'s last body."""
    timings = {name: {q: Timing() for q in fns} for name, fns in targets.items()}
    bodies: dict[str, dict[str, bytes]] = {name: {} for name in targets}
    live = {name: dict(fns) for name, fns in targets.items()}
    own, names = budgets or {}, list(targets)

    def run(name: str, q: str, fn: Callable[[], bytes]) -> bool:
        body = attempt(fn, timings[name][q])
        if body is None:
            del live[name][q]
            return False
        bodies[name][q] = body
        return True

    for name in names:  # the warm-up pass
        for q, fn in list(live[name].items()):
            run(name, q, fn)
    begun = time.perf_counter()
    for i in range(reps):
        for name in names[i % len(names):] + names[:i % len(names)]:
            mix = list(live[name].items())
            for q, fn in mix[i % len(mix):] + mix[:i % len(mix)] if mix else ():
                timing = timings[name][q]
                if len(timing.samples) >= min_reps and sum(timing.samples) > own.get(name, math.inf):
                    continue
                t0 = time.perf_counter()
                if run(name, q, fn):
                    timing.samples.append(time.perf_counter() - t0)
        if i + 1 >= min_reps and time.perf_counter() - begun > budget_s:
            break
    return timings, bodies


def geomean(values: list[float]) -> float | None:
    values = [x for x in values if x and x > 0]
    return math.exp(sum(math.log(x) for x in values) / len(values)) if values else None
