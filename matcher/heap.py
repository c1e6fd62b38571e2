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
"""

from __future__ import annotations

import gc


def settle(*, full: bool = False) -> None:
    """Collect (the young generations, or everything with ``full``), then freeze what survives."""
    if full:
        gc.unfreeze()
        gc.collect()
    else:
        gc.collect(1)
    gc.freeze()
