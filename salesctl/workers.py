"""Both cores for a cold load (issue 16 item 4): many files to parse are shared with worker processes.

Parsing is a pure function of a file's path and bytes (loader.parse_file), so a worker process can
read and parse its share of the files while this process parses its own. A worker sends its results
back in the cache's own encoding (salesctl.cache.encode_parsed: msgspec JSON typed by the schema,
several times faster than pickling the records), and the loader takes them as it takes files from
the cache. Only a working tree's files are shared (a git revision's are read through git), and only
when there are at least MIN_FILES to parse: below that a worker costs more than it saves.

A share that cannot be parsed in a worker (no fork on this system, the worker died, a file the worker
could not read) is parsed here, one file after another, exactly as without workers: the result is the
same either way. SALESCTL_JOBS=N sets how many processes parse (1: this one only); by default as many
as the cores this process may run on.
"""
from __future__ import annotations

import os
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Callable

from salesctl import cache

ENV = "SALESCTL_JOBS"
MIN_FILES = 5000            # files to parse before a worker pays for itself (the demo's 1,778: it does not)


def jobs() -> int:
    """How many processes parse a cold load: SALESCTL_JOBS, else the cores this process may use."""
    raw = os.environ.get(ENV, "").strip()
    if raw.isdigit() and int(raw) > 0:
        return int(raw)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


class Shares:
    """The files to parse, shared out: `mine` this process parses; `results()` waits for the workers
    and gives {path: cache.Entry} of theirs (a path missing from it: parse it here)."""

    def __init__(self, mine: list[str], theirs: list[str] = (), futures: list[Future] = (), executor=None):
        self.mine, self.theirs, self._futures, self._executor = mine, list(theirs), list(futures), executor

    def results(self) -> dict:
        out = {}
        for f in self._futures:
            try:
                data = f.result()
                for e in cache.decode_parsed(data):
                    out[e.path] = e
            except Exception:   # a worker that died or sent what cannot be read: its files are parsed here
                continue
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
        return out


def share(source, paths: list[str], parse: Callable) -> Shares:
    """Share out `paths` of a working tree `source` between this process and jobs()-1 workers, each
    reading and parsing with `parse(path, data)`; every path is this process's when they are few."""
    from salesctl.source import WorkTree

    n = jobs()
    if n < 2 or len(paths) < MIN_FILES or type(source) is not WorkTree:
        return Shares(list(paths))
    n = min(n, 8)
    parts = [paths[i::n] for i in range(n)]   # interleaved: each gets files of every kind
    try:
        import multiprocessing

        executor = ProcessPoolExecutor(max_workers=n - 1, mp_context=multiprocessing.get_context("fork"))
        futures = [executor.submit(_parse_part, source, part, parse) for part in parts[1:]]
    except (OSError, ValueError, RuntimeError, ImportError):   # no fork here, no processes left
        return Shares(list(paths))
    return Shares(parts[0], [p for part in parts[1:] for p in part], futures, executor)


def _parse_part(source, paths: list[str], parse: Callable) -> bytes:
    """In a worker: read and parse each file, send back what the cache would keep of it. A file it
    cannot read, and the policy and state files (not plain data), are left for the parent."""
    out = []
    for path in paths:
        try:
            data = source.read(path)
        except Exception:
            continue
        fr = parse(path, data)
        if fr.kind not in cache.NOT_CACHED:
            out.append(fr)
    return cache.encode_parsed(out)
