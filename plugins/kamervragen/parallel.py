"""Process pools for the two halves of a build that split by letter: parsing and writing.

Workers are forked (Linux): they start with the build's state as it is (settings, templates,
the letters' summaries) without pickling any of it, and only small results come back. Where
fork is not available, or with KAMERVRAGEN_WORKERS = 1, everything runs in the build's own
process, through the same functions, so a serial build and a parallel one write the same.

Parsing (`parse_ahead`): the letters the cache does not have are handed to the pool before
Pelican's reader asks for them; `LetterReader.read` then takes each result in turn (or
re-raises the worker's exception, so a bad letter is reported exactly as in a serial build).
A worker that dies (a crash in a native PDF library) breaks the pool: its letters are tried
again, the first one alone in a fresh process, so only a letter that kills its worker
again is reported ("the parser's process died"); the others are parsed as usual.

Writing (`produce`): units of output (see output.py) are produced in the pool in chunks;
each worker writes its units' files and returns what it wrote for the build's record.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import multiprocessing
import os
import pickle
import tempfile
import weakref
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any

from parsers import ParseError

logger = logging.getLogger(__name__)

# Fewer letters to parse (or units to write) than this: not worth starting processes.
PARALLEL_MIN = 16


def usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def workers_for(settings: dict[str, Any]) -> int:
    """KAMERVRAGEN_WORKERS, or every usable core; 1 where processes cannot be forked."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    wanted = settings.get("KAMERVRAGEN_WORKERS")
    return max(1, int(wanted)) if wanted else usable_cpus()


def _pool(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("fork"), initializer=_worker_start
    )


def _worker_start() -> None:
    # What the build held when the worker was forked is not the worker's garbage: kept out
    # of the collector's walks (which would also copy every page of it into the worker).
    gc.freeze()
    gc.enable()


@contextmanager
def gc_paused() -> Iterator[None]:
    """Python's cyclic collector off while a build makes its long-lived objects (100,000
    letters' views, groups, threads, keys, the output record: a third of a rebuild's time
    went to collections that found nothing to free); then what was made is frozen (kept out
    of later collections' walks, here and in workers forked later: the build holds it to
    the end, see `gc_release`) and the collector is on again, as it was."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def gc_release() -> None:
    """At the end of a build: what `gc_paused` froze may be collected again (a test
    process runs many builds)."""
    gc.unfreeze()


class Outcome:
    """A finished parse for `Future`-like consumption: the result or the exception."""

    def __init__(self, value: Any = None, error: BaseException | None = None) -> None:
        self.value = value
        self.error = error

    def result(self) -> Any:
        if self.error is not None:
            raise self.error
        return self.value


def parse_ahead(
    paths: list[str], parse: Callable[[str], Any], workers: int
) -> Iterator[tuple[str, Outcome]]:
    """(path, outcome) for every path, in order, parsed `workers` at a time.

    `parse` runs in the workers (it is inherited through fork, not pickled).
    """
    global _PARSE
    _PARSE = parse
    remaining = list(paths)
    while remaining:
        pool = _pool(workers)
        try:
            futures: list[Future[Any]] = [pool.submit(_parse_one, p) for p in remaining]
            for index, (path, future) in enumerate(zip(remaining, futures, strict=True)):
                try:
                    yield path, Outcome(future.result())
                except BrokenProcessPool:
                    # This letter's worker, or another's, died. Try this one alone; the rest
                    # go to a fresh pool.
                    yield path, _alone(path)
                    remaining = remaining[index + 1 :]
                    break
                except Exception as error:  # the parser's own error, raised in the worker
                    yield path, Outcome(error=error)
            else:
                remaining = []
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


def _alone(path: str) -> Outcome:
    pool = _pool(1)
    try:
        return Outcome(pool.submit(_parse_one, path).result())
    except BrokenProcessPool:
        return Outcome(error=ParseError("the parser's process died while reading this file"))
    except Exception as error:
        return Outcome(error=error)
    finally:
        pool.shutdown(wait=True)


_PARSE: Callable[[str], Any] | None = None


def _parse_one(path: str) -> Any:
    assert _PARSE is not None
    return _PARSE(path)


# --- work beside the build ------------------------------------------------------------------
def background(work: Callable[[], Any], workers: int) -> Callable[[], Any]:
    """Start `work()` in a forked process now; returns a function that waits for its
    result (the same result on every call; a failure in the process raised there as
    BackgroundError).

    For checks that only look at the disk (stats of files a build may keep), run on the
    second core while the build's own process does its share (at 100,000 letters each
    such check is hundreds of thousands of system calls). `work` must not change
    anything: it runs in a copy of the build. The process leaves as soon as it is done
    (its result waits in a file): while it lives, every page of the build's memory that
    the build's own process writes to (a reference count) is copied. (Even after, the
    build faults once on each page it writes: the cost of a fork of a large process,
    not measured apart; see README, "Rebuilds".) With one worker, or where processes
    cannot be forked, `work()` runs in this process when its result is first asked for.
    """
    done: list[Any] = []
    if workers <= 1 or not hasattr(os, "fork"):

        def inline() -> Any:
            if not done:
                done.append(work())
            return done[0]

        return inline
    handle, path = tempfile.mkstemp(prefix="kamervragen-background-")
    pid = os.fork()
    if pid == 0:  # the copy: work, leave the result, go (no atexit, no finalizers)
        code = 1
        try:
            gc.disable()  # a collection would write to (copy) every page it walks
            try:
                outcome: tuple[bool, Any] = (True, work())
            except BaseException as error:  # noqa: BLE001 - reported to the build
                outcome = (False, f"{type(error).__name__}: {error}")
            with open(handle, "wb") as out:
                pickle.dump(outcome, out, protocol=pickle.HIGHEST_PROTOCOL)
            code = 0
        finally:
            os._exit(code)
    os.close(handle)
    reaped: list[int] = []

    def reap() -> int:
        if not reaped:
            reaped.append(os.waitpid(pid, 0)[1])
        return reaped[0]

    def result() -> Any:
        if not done:
            try:
                status = reap()
                with open(path, "rb") as found:
                    ok, value = pickle.load(found) if status == 0 else (False, f"exit {status}")
            except (OSError, EOFError, pickle.UnpicklingError) as error:
                ok, value = False, str(error)
            finally:
                with contextlib.suppress(OSError):
                    os.remove(path)
            if not ok:
                raise BackgroundError(value)
            done.append(value)
        return done[0]

    # A result never asked for (the build failed before it): the process is waited for
    # and its file removed when the result's function goes.
    weakref.finalize(result, _forget, reap, path)
    return result


def _forget(reap: Callable[[], int], path: str) -> None:
    with contextlib.suppress(OSError, ChildProcessError):
        reap()
    with contextlib.suppress(OSError):
        os.remove(path)


class BackgroundError(RuntimeError):
    """Work started with `background` failed in its process."""


# --- writing -----------------------------------------------------------------------------
_PRODUCE: Callable[[int], Any] | None = None


def _produce_range(start: int, stop: int) -> list[Any]:
    assert _PRODUCE is not None
    return [_PRODUCE(i) for i in range(start, stop)]


def produce(count: int, produce_one: Callable[[int], Any], workers: int) -> Iterator[Any]:
    """produce_one(i) for i in range(count), in workers; results in order."""
    global _PRODUCE
    if workers <= 1 or count < PARALLEL_MIN:
        for i in range(count):
            yield produce_one(i)
        return
    _PRODUCE = produce_one
    chunk = max(1, min(64, count // (workers * 8)))
    pool = _pool(workers)
    try:
        futures = [
            pool.submit(_produce_range, start, min(count, start + chunk))
            for start in range(0, count, chunk)
        ]
        for future in futures:
            yield from future.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        _PRODUCE = None
