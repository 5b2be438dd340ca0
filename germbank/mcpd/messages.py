"""Message templates of the MCPD package: the ``N_`` marker and how a template becomes text.

This package must work without Flask (CLI, scripts, tests), so it never translates.  Every
message a person may see is an English template marked with ``N_`` (Babel extracts it with
``-k N_``) and kept with its params on the :class:`~germbank.mcpd.problems.Problem` or
:class:`~germbank.mcpd.reader.McpdFileError`; the web layer renders it again with
``gettext`` as ``translate``, and everything else uses the English text.

A value message is composed of a frame and a reason (``"%(column)s '%(value)s' %(reason)s"``
with the reason ``"is not a number"``): the reason is itself a template, stored in the
``reason`` param and rendered with the same params, so each part is one catalogue entry.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

REASON = "reason"
"""The param holding a nested template (the reason of a value problem)."""

TRANSLATED_PARAMS = ("axis", "expected")
"""Params whose values are ``N_``-marked English phrases (not file data): translated too."""


def N_(message: str) -> str:  # noqa: N802 - the conventional gettext marker name
    """Mark ``message`` for extraction without translating it (translation is the UI's job)."""
    return message


def _same(message: str) -> str:
    return message


def render_message(template: str, params: Mapping[str, object] | None = None,
                   translate: Callable[[str], str] = _same) -> str:
    """The text of ``template`` with ``params``, each marked part passed through ``translate``.

    With the default ``translate`` this is the English message the CLI and CSV files show.
    Raises ``KeyError``/``ValueError``/``TypeError`` when a (translated) template does not
    fit its params; callers that translate fall back to the English text.
    """
    if not params:
        return translate(template)
    values = dict(params)
    for key in TRANSLATED_PARAMS:
        if isinstance(values.get(key), str):
            values[key] = translate(values[key])
    reason = values.get(REASON)
    if isinstance(reason, str):
        values[REASON] = translate(reason) % values
    return translate(template) % values
