"""The small models the reading learns from answers teams typed: hashed features, logistic weights shipped with the
package (`python -m evaluation.learned_readers` trains them from the tuned dialogue sets only)."""

from __future__ import annotations

import zlib
from functools import cache
from importlib import resources

import numpy as np

DIMENSION = 1 << 18


def hashed(names: list[str]) -> np.ndarray:
    return np.array([zlib.crc32(name.encode()) % DIMENSION for name in names], dtype=np.int64)


def likelihood(weights: np.ndarray, names: list[str]) -> float:
    return float(1 / (1 + np.exp(-weights[hashed(names)].sum())))


@cache
def weights(name: str) -> np.ndarray | None:
    """The weights shipped as `assistant/resources/<name>`; None when the package holds none."""
    try:
        with resources.files("assistant.resources").joinpath(name).open("rb") as handle, np.load(handle) as saved:
            out = np.zeros(DIMENSION, dtype=np.float32)
            out[saved["index"]] = saved["value"].astype(np.float32)
            return out
    except (FileNotFoundError, OSError, KeyError, ValueError):
        return None  # no weights shipped: the rules alone read the answer


def save(path: str, trained: np.ndarray) -> int:
    """Writes the weights that matter, compactly; returns how many."""
    kept = np.flatnonzero(np.abs(trained) > 1e-4)
    np.savez_compressed(path, index=kept.astype(np.int32), value=trained[kept].astype(np.float16))
    return len(kept)


def train(rows: list[tuple[np.ndarray, int]], epochs: int, rate: float = 0.2, seed: int = 0) -> np.ndarray:
    """Logistic regression over hashed features (AdaGrad), rows of (feature indices, label)."""
    trained = np.zeros(DIMENSION, dtype=np.float32)
    squares = np.full(DIMENSION, 1e-3, dtype=np.float32)
    order = np.random.default_rng(seed)
    for _ in range(epochs):
        for j in order.permutation(len(rows)):
            index, label = rows[j]
            step = float(1 / (1 + np.exp(-trained[index].sum()))) - label
            squares[index] += step * step
            trained[index] -= rate * step / np.sqrt(squares[index]) + 1e-6 * trained[index]
    return trained
