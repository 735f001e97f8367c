"""A backend around any LangChain chat model, named "provider:model" and created by LangChain's `init_chat_model`.

Each request runs in a worker thread with a deadline, so a hung or unreachable model costs at most the
timeout; then the model rests for a while (`cooldown`) and the user is told once. Structured replies go
through `with_structured_output` where the model supports it, else through JSON validated by the same pydantic
schema; an invalid reply is asked for once more, a reply that breaks a guard rail is not used at all. What a reply
must hold up to is in `assistant.llm.replies`.
"""

from __future__ import annotations

import json
import queue
import re
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, Field, ValidationError

from assistant.errors import InputError
from assistant.llm import guard, privacy
from assistant.llm.base import ActionDraft, Backend, CitedText, DraftKind, LLMConfig, Options, render
from assistant.llm.replies import checked_fields, parse_json, received, validation_message
from assistant.models import Answer, Passage
from assistant.understanding.fields import ExtractedFields, SchoolYear

if TYPE_CHECKING:
    from langchain_core.language_models.chat_models import BaseChatModel
    from langchain_core.messages import BaseMessage

M = TypeVar("M", bound=BaseModel)
R = TypeVar("R")

# The extra of cip-assistant that installs a provider's LangChain package.
EXTRAS = {"openai": "openai", "azure_openai": "openai", "anthropic": "anthropic", "ollama": "ollama"}
# Clients that retry on their own would outlive our deadline; they get it as their timeout, and no retries.
_CLIENT_DEADLINE = {"openai", "azure_openai", "anthropic"}
_SPEC = re.compile(r"(?P<provider>[A-Za-z][A-Za-z0-9_-]*):(?P<model>\S.*)")
_FALLBACK_JOIN = "\n\n(The reworded reply left something out, so here it is as the guidance gives it:)\n"


class ModelUnavailable(Exception):
    """The model did not answer in time, or could not be reached."""


class LangChainOptions(Options):
    temperature: float | None = Field(default=0.0, ge=0, le=2, description="None = the provider's default")
    retries: int = Field(default=1, ge=0, le=3, description="times to ask again after an invalid reply")
    cooldown: float = Field(default=60.0, ge=0, le=3600, description="seconds to leave a model alone that failed")
    reply_limit: float = Field(default=120.0, gt=0, le=1800, description="seconds a streamed reply may take in all")
    redact: bool | None = Field(
        default=None, description="withhold personal data from a local model too (None = as redact_local says)"
    )


# ------------------------------------------------------------------------------------------------ creation


def parse_spec(spec: str) -> tuple[str, str]:
    """("ollama", "llama3.2") from "ollama:llama3.2"."""
    m = _SPEC.fullmatch(spec.strip())
    if not m:
        raise InputError(
            f"Name the language model as provider:model, for example ollama:llama3.2 or openai:gpt-4o-mini "
            f"(got '{spec[:60]}')."
        )
    return m.group("provider").lower().replace("-", "_"), m.group("model").strip()


def install_hint(provider: str, error: BaseException | None = None) -> str:
    found = re.search(r"requires the ([\w-]+) package", str(error or ""))
    package = found.group(1) if found else f"langchain-{provider.replace('_', '-')}"
    extra = EXTRAS.get(provider)
    if extra:
        return (
            f"The {provider} models need the {package} package: install 'cip-assistant[{extra}]' "
            f"(pip install 'cip-assistant[{extra}]'), or run without --llm."
        )
    return f"The {provider} models need the {package} package: pip install {package}, or run without --llm."


def create_chat_model(provider: str, model: str, *, base_url: str = "", options: LangChainOptions) -> BaseChatModel:
    """The chat model from LangChain's own factory; a missing provider package is an InputError with the fix."""
    from langchain.chat_models import init_chat_model

    kwargs: dict[str, Any] = {}
    if options.temperature is not None:
        kwargs["temperature"] = options.temperature
    if base_url:
        kwargs["base_url"] = base_url
    if provider in _CLIENT_DEADLINE:
        kwargs.update(timeout=options.timeout, max_retries=0)
    try:
        chat: BaseChatModel = init_chat_model(model, model_provider=provider, **kwargs)
        return chat
    except ImportError as exc:
        raise InputError(install_hint(provider, exc)) from None
    except ValueError as exc:
        if "Unsupported" in str(exc):
            raise InputError(
                f"'{provider}' is not a LangChain chat model provider; use one such as ollama, openai, anthropic "
                "or azure_openai."
            ) from None
        raise InputError(f"Could not set up the language model {provider}:{model}: {_first_line(exc)}") from None
    except Exception as exc:  # a provider's own check (a missing API key, say) is the user's to fix
        raise InputError(f"Could not set up the language model {provider}:{model}: {_first_line(exc)}") from None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200].rstrip(".") + "."


def _reason(exc: BaseException) -> str:
    """Why a model did not answer, in a few words the user can act on (never the raw error text)."""
    if isinstance(exc, ModelUnavailable):
        return str(exc)
    name = type(exc).__name__.lower()
    text = str(exc).lower()
    if isinstance(exc, TimeoutError) or "timeout" in name or "timed out" in text:
        return "it timed out"
    if "ratelimit" in name or "rate limit" in text or "429" in text:
        return "it is rate limited"
    if isinstance(exc, ConnectionError) or "connect" in name or "connection" in text:
        return "it could not be reached"
    return f"{type(exc).__name__}"


# ------------------------------------------------------------------------------------------------ backend


class LangChainBackend(Backend):
    """Phrases, extracts and drafts with a LangChain chat model, within the guard rails of `guard`."""

    name = "langchain"
    can_extract = True
    can_answer = True
    can_phrase = True
    can_draft = True
    can_stream = True
    options_class = LangChainOptions
    options: LangChainOptions

    def __init__(
        self,
        model: BaseChatModel,
        *,
        name: str = "langchain",
        local: bool = False,
        options: LangChainOptions | None = None,
        redact_local: bool = False,
    ) -> None:
        super().__init__(options)
        self.model = model
        self.name = name
        self.local = local
        # A model elsewhere never sees personal data; for one on this machine it is the district's choice.
        self.redact = not local or (self.options.redact if self.options.redact is not None else redact_local)
        self.last_failure: str | None = None
        self._rest_until = 0.0
        self._told = False
        self._structured: dict[type[BaseModel], Any] = {}

    @classmethod
    def from_spec(cls, spec: str, config: LLMConfig | None = None, **options: Any) -> LangChainBackend:
        """The backend for "provider:model"; refuses a remote model when remote models are forbidden."""
        config = config or LLMConfig()
        provider, model = parse_spec(spec)
        local = privacy.is_local(provider, config.llm_base_url or None)
        if config.forbid_remote_llm and not local:
            raise InputError(
                f"{provider}:{model} does not run on this machine and CIP_ASSISTANT_FORBID_REMOTE_LLM is set; "
                "use a local model (for example ollama:llama3.2) or unset that setting."
            )
        opts = cls.make_options(**{"timeout": config.llm_timeout, **options})
        assert isinstance(opts, LangChainOptions)
        chat = create_chat_model(provider, model, base_url=config.llm_base_url, options=opts)
        return cls(chat, name=f"{provider}:{model}", local=local, options=opts, redact_local=config.redact_local)

    # -- failures

    def _resting(self) -> bool:
        return time.monotonic() < self._rest_until

    def _unavailable(self, reason: str) -> None:
        self.last_failure = reason
        self._rest_until = time.monotonic() + self.options.cooldown
        if not self._told:
            self._told = True
            self.notify(f"The language model did not answer ({reason}); continuing without it.")

    def _redactor(self) -> privacy.Redactor | None:
        return privacy.Redactor() if self.redact else None

    def _withheld(self, redactor: privacy.Redactor | None) -> None:
        if redactor is not None and redactor.findings:
            where = "on this machine" if self.local else "not on this machine"
            self.notify(
                f"Withheld from the language model ({self.name}, {where}): {privacy.describe(redactor.findings)}."
            )

    # -- calling the model

    def _messages(self, template: str, values: dict[str, Any]) -> list[BaseMessage]:
        from langchain_core.messages import HumanMessage, SystemMessage

        return [SystemMessage(content=render("llm_system.md")), HumanMessage(content=render(template, **values))]

    def _run(self, work: Callable[[], R]) -> R:
        """`work()` in a daemon thread, waited for at most `timeout` seconds: a hung model cannot hold us."""
        box: dict[str, Any] = {}
        done = threading.Event()

        def target() -> None:
            try:
                box["value"] = work()
            except BaseException as exc:  # handed to the caller, whatever it is
                box["error"] = exc
            finally:
                done.set()

        threading.Thread(target=target, name="cip-assistant-llm", daemon=True).start()
        if not done.wait(self.options.timeout):
            raise ModelUnavailable(f"no reply within {self.options.timeout:g} s")
        if "error" in box:
            raise box["error"]
        value: R = box["value"]
        return value

    def _structured_runnable(self, schema: type[BaseModel]) -> Any:
        if schema not in self._structured:
            try:
                self._structured[schema] = self.model.with_structured_output(schema, include_raw=True)
            except (NotImplementedError, ValueError, TypeError):
                self._structured[schema] = None  # no tool calling: ask for JSON in the text instead
        return self._structured[schema]

    def _invoke(self, schema: type[M], messages: list[BaseMessage]) -> M:
        runnable = self._structured_runnable(schema)
        if runnable is not None:
            out = runnable.invoke(messages)
            parsed = out.get("parsed") if isinstance(out, dict) else out
            if parsed is None:
                error = out.get("parsing_error") if isinstance(out, dict) else None
                if isinstance(error, ValidationError):
                    raise guard.InvalidOutput(validation_message(error))
                raise guard.InvalidOutput(_first_line(error) if error else "no structured reply")
            return parsed if isinstance(parsed, schema) else schema.model_validate(parsed)
        message = self.model.invoke(messages)
        return parse_json(str(message.text), schema)

    def _ask(self, template: str, values: dict[str, Any], schema: type[M], check: Callable[[M], R]) -> R | None:
        """One structured request: asked again once when invalid; None when rejected or the model is unavailable."""
        from langchain_core.messages import HumanMessage

        if self._resting():
            return None
        values = {**values, "schema": json.dumps(schema.model_json_schema(), ensure_ascii=False)}
        messages = self._messages(template, values)
        for _ in range(1 + self.options.retries):
            sent = list(messages)
            try:
                return check(self._run(partial(self._invoke, schema, sent)))
            except guard.InvalidOutput as exc:
                self.last_failure = f"invalid reply: {exc}"
                messages = [
                    *messages,
                    HumanMessage(content=f"That reply was not valid ({exc}). Reply again with only the JSON object."),
                ]
            except guard.Rejected as exc:
                self.last_failure = f"rejected: {exc}"
                return None
            except Exception as exc:  # timeouts, refused connections, rate limits, provider errors alike
                self._unavailable(_reason(exc))
                return None
        return None

    def _stream(self, messages: list[BaseMessage]) -> Iterator[str]:
        """The model's reply as it comes; each piece must arrive within `timeout`, all of it within `reply_limit`."""
        pieces: queue.Queue[tuple[str, Any]] = queue.Queue()
        stop = threading.Event()

        def target() -> None:
            try:
                for chunk in self.model.stream(messages):
                    if stop.is_set():
                        return
                    pieces.put(("text", str(chunk.text)))
                pieces.put(("end", None))
            except BaseException as exc:
                pieces.put(("error", exc))

        threading.Thread(target=target, name="cip-assistant-llm-stream", daemon=True).start()
        deadline = time.monotonic() + self.options.reply_limit
        try:
            while True:
                wait = min(self.options.timeout, deadline - time.monotonic())
                if wait <= 0:
                    raise ModelUnavailable(f"the reply took longer than {self.options.reply_limit:g} s")
                try:
                    kind, value = pieces.get(timeout=wait)
                except queue.Empty:
                    raise ModelUnavailable(f"no reply within {self.options.timeout:g} s") from None
                if kind == "end":
                    return
                if kind == "error":
                    raise value
                if value:
                    yield value
        finally:
            stop.set()

    # -- the work

    def extract_action(
        self, text: str, question: str, passages: Sequence[Passage], today: date, year: SchoolYear
    ) -> ExtractedFields | None:
        redactor = self._redactor()
        clean = redactor or (lambda value: value)
        values = {
            "question": guard.data_block("question", clean(question)),
            "answer": guard.data_block("team_answer", clean(text)),
            "passages": guard.passages_block(passages, redactor),
            "today": today.isoformat(),
            "year_start": year.start.isoformat(),
            "year_end": year.end.isoformat(),
            "fall_end": year.fall[1].isoformat(),
            "winter_break": year.winter_break.isoformat(),
        }
        try:
            return self._ask(
                "llm_extract.md",
                values,
                ActionDraft,
                lambda draft: checked_fields(received(draft, redactor), text, today, year),
            )
        finally:
            self._withheld(redactor)

    def answer(self, question: str, passages: Sequence[Passage]) -> Answer | None:
        if not passages:
            return None  # nothing retrieved: a model answer would rest on nothing
        redactor = self._redactor()
        clean = redactor or (lambda value: value)
        values = {
            "question": guard.data_block("question", clean(question)),
            "passages": guard.passages_block(passages, redactor),
        }

        def check(draft: CitedText) -> Answer:
            return guard.to_answer(guard.check_cited(received(draft, redactor), passages), passages)

        try:
            return self._ask("llm_answer.md", values, CitedText, check)
        finally:
            self._withheld(redactor)

    def draft(self, kind: DraftKind, request: str, passages: Sequence[Passage]) -> str | None:
        if not passages:
            return None
        redactor = self._redactor()
        clean = redactor or (lambda value: value)
        values = {
            "kind": kind,
            "request": guard.data_block("plan" if kind == "plan_summary" else "document", clean(request)),
            "passages": guard.passages_block(passages, redactor),
        }

        def check(draft: CitedText) -> str:
            return guard.with_sources(guard.check_cited(received(draft, redactor), passages), passages)

        try:
            return self._ask("llm_narrative.md", values, CitedText, check)
        finally:
            self._withheld(redactor)

    def phrase(self, reply_text: str, passages: Sequence[Passage]) -> Iterator[str]:
        if self._resting() or not reply_text.strip():
            yield reply_text
            return
        redactor = self._redactor()
        clean = redactor or (lambda value: value)
        messages = self._messages(
            "llm_phrase.md",
            {
                "reply": guard.data_block("reply", clean(reply_text)),
                "passages": guard.passages_block(passages, redactor),
            },
        )
        checker = guard.PhraseGuard(reply_text, restore=redactor.restore if redactor else None)
        shown = False
        try:
            for piece in self._stream(messages):
                out = checker.feed(piece)
                if out:
                    shown = True
                    yield out
            out = checker.finish()
            if out:
                yield out
        except guard.Rejected as exc:
            self.last_failure = f"rejected: {exc}"
            yield _FALLBACK_JOIN + reply_text if shown else reply_text
        except Exception as exc:  # as in _ask: any failure to answer falls back
            self._unavailable(_reason(exc))
            yield _FALLBACK_JOIN + reply_text if shown else reply_text
        finally:
            self._withheld(redactor)
