"""The one rate limiter: an in-process token bucket per key (a client address).

Used for the public verify pages (30 requests, then one every 2 s) and for anonymous forms such as
partner applications (10, then one every 30 s). Built once in ``api.app.create_app``; tests pass
their own clock. Sign-in itself is throttled in the database (``api.partners.service``: failures
only, shared by every worker, checked and counted atomically before any password is hashed).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable


class TokenBucket:
    """``capacity`` requests per key, refilled at ``rate`` tokens per second; at most
    ``max_clients`` keys are remembered (the longest idle are forgotten first)."""

    def __init__(
        self,
        capacity: int = 30,
        rate: float = 0.5,
        *,
        max_clients: int = 10_000,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        self.capacity = capacity
        self.rate = rate
        self.max_clients = max_clients
        self.now = now
        self.buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def take(self, key: str) -> float:
        """0 when the request may go ahead (a token is used), else seconds until one is free."""
        t = self.now()
        tokens, last = self.buckets.pop(key, (float(self.capacity), t))
        tokens = min(float(self.capacity), tokens + (t - last) * self.rate)
        wait = 0.0
        if tokens >= 1:
            tokens -= 1
        else:
            wait = (1 - tokens) / self.rate
        self.buckets[key] = (tokens, t)
        while len(self.buckets) > self.max_clients:
            self.buckets.popitem(last=False)
        return wait

    def allow(self, key: str) -> bool:
        return self.take(key) <= 0


def verify_limiter() -> TokenBucket:
    return TokenBucket(capacity=30, rate=0.5)


def sign_in_limiter() -> TokenBucket:
    return TokenBucket(capacity=10, rate=10 / 300)
