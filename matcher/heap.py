"""Keep the long-lived heap out of the garbage collector's full collections.

A process that serves queries holds a large heap that lives as long as it does: the model, the
imported modules, the reference statistics and the matcher's caches. CPython's full collections
walk every tracked object each time: with the model loaded that is ~510,000 objects and one full
collection took 300-355 ms inside a query on the 30,000-profile benchmark (64-85 ms with the heap
frozen; issue 17, 2nd pass, measured with ``gc.callbacks``). ``settle`` collects once, then moves every
object alive to the permanent generation (``gc.freeze``), so later collections walk only what was
made since. Frozen objects are still freed by reference counting when their last reference goes.

``settle(full=True)`` (start-up, ``api.app`` lifespan, when it loaded the model itself) first runs a
full collection, so no garbage is frozen; it walks the whole heap (~0.35 s with the model loaded).
``settle()`` (after each reference fit, ``Matcher.reference``, once per day per process, in the
request that fitted it) collects only the young generations and freezes: it costs about nothing,
and a reference cycle that was already garbage in the oldest generation then stays until the
process ends (the reference and the caches hold none: they are freed by reference counting).

Both also set the serving thresholds (``SERVING_THRESHOLDS``). With CPython's default (700, 10, 10)
a query (~2,400 container objects that outlive it: rows, records, cached documents) ran 3.5
young collections, and every 10 middle ones a full one walked everything made since the freeze
(the caches filling: 60-80 ms each). 300 queries at 300,000 profiles (issue 17, 6th pass,
``gc.callbacks``): 1,042 / 94 / 7 collections, 0.49 s, against 40 / 2 / 0 and 0.14 s with
(10,000, 20, 100); the mean query 39.5 -> 37.4 ms and p95 46.2 -> 44.0 ms (two runs each). Young
cycles (asyncio's) are still found by the first two generations.

``bulk_thresholds`` gives a bulk job (the demo load, ``api.demo``: from the command line, in the
benchmark or in a serving process) at least the same thresholds while it runs. Its rows are young
containers that stay alive for a chunk, so with CPython's default every middle collection found
them again and every tenth walked the whole heap: loading 300,000 people in a process that had
imported the matcher spent 5.6 s of its 11.5 s of CPU in 8,432 collections (40 full ones, up to
147 ms each; ``gc.callbacks``, issue 17, 7th pass), against 1.0 s in 401 and none full.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

SERVING_THRESHOLDS = (10_000, 20, 100)


def settle(*, full: bool = False) -> None:
    """Collect (the young generations, or everything with ``full``), then freeze what survives and
    set the serving thresholds."""
    if full:
        gc.unfreeze()
        gc.collect()
    else:
        gc.collect(1)
    gc.freeze()
    gc.set_threshold(*SERVING_THRESHOLDS)


@contextmanager
def bulk_thresholds() -> Iterator[None]:
    """At least the serving thresholds while the block runs (each generation's, the larger); the
    thresholds it found are restored after it."""
    before = gc.get_threshold()
    gc.set_threshold(*(max(a, b) for a, b in zip(before, SERVING_THRESHOLDS, strict=True)))
    try:
        yield
    finally:
        gc.set_threshold(*before)
