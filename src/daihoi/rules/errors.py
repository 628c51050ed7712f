"""The error every rule raises on bad input, and the marker for translatable messages.

Pure Python, no Django: `gettext_noop` only marks a message so `makemessages` collects it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def gettext_noop(message: str) -> str:
    """Marks a message for translation without importing Django (the rules stay pure)."""
    return message


class RulesError(ValueError):
    """Bad input to a rule, with a message naming what is wrong.

    `template` is one of the modules' ERR_* constants and `params` its arguments, so the
    application can translate the template and tests can assert on which error it was."""

    def __init__(self, template: str, **params: Any) -> None:
        self.template = template
        self.params = params
        super().__init__(template.format(**_shown(params)))

    def message(self, translate: Callable[[str], str] | None = None) -> str:
        """The message, its template translated first: `err.message(gettext)` in the app."""
        template = translate(self.template) if translate is not None else self.template
        return template.format(**_shown(self.params))


_LONGEST = 40  # digits of an integer shown as typed


def _huge(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > _LONGEST * 3.33


def _safe(value: object, text: Callable[[object], str] = str) -> Any:
    """A value as a message may show it: an integer of thousands of digits (typed into
    `daihoi tally`) cannot even be made text (Python's int-to-str limit), so its size is
    shown instead, inside lists and objects too."""
    if _huge(value):
        digits = int(value.bit_length() * 0.30103) + 1  # type: ignore[attr-defined]
        return f"{'-' if value < 0 else ''}<số có khoảng {digits} chữ số>"  # type: ignore[operator]
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_safe(v, repr) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {_safe(v, repr)}" for k, v in value.items()) + "}"
    return value if text is str else text(value)


def _shown(params: dict[str, Any]) -> dict[str, Any]:
    return {key: _safe(value) for key, value in params.items()}


ERR_NOT_INTEGER = gettext_noop("'{field}' phải là số nguyên (đang là {value}).")
ERR_BASE_NOT_POSITIVE = gettext_noop(
    "Cơ sở tính ({field}) phải ít nhất là 1 (đang là {value}): không có ai được triệu tập "
    "thì không có kết quả để tính."
)


def check_base(value: object, field: str = "base") -> int:
    """A base (the convened body less the exclusions) as a whole number of at least 1.

    RULES.md: "A base of zero or less is an error in the input, never a count"."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise RulesError(ERR_NOT_INTEGER, field=field, value=value)
    if value < 1:
        raise RulesError(ERR_BASE_NOT_POSITIVE, field=field, value=value)
    return value
