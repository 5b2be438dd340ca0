"""Problem and file-error messages in the reader's language.

``germbank.mcpd`` works without Flask, so it keeps each message as an English text plus its
``N_``-marked template and params.  The pages translate here, at render time; the CLI and the
rejected-rows file keep the English text (the same file comes out of the page and the CLI).
"""

from __future__ import annotations

from flask_babel import get_locale, gettext

from germbank.mcpd.messages import render_message
from germbank.mcpd.problems import Problem
from germbank.mcpd_import.services.report import ImportReport


def _translate(message: str) -> str:
    return gettext(message)


def translated(template: str | None, params: dict | None, fallback: str) -> str:
    """``template`` with ``params``, translated; ``fallback`` when it cannot be rendered.

    The fallback covers problems without a template and a translation whose placeholders do
    not fit the params: a person always gets a message, in English at worst.
    """
    if not template:
        return fallback
    try:
        return render_message(template, params, _translate)
    except (KeyError, ValueError, TypeError):
        return fallback


def problem_message(problem: Problem) -> str:
    """The message of one problem in the reader's language (the ``problem_message`` filter)."""
    return translated(problem.template, problem.params, problem.message)


def error_message(error: Exception) -> str:
    """The message of an ``McpdFileError`` (or ``ConcurrentChange``) in the reader's language."""
    return translated(getattr(error, "template", None), getattr(error, "params", None),
                      str(error))


def problems_csv(report: ImportReport) -> bytes:
    """The problems file: the English ``message`` column, plus one in the reader's language.

    The English column stays so tools and searches see the same text as the CLI prints.
    """
    locale = get_locale()
    if locale is None or locale.language == "en":
        return report.problems_csv()
    return report.problems_csv(gettext("Problem"), problem_message)
