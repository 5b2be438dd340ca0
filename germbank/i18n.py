"""Languages: Chinese (the default for Chinese browsers) and English.

The choice comes from the person's saved preference, then the session (the switcher when
signed out), then the browser's Accept-Language. Each feature package may keep its own
catalogue in ``<package>/translations``; Flask-Babel merges them.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app, has_request_context, request, session
from flask_login import current_user

from germbank.extensions import babel

PACKAGE_DIR = Path(__file__).parent


def translation_directories() -> list[str]:
    """Every ``translations`` folder inside the germbank package, core first."""
    found = sorted(str(p) for p in PACKAGE_DIR.glob("*/translations") if p.is_dir())
    return [str(PACKAGE_DIR / "translations"), *found]


def select_locale() -> str:
    """Saved preference, then the session's choice, then the browser's, then Chinese."""
    languages = list(current_app.config["LANGUAGES"])
    if not has_request_context():
        return "en"  # the CLI and background services speak English
    if current_user and getattr(current_user, "is_authenticated", False):
        if current_user.locale in languages:
            return current_user.locale
    chosen = session.get("locale")
    if chosen in languages:
        return chosen
    best = request.accept_languages.best_match(["zh_CN", "zh", "en"])
    if best in ("zh_CN", "zh"):
        return "zh_CN"
    if best == "en":
        return "en"
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def init_app(app: Flask) -> None:
    """Bind Flask-Babel with GermBank's locale choice and catalogues."""
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = ";".join(translation_directories())
    babel.init_app(app, locale_selector=select_locale)

    @app.before_request
    def choose_locale_afresh():
        """Flask-Babel caches the locale on ``g``, which can outlive a request (tests)."""
        from flask_babel import refresh

        refresh()

    @app.context_processor
    def inject_locale():
        from flask_babel import get_locale

        return {"current_locale": str(get_locale() or "zh_CN")}


def compile_catalogues() -> list[str]:
    """Compile each ``messages.po`` whose ``.mo`` is missing or older; return what changed.

    Tests and ``make`` call this so a fresh checkout needs no separate build step.
    """
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    compiled = []
    for directory in translation_directories():
        for po_path in Path(directory).glob("*/LC_MESSAGES/messages.po"):
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            with po_path.open("rb") as po_file:
                catalog = read_po(po_file, locale=po_path.parent.parent.name)
            with mo_path.open("wb") as mo_file:
                write_mo(mo_file, catalog)
            compiled.append(str(mo_path))
    return compiled
