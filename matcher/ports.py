"""Interfaces the matcher needs from the outside world, defined by their user."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors, one row per text.

    ``matcher.embedding.Encoder`` is the production implementation; unit tests may
    pass a tiny fake. Implementations should cache: the scorer asks for the same
    short texts (skills, unit titles, requirements) many times.
    """

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...
