"""`python -m evaluation.owner_tagger`: train the owner tagger (`assistant.understanding.owner_model`) from the
tuned dialogue sets and write its weights into the package; `--check` reports, set by set, how often a tagger
trained on the other sets finds the owner of an answer it never saw, and how often it names someone where the
answer names no one. The sets marked never tuned on (`dialogue_eval.NEVER_TUNED`) are never read here."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from assistant.understanding.normalize import normalize_answer
from assistant.understanding.owner_model import DIMENSION, WEIGHTS, features, hashed, probabilities, spans, tokens
from evaluation.dialogue_eval import NEVER_TUNED, SETS, owner_matches

OUT = Path(__file__).resolve().parent.parent / "assistant" / "resources" / WEIGHTS
CONFIDENCE = 0.8


def tuned_paths() -> list[Path]:
    """The dialogue sets the tagger learns from: every set but those never tuned on."""
    return [p for p in sorted(SETS.glob("*.yaml")) if p.stem not in NEVER_TUNED]


def _found(text: str, option: str) -> list[tuple[int, int]]:
    words = re.sub(r"^(?:the|our)\s+", "", option.strip(), flags=re.IGNORECASE).split()
    pattern = r"(?<!\w)" + r"\s*".join(re.escape(w) for w in words) + r"(?!\w)"
    return [m.span() for m in re.finditer(pattern, text, re.IGNORECASE)]


def _owner_spans(text: str, owner: str | list[str]) -> list[tuple[int, int]] | None:
    options = owner if isinstance(owner, list) else [owner]
    for option in sorted(options, key=len, reverse=True):
        found = _found(text, option)
        if found:
            return [found[0]]
    parts = [p for p in re.split(r"\s*(?:,|\band\b|&|\+)\s*", options[0]) if p.strip()]
    each = [_found(text, part) for part in parts]
    return [found[0] for found in each] if each and all(each) else None


def examples(paths: list[Path]) -> list[dict[str, Any]]:
    """Each action answer of the sets, its words labelled 1 where they name an owner the planner recorded."""
    out = []
    for path in paths:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for spec in data["sessions"]:
            for turn in spec["turns"]:
                if turn.get("kind", "action") != "action":
                    continue
                text = normalize_answer(turn["answer"])
                owners = [action.get("owner") for action in turn.get("actions") or []]
                marked: list[tuple[int, int]] = []
                for owner in owners:
                    found = _owner_spans(text, owner) if owner is not None else []
                    if found is None:
                        break  # an owner not said in the answer's words: nothing to learn from
                    marked += found
                else:
                    toks = tokens(text)
                    labels = [int(any(a <= s and e <= b for a, b in marked)) for _, s, e in toks]
                    out.append({"set": path.stem, "text": text, "toks": toks, "labels": labels, "owners": owners})
    return out


def train(data: list[dict[str, Any]], epochs: int = 5, rate: float = 0.2, seed: int = 0) -> np.ndarray:
    """Logistic regression over hashed features, one word at a time (AdaGrad)."""
    weights = np.zeros(DIMENSION, dtype=np.float32)
    squares = np.full(DIMENSION, 1e-3, dtype=np.float32)
    rows = [(hashed(features(e["toks"], i)), y) for e in data for i, y in enumerate(e["labels"])]
    order = np.random.default_rng(seed)
    for _ in range(epochs):
        for j in order.permutation(len(rows)):
            index, label = rows[j]
            step = float(1 / (1 + np.exp(-weights[index].sum()))) - label
            squares[index] += step * step
            weights[index] -= rate * step / np.sqrt(squares[index]) + 1e-6 * weights[index]
    return weights


def check(data: list[dict[str, Any]]) -> None:
    """Leave one set out: train on the others, read the one left out."""
    totals = [0, 0, 0, 0]
    for name in sorted({e["set"] for e in data}):
        weights = train([e for e in data if e["set"] != name])
        named = right = unnamed = wrongly = 0
        for e in (e for e in data if e["set"] == name):
            found = [s for s in spans(e["toks"], probabilities(weights, e["toks"])) if s.score >= CONFIDENCE]
            best = max(found, key=lambda s: s.score) if found else None
            got = e["text"][best.start : best.end] if best else None
            if e["owners"] and e["owners"][0] is not None:
                named += 1
                right += bool(got) and owner_matches(e["owners"][0], got, None)
            elif not any(e["owners"]):
                unnamed += 1
                wrongly += got is not None
        totals = [t + v for t, v in zip(totals, (named, right, unnamed, wrongly), strict=True)]
        print(f"{name:8} owner found {right}/{named}, someone named where no one is {wrongly}/{unnamed}")
    named, right, unnamed, wrongly = totals
    print(
        f"{'all':8} owner found {right}/{named} ({right / named:.0%}), "
        f"someone named where no one is {wrongly}/{unnamed} ({wrongly / unnamed:.0%})"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="leave-one-set-out figures instead of training")
    args = parser.parse_args(argv)
    paths = tuned_paths()
    data = examples(paths)
    if args.check:
        check(data)
        return 0
    weights = train(data)
    kept = np.flatnonzero(np.abs(weights) > 1e-4)
    np.savez_compressed(OUT, index=kept.astype(np.int32), value=weights[kept].astype(np.float16))
    print(f"{len(data)} answers from {len(paths)} sets; {len(kept)} weights written to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
