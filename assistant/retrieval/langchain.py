"""The retriever as a LangChain `BaseRetriever`, for chains and the optional LLM backend."""

from __future__ import annotations

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from assistant.models import Driver, PassageKind
from assistant.retrieval.retriever import Retriever


class CIPRetriever(BaseRetriever):
    """Hybrid retrieval over the CIP knowledge base; metadata carries the citation fields."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    retriever: Retriever
    k: int = 5
    drivers: set[Driver] | None = None
    kinds: set[PassageKind] | None = None

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        hits = self.retriever.search(query, self.k, drivers=self.drivers, kinds=self.kinds)
        return [
            Document(
                page_content=hit.text,
                id=hit.id,
                metadata={
                    "id": hit.id,
                    "source": hit.source,
                    "section": hit.section,
                    "driver": hit.driver.value if hit.driver else None,
                    "kind": hit.kind.value,
                    "score": hit.score,
                },
            )
            for hit in hits
        ]
