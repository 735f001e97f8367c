"""`python -m evaluation.learned_readers`: train the reading's two small models from the tuned dialogue sets and
write their weights into the package: the owner tagger (`assistant.understanding.owner_model`) and the answer-kind
model (`assistant.understanding.kind_model`, a question back or unsure answer rather than work). `--check` reports,
set by set, how each does on a set it was not trained on. The sets never tuned on (`dialogue_eval.NEVER_TUNED`)
are never read here."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

import yaml

from assistant.understanding import kind_model, owner_model
from assistant.understanding.learned import hashed, likelihood, save, train
from assistant.understanding.normalize import normalize_answer
from assistant.understanding.owner_model import features, probabilities, spans, tokens
from evaluation.dialogue_eval import NEVER_TUNED, SETS, owner_matches

RESOURCES = Path(__file__).resolve().parent.parent / "assistant" / "resources"
CONFIDENCE = owner_model.CONFIDENCE


def tuned_paths() -> list[Path]:
    """The dialogue sets the models learn from: every set but those never tuned on."""
    return [p for p in sorted(SETS.glob("*.yaml")) if p.stem not in NEVER_TUNED]


def _turns(paths: list[Path]) -> list[tuple[str, dict[str, Any]]]:
    out = []
    for path in paths:
        for spec in yaml.safe_load(path.read_text(encoding="utf-8"))["sessions"]:
            out += [(path.stem, turn) for turn in spec["turns"]]
    return out


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


def owner_examples(paths: list[Path]) -> list[dict[str, Any]]:
    """Each action answer, its words labelled 1 where they name an owner the planner recorded."""
    out = []
    for name, turn in _turns(paths):
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
            out.append({"set": name, "text": text, "toks": toks, "labels": labels, "owners": owners})
    return out


def kind_examples(paths: list[Path]) -> list[dict[str, Any]]:
    """Each answer, 1 for a question back or an unsure answer, 0 for work."""
    return [
        {"set": name, "text": turn["answer"], "label": int(turn.get("kind", "action") != "action")}
        for name, turn in _turns(paths)
    ]


def train_owner(data: list[dict[str, Any]]) -> Any:
    rows = []
    for e in data:
        words = [t[0] for t in e["toks"]]
        rows += [(hashed(features(words, i)), y) for i, y in enumerate(e["labels"])]
    return train(rows, epochs=5)


def train_kind(data: list[dict[str, Any]]) -> Any:
    return train([(hashed(kind_model.features(e["text"])), e["label"]) for e in data], epochs=8)


def check(owners: list[dict[str, Any]], kinds: list[dict[str, Any]]) -> None:
    """Leave one set out: train on the others, read the one left out."""
    sums = [0] * 8
    for name in sorted({e["set"] for e in owners}):
        tagger = train_owner([e for e in owners if e["set"] != name])
        sorter = train_kind([e for e in kinds if e["set"] != name])
        named = right = unnamed = wrongly = 0
        for e in (e for e in owners if e["set"] == name):
            found = [s for s in spans(e["toks"], probabilities(tagger, e["toks"])) if s.score >= CONFIDENCE]
            best = max(found, key=lambda s: s.score) if found else None
            got = e["text"][best.start : best.end] if best else None
            if e["owners"] and e["owners"][0] is not None:
                named, right = named + 1, right + (bool(got) and owner_matches(e["owners"][0], got, None))
            elif not any(e["owners"]):
                unnamed, wrongly = unnamed + 1, wrongly + (got is not None)
        asked = caught = work = taken = 0
        for e in (e for e in kinds if e["set"] == name):
            sure = likelihood(sorter, kind_model.features(e["text"])) >= kind_model.SURE
            if e["label"]:
                asked, caught = asked + 1, caught + sure
            else:
                work, taken = work + 1, taken + sure
        row = (named, right, unnamed, wrongly, asked, caught, work, taken)
        sums = [a + b for a, b in zip(sums, row, strict=True)]
        print(
            f"{name:8} owner found {right}/{named}, someone named where no one is {wrongly}/{unnamed}; "
            f"questions caught {caught}/{asked}, work taken for a question {taken}/{work}"
        )
    named, right, unnamed, wrongly, asked, caught, work, taken = sums
    print(
        f"{'all':8} owner found {right}/{named} ({right / named:.0%}), someone named where no one is "
        f"{wrongly}/{unnamed} ({wrongly / unnamed:.0%}); questions caught {caught}/{asked} ({caught / asked:.0%}), "
        f"work taken for a question {taken}/{work} ({taken / work:.1%})"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="leave-one-set-out figures instead of training")
    args = parser.parse_args(argv)
    paths = tuned_paths()
    owners, kinds = owner_examples(paths), kind_examples(paths)
    if args.check:
        check(owners, kinds)
        return 0
    n = save(str(RESOURCES / owner_model.WEIGHTS), train_owner(owners))
    m = save(str(RESOURCES / kind_model.WEIGHTS), train_kind(kinds))
    print(
        f"{len(paths)} sets: the owner tagger from {len(owners)} answers ({n} weights) and the answer-kind model "
        f"from {len(kinds)} answers ({m} weights), written to {RESOURCES}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
