"""The demo loader's second process: builds the people's rows while the loader writes (``python -m
api.demo.worker``, started by ``api.demo.service``).

A fresh interpreter, not a fork: it shares no memory with the loader (a forked child kept copies of
every page the loader wrote afterwards: ~50 MB), holds no lock of the loader's threads, and its
memory is its own. Protocol over its standard streams: one pickled ``Job`` in on stdin, then frames
out on stdout, each an 8-byte big-endian length and a pickled ``ChunkRows`` (or the exception that
stopped it); a zero length ends the stream. The pipe's buffer keeps it at most about a chunk ahead.
"""

from __future__ import annotations

import os
import pickle
import struct
import sys
from dataclasses import dataclass
from typing import BinaryIO

from api.demo.inmates import DemoPopulation
from api.demo.rows import IdMaps, chunks
from matcher import heap

FRAME = struct.Struct(">Q")


@dataclass(frozen=True)
class Job:
    population: DemoPopulation
    count: int
    chunk_size: int
    ids: IdMaps
    seed: int
    sensitive: bool


def run(source: BinaryIO, sink: BinaryIO) -> None:
    """Read one ``Job`` from ``source`` and write its chunks to ``sink`` (see the module docstring),
    with the collector's bulk thresholds (``matcher.heap.bulk_thresholds``)."""
    try:
        with heap.bulk_thresholds():
            job: Job = pickle.load(source)  # noqa: S301 (written by the loader that started this process)
            for chunk in chunks(
                job.population, job.count, job.chunk_size, job.ids, seed=job.seed, sensitive=job.sensitive
            ):
                _frame(sink, pickle.dumps(chunk, protocol=pickle.HIGHEST_PROTOCOL))
    except BrokenPipeError:
        return  # the loader stopped reading (it failed or was cancelled): nothing to report to
    except Exception as exc:  # the loader raises it
        try:
            report = pickle.dumps(exc, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # an exception that does not pickle: its text
            report = pickle.dumps(RuntimeError(f"{type(exc).__name__}: {exc}"))
        _frame(sink, report)
    _frame(sink, b"")


def _frame(sink: BinaryIO, data: bytes) -> None:
    sink.write(FRAME.pack(len(data)))
    sink.write(data)
    sink.flush()


def _private_stdout() -> BinaryIO:
    """The frames' stream: the process's standard output, moved to a descriptor of its own, with
    fd 1 pointed at standard error, so nothing printed in this process (a library's warning, a
    profiler) can land between two frames."""
    sys.stdout.flush()
    sink = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    return sink


if __name__ == "__main__":
    run(sys.stdin.buffer, _private_stdout())
