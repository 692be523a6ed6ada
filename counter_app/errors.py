"""Typed errors that carry a message a clerk can act on, Chinese first, English available."""

from __future__ import annotations


class CounterError(Exception):
    """Base of every error the counter reports to a person.

    ``zh`` and ``en`` are complete, actionable sentences (what went wrong and what to do).
    ``field`` names the input at fault when there is one, so a form can mark it and keep
    everything else the clerk typed.
    """

    code = "error"

    def __init__(self, zh: str, en: str, *, field: str | None = None) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh = zh
        self.en = en
        self.field = field

    def __reduce__(self) -> tuple[object, ...]:
        # Subclasses take other constructor arguments (e.g. a count or a file name): rebuild
        # from the state, so an error raised in a child process reaches the caller typed.
        return (_restore, (type(self), self.__dict__))

    def message(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh

    def to_dict(self) -> dict[str, str | None]:
        return {"code": self.code, "field": self.field, "message": self.zh, "message_en": self.en}


def _restore(cls: type[CounterError], state: dict[str, object]) -> CounterError:
    error = cls.__new__(cls)
    Exception.__init__(error, f"{state['zh']} / {state['en']}")
    error.__dict__.update(state)
    return error


class ConfigError(CounterError):
    code = "config"


class ValidationError(CounterError):
    """Input that breaks a rule; ``field`` says which."""

    code = "validation"


class InvalidIdNumber(ValidationError):
    code = "invalid_id_number"


class InvalidName(ValidationError):
    code = "invalid_name"


class IllegalTransition(CounterError):
    code = "illegal_transition"


class NotFound(CounterError):
    code = "not_found"


class StoreError(CounterError):
    code = "store"


class AuthError(CounterError):
    code = "auth"
