"""One BLAS thread for re-ranking.

Re-ranking multiplies small matrices (a vacancy's ten requirements by a pool's few hundred items).
OpenBLAS splits even those over every core and its threads spin while they wait: on the 2-core
machine of the benchmark, with two uvicorn workers or anything else running, a 10 x 800 by 800 x 512
product took 65 ms with 2 BLAS threads and 1.4 ms with one (``bench/scale.py``, issue 17). A query
is served by one worker; parallelism comes from the workers, so re-ranking runs with one BLAS
thread. The model (encoding) keeps its own threads: the limit holds only inside ``one_blas_thread``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_lock = threading.Lock()
_controller: Any = None
_depth = 0


def _blas() -> Any:
    global _controller
    if _controller is None:
        from threadpoolctl import ThreadpoolController  # type: ignore[import-untyped]

        _controller = ThreadpoolController()
    return _controller


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """Run the block with BLAS limited to one thread (re-entrant; the previous limit comes back)."""
    global _depth
    with _lock:
        _depth += 1
        outer = _depth == 1
    if not outer:
        try:
            yield
        finally:
            with _lock:
                _depth -= 1
        return
    try:
        limit = _blas().limit(limits=1, user_api="blas")
    except Exception:  # no BLAS found (or threadpoolctl cannot read it): nothing to limit
        limit = None
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
        if limit is not None:
            limit.restore_original_limits()
