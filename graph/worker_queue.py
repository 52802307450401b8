"""IdleWorkers: the idle query workers of a pool, handed out first come, first served to threads and coroutines
(idle items the pool prefers, its in-memory workers, are handed out before the others).

The HTTP route waits for a worker on the event loop (no thread per waiting request) while other callers (the CLI,
the benchmark, the background respawn) use threads; one lock and one FIFO of waiters serve both.
"""

from __future__ import annotations

import asyncio
import queue
import threading
from collections import deque
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class _Waiter(Generic[T]):
    """One caller waiting for an item: a thread (an Event) or a coroutine (a future on its loop)."""

    def __init__(self, loop: asyncio.AbstractEventLoop | None) -> None:
        self.loop = loop
        self.future: asyncio.Future[None] | None = loop.create_future() if loop is not None else None
        self.event = threading.Event() if loop is None else None
        self.item: T | None = None
        self.given = False

    def give(self, item: T) -> None:
        """Hand over an item (called with the queue's lock held) and wake the waiter."""
        self.item, self.given = item, True
        if self.event is not None:
            self.event.set()
        else:
            assert self.loop is not None and self.future is not None
            self.loop.call_soon_threadsafe(_wake, self.future)


def _wake(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


class IdleWorkers(Generic[T]):
    """A FIFO of idle items with timed, fair waits from threads (`get`) and coroutines (`get_async`); items for
    which `first` is true go to the head of the idle line."""

    def __init__(self, first: Callable[[T], bool] | None = None) -> None:
        self._first = first
        self._lock = threading.Lock()
        self._idle: deque[T] = deque()
        self._waiters: deque[_Waiter[T]] = deque()

    def put(self, item: T) -> None:
        """Give the item to the longest waiting caller, or keep it idle (preferred items at the head of the line)."""
        with self._lock:
            if self._waiters:
                self._waiters.popleft().give(item)
            elif self._first is not None and self._first(item):
                self._idle.appendleft(item)
            else:
                self._idle.append(item)

    def get_nowait(self) -> T:
        """An idle item now; queue.Empty when there is none."""
        with self._lock:
            if not self._idle:
                raise queue.Empty
            return self._idle.popleft()

    def get(self, timeout: float) -> T:
        """An idle item, waiting up to `timeout` seconds in this thread; queue.Empty after that."""
        waiter = self._enqueue(None)
        if isinstance(waiter, _Waiter):
            assert waiter.event is not None
            waiter.event.wait(timeout)
            return self._collect(waiter)
        return waiter

    async def get_async(self, timeout: float) -> T:
        """An idle item, waiting up to `timeout` seconds on the running loop; queue.Empty after that."""
        waiter = self._enqueue(asyncio.get_running_loop())
        if not isinstance(waiter, _Waiter):
            return waiter
        assert waiter.future is not None
        try:
            await asyncio.wait_for(waiter.future, timeout)
        except TimeoutError:
            pass  # _collect: queue.Empty, unless an item was handed over just now
        except BaseException:  # cancelled: leave the line, passing on an item handed over meanwhile
            item = self._withdraw(waiter)
            if item is not None:
                self.put(item)
            raise
        return self._collect(waiter)

    def _enqueue(self, loop: asyncio.AbstractEventLoop | None) -> T | _Waiter[T]:
        """An idle item at once, or a new waiter at the end of the line."""
        with self._lock:
            if self._idle:
                return self._idle.popleft()
            waiter: _Waiter[T] = _Waiter(loop)
            self._waiters.append(waiter)
            return waiter

    def _withdraw(self, waiter: _Waiter[T]) -> T | None:
        """Leave the line; the item if one was handed over meanwhile."""
        with self._lock:
            if waiter.given:
                return waiter.item
            self._waiters.remove(waiter)
            return None

    def _collect(self, waiter: _Waiter[T]) -> T:
        """The item handed to a waiter, or queue.Empty (leaving the line) if none came."""
        item = self._withdraw(waiter)
        if item is None:
            raise queue.Empty
        return item

    def drain(self) -> list[T]:
        """Take every idle item (to stop them)."""
        with self._lock:
            items = list(self._idle)
            self._idle.clear()
            return items
