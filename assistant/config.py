"""One settings object resolves every path and option; `CIP_ASSISTANT_*` environment variables override."""

from __future__ import annotations

import os
from datetime import date
from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, BaseModel, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from assistant import resources

# The checkout the package sits in; benchmarks write their results under it. The data the assistant reads ships
# inside the package (assistant.resources), never beside it.
PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Privacy by default: no telemetry from the libraries we embed, no model hub.
for _name, _value in {
    "ANONYMIZED_TELEMETRY": "False",
    "GRADIO_ANALYTICS_ENABLED": "False",
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "TOKENIZERS_PARALLELISM": "false",
}.items():
    os.environ.setdefault(_name, _value)


def _default_home() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("cip-assistant", appauthor=False))


class LLMSettings(BaseModel):
    """The language model's settings; `assistant.llm.LLMConfig` is the same fields, frozen, for a backend."""

    llm: str = Field(default="", description="a LangChain chat model as provider:model; empty = no model")
    llm_base_url: str = Field(default="", description="the model's endpoint, when not the provider's default")
    llm_timeout: float = Field(default=20.0, gt=0, le=600, description="seconds to wait for a reply")
    forbid_remote_llm: bool = Field(default=False, description="refuse any model that is not on this machine")
    redact_local: bool = Field(default=False, description="withhold personal data from local models too")


class Settings(BaseSettings, LLMSettings):
    """Where the assistant keeps its data and how it behaves."""

    model_config = SettingsConfigDict(env_prefix="CIP_ASSISTANT_", extra="ignore")

    home: Path = Field(default_factory=_default_home, description="Chroma store, sessions database, exports")
    knowledge_base: Path = Field(
        default_factory=resources.knowledge_base,
        description="sources and curated data; default: the knowledge base shipped inside the package",
    )
    embedding_model: str = Field(
        default="",
        description="path of a sentence-transformers model; empty = the bundled one; "
        "`fake` = a toy embedder for tests, meaningless for search",
    )
    k: int = Field(default=5, ge=1, le=50)
    database_url: str = Field(
        default="",
        description="where sessions live: empty = SQLite in the home; postgresql://user@host/db for several servers",
    )
    chroma_url: str = Field(
        default="",
        description="a Chroma server such as http://127.0.0.1:8000; empty = the embedded store in the home",
    )
    ui_concurrency: int = Field(default=4, ge=1, le=64, description="web UI requests worked on at once, per kind")
    ui_queue_size: int = Field(
        default=64, ge=1, le=10_000, description="web UI requests that may wait; beyond it users are told it is busy"
    )
    guide_hours: float = Field(
        default=24,
        gt=0,
        le=24 * 365,
        description="hours the web app keeps the coaching guides and reflection handouts it exported, "
        "and the copies it handed to browsers",
    )
    school_calendar: Path | None = Field(
        default=None,
        description="a YAML file of the district's school calendar (first and last day, breaks, testing); "
        "default: school_calendar.yaml in the home, else the usual US dates",
    )
    today: date | None = Field(
        default=None, description="the date plans are made on (default: today); for scripted sessions"
    )
    ui_password: SecretStr | None = Field(
        default=None, description="the password of the web UI (`cip-assistant ui --auth` sets a user name too)"
    )
    ollama_host: str = Field(
        default="",
        validation_alias=AliasChoices("OLLAMA_HOST"),
        description="where Ollama serves when no LLM base URL is set (Ollama's own OLLAMA_HOST variable)",
    )

    approaching_days: int = Field(
        default=14, ge=0, le=365, description="an action due within this many days is shown as approaching"
    )

    def current_date(self) -> date:
        return self.today or date.today()

    @property
    def store_dir(self) -> Path:
        return self.home / "index"

    @property
    def documents_dir(self) -> Path:
        """Copies of the documents a district added, so a rebuild never depends on the original paths."""
        return self.home / "documents"

    @property
    def manifest_path(self) -> Path:
        return self.home / "index" / "manifest.json"

    @property
    def database_path(self) -> Path:
        return self.home / "sessions.sqlite3"

    @property
    def database_target(self) -> str | Path:
        """The sessions database: a URL when one is configured, else the SQLite file in the home."""
        return self.database_url or self.database_path

    @property
    def exports_dir(self) -> Path:
        return self.home / "exports"

    @property
    def guides_dir(self) -> Path:
        """Coaching guides and reflection handouts the web app exported, one folder of its own per export."""
        return self.exports_dir / "guides"

    @property
    def cache_dir(self) -> Path:
        """Copies the web server keeps of uploads and of the exports it hands to browsers."""
        return self.home / "cache"

    @property
    def web_cache_dir(self) -> Path:
        """Where the web server keeps uploads and the copies of exports it hands to browsers."""
        return self.cache_dir / "gradio"

    @property
    def sources_dir(self) -> Path:
        return self.knowledge_base / "sources"

    def owns(self, path: Path) -> bool:
        """Whether `path` is one of the assistant's own files or folders (its database, index, documents, caches,
        knowledge base), which an export must never replace; its exports folder is the users'."""
        target = Path(path).resolve()
        exports = self.exports_dir.resolve()
        if exports in target.parents:
            return False
        own = [self.home.resolve(), self.knowledge_base.resolve()]
        if self.school_calendar is not None:
            own.append(self.school_calendar.resolve())
        return any(target == root or root in target.parents for root in own)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()


def reset_settings() -> None:
    """Forget the cached settings (tests change the environment between cases)."""
    get_settings.cache_clear()
