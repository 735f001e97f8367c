"""`cip-assistant eval`: Recall@5, MRR@5, nDCG@10 and first-sentence answers for our retriever, BM25 alone and
the stock LangChain recipe.

All three run in one process over the bundled knowledge base, indexed into a temporary directory, so the numbers
do not depend on what a district has added. Every figure is also given for two parts of the gold set: the part
ranking is tuned on, and a fixed third (chosen by a hash of the question's id) that tuning never looks at.
"""

from __future__ import annotations

import hashlib
import statistics
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from assistant import resources
from assistant.config import Settings
from assistant.errors import InputError
from evaluation.metrics import answers_first, first_sentence, matched_ranks, mrr_at, ndcg_at, recall_at

GOLD = resources.shipped_path("gold.yaml", package="evaluation")
# Questions written from the documents alone by someone who never saw the ranking: no weight is chosen on them and
# their misses are never listed, so their figures say how the ranking does on questions nobody tuned to.
BLIND = resources.shipped_path("gold_blind.yaml", package="evaluation")
DEPTH = 10

Search = Callable[[str], list[str]]
# The answer a system gives to a question; the check reads its first sentence.
Respond = Callable[[str], str]
PARTS = ("tuned", "untouched")


def part(question_id: str) -> str:
    """'untouched' for a fixed third of the gold set (by a hash of the id) that no tuning looks at."""
    return "untouched" if int(hashlib.sha256(question_id.encode()).hexdigest(), 16) % 3 == 0 else "tuned"


def load_gold(path: Path | None = None) -> list[dict[str, Any]]:
    """The questions of a gold set; a file that is not one is said in one sentence (InputError)."""
    source = path or GOLD
    try:
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise InputError(
            f"{source} cannot be read as a gold set ({type(exc).__name__}); give a YAML list of questions."
        ) from exc
    if not isinstance(data, list) or not data:
        raise InputError(f"{source} holds no questions; a gold set is a YAML list of questions with their answers.")
    return data


def top_first_sentence(search: Search) -> Respond:
    """A system without answer composition answers with its best passage, so its first sentence is that one's."""

    def respond(question: str) -> str:
        texts = search(question)
        return first_sentence(texts[0]) if texts else ""

    return respond


METRICS = ("recall@5", "mrr@5", "ndcg@10", "first_sentence")


def score(search: Search, gold: list[dict[str, Any]], respond: Respond | None = None) -> dict[str, Any]:
    """Retrieval metrics, and how often the answer's first sentence holds a gold phrase (`first_sentence`)."""
    respond = respond or top_first_sentence(search)
    rows = []
    for item in gold:
        ranks = matched_ranks(search(item["question"]), item["answers"])
        phrases = item.get("first_sentence") or item["answers"]
        rows.append(
            {
                "id": item["id"],
                "style": item.get("style", ""),
                "part": part(item["id"]),
                "ranks": ranks,
                "recall@5": recall_at(ranks, 5),
                "mrr@5": mrr_at(ranks, 5),
                "ndcg@10": ndcg_at(ranks, DEPTH),
                "first_sentence": float(answers_first(respond(item["question"]), phrases)),
            }
        )

    def mean(key: str, subset: list[dict[str, Any]]) -> float:
        return round(statistics.fmean(r[key] for r in subset), 4) if subset else 0.0

    out: dict[str, Any] = {m: mean(m, rows) for m in METRICS}
    for style in ("user", "document"):
        subset = [r for r in rows if r["style"] == style]
        out[f"{style}_recall@5"] = mean("recall@5", subset)
        out[f"{style}_mrr@5"] = mean("mrr@5", subset)
    for name in PARTS:
        subset = [r for r in rows if r["part"] == name]
        out[name] = {"questions": len(subset), **{m: mean(m, subset) for m in METRICS}}
    out["misses"] = [r["id"] for r in rows if r["recall@5"] < 1.0]
    out["not_first"] = [r["id"] for r in rows if r["first_sentence"] < 1.0]
    return out


def ours(settings: Settings) -> tuple[Search, float, Any]:
    from assistant.retrieval.indexer import build_index
    from assistant.retrieval.retriever import Retriever

    build_index(settings)
    retriever = Retriever(settings)
    length = statistics.fmean(len(p.text) for p in retriever.passages)
    return (lambda q: [h.text for h in retriever.search(q, DEPTH)]), length, retriever


def our_answers(retriever: Any) -> Respond:
    from assistant.generators.ask import answer

    return lambda question: first_sentence(answer(retriever, question).answer)


def bm25_only(retriever: Any) -> Search:
    from assistant.retrieval.bm25 import BM25
    from assistant.retrieval.indexer import embedding_text

    passages = retriever.passages
    bm25 = BM25([embedding_text(p) for p in passages])

    def search(query: str) -> list[str]:
        scores = bm25.scores(query)
        order = sorted(range(len(passages)), key=lambda i: -scores[i])[:DEPTH]
        return [passages[i].text for i in order]

    return search


def langchain_recipe(settings: Settings, embedder: Any) -> tuple[Search, float]:
    """RecursiveCharacterTextSplitter(1000, 200) over the raw files, the same embedding model, Chroma."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    from langchain_chroma import Chroma
    from langchain_core.documents import Document
    from langchain_core.embeddings import Embeddings
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    class SameModel(Embeddings):
        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            return list(embedder.embed(texts))

        def embed_query(self, text: str) -> list[float]:
            return list(embedder.embed_query(text))

    splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
    docs = [
        Document(page_content=path.read_text(encoding="utf-8"), metadata={"source": path.name})
        for path in sorted(settings.sources_dir.glob("*.txt"))
    ]
    chunks = splitter.split_documents(docs)
    client = chromadb.EphemeralClient(settings=ChromaSettings(anonymized_telemetry=False))
    store = Chroma.from_documents(chunks, SameModel(), client=client, collection_name="baseline")
    length = statistics.fmean(len(c.page_content) for c in chunks)
    return (lambda q: [d.page_content for d in store.similarity_search(q, k=DEPTH)]), length


def run_evaluation(gold_path: Path | None = None, progress: bool = True) -> dict[str, Any]:
    gold = load_gold(gold_path)
    blind = load_gold(BLIND)
    with tempfile.TemporaryDirectory(prefix="cip-eval-") as home:
        settings = Settings(home=Path(home))
        search, our_length, retriever = ours(settings)
        lc_search, lc_length = langchain_recipe(settings, retriever.embedder)
        results = {
            "questions": len(gold),
            "user_phrased": sum(1 for g in gold if g.get("style") == "user"),
            "blind_questions": len(blind),
            "systems": {
                "ours (hybrid)": {
                    **score(search, gold, our_answers(retriever)),
                    "blind": _figures(score(search, blind, our_answers(retriever))),
                    "avg_chars": round(our_length),
                },
                "bm25 only": {
                    **score(bm25_only(retriever), gold),
                    "blind": _figures(score(bm25_only(retriever), blind)),
                    "avg_chars": round(our_length),
                },
                "langchain recipe": {
                    **score(lc_search, gold),
                    "blind": _figures(score(lc_search, blind)),
                    "avg_chars": round(lc_length),
                },
            },
        }
    if progress:
        print_table(results)
    return results


def _figures(scored: dict[str, Any]) -> dict[str, Any]:
    """The blind set's figures without the list of its misses."""
    return {m: scored[m] for m in METRICS}


def print_table(results: dict[str, Any]) -> None:
    print(
        f"{results['questions']} questions ({results['user_phrased']} in a user's own words); "
        f"'blind' is another {results['blind_questions']} that no weight was chosen on\n"
    )
    header = (
        f"{'system':<18} {'part':<10} {'Recall@5':>9} {'MRR@5':>7} {'nDCG@10':>8} {'1st sent.':>9} {'avg chars':>10}"
    )
    print(header)
    print("-" * len(header))
    for name, row in results["systems"].items():
        for label, figures in (("all", row), *((p, row[p]) for p in (*PARTS, "blind"))):
            print(
                f"{name:<18} {label:<10} {figures['recall@5']:>9.3f} {figures['mrr@5']:>7.3f} "
                f"{figures['ndcg@10']:>8.3f} {figures['first_sentence']:>9.1%} {row['avg_chars']:>10}"
            )
    ours = results["systems"]["ours (hybrid)"]
    if ours["misses"]:
        print(f"\nours missed (Recall@5 < 1): {', '.join(ours['misses'])}")
    if ours["not_first"]:
        print(f"first sentence without a gold phrase: {', '.join(ours['not_first'])}")


if __name__ == "__main__":
    run_evaluation()
