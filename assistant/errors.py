"""The few error types the assistant raises; each message says what went wrong and what to do next."""


class AssistantError(Exception):
    """Base of every error the user should see as one sentence."""


class InputError(AssistantError):
    """The user gave something we cannot use (an empty query, a bad number, an unknown driver)."""


class DocumentError(AssistantError):
    """A document could not be read or parsed."""


class StoreError(AssistantError):
    """The index or the sessions database is missing, locked or damaged."""


class NotFoundError(AssistantError):
    """A named thing (session, plan, passage) does not exist."""


class ConflictError(StoreError):
    """A session changed in the database after it was read (another window or server took a turn)."""
