"""Keeps an uploaded file and its reports between the preview and the confirm step.

Each upload gets an unguessable token and a folder under ``MCPD_IMPORT_DIR`` (default
``<instance>/mcpd_imports``) holding the file, the options and the reports.  Only the person
who uploaded it (or an admin) may use the token.  Folders older than a day are removed.
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
import time
from pathlib import Path

from flask import abort, current_app
from flask_login import current_user

from germbank.mcpd_import.services.report import ImportReport

MAX_AGE_SECONDS = 24 * 3600
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")


def _root() -> Path:
    configured = current_app.config.get("MCPD_IMPORT_DIR")
    root = Path(configured) if configured else Path(current_app.instance_path) / "mcpd_imports"
    root.mkdir(parents=True, exist_ok=True)
    return root


def save_upload(data: bytes, filename: str, options: dict) -> str:
    """Store an upload; returns its token."""
    _remove_old()
    token = secrets.token_urlsafe(18)
    folder = _root() / token
    folder.mkdir()
    suffix = Path(filename).suffix.lower()
    (folder / f"upload{suffix}").write_bytes(data)
    meta = {"filename": Path(filename).name, "suffix": suffix, "user_id": current_user.id,
            **options}
    (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    return token


def folder_for(token: str) -> Path:
    """The folder of a token the current person may use; 404 otherwise."""
    folder = _root() / token
    if not _TOKEN.fullmatch(token) or not folder.is_dir():
        abort(404)
    meta = load_meta(folder)
    if meta["user_id"] != current_user.id and current_user.role != "admin":
        abort(404)
    return folder


def load_meta(folder: Path) -> dict:
    """The upload's file name, uploader and chosen options."""
    return json.loads((folder / "meta.json").read_text(encoding="utf-8"))


def save_meta(folder: Path, meta: dict) -> None:
    """Update the stored options (the confirm step may change them)."""
    (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")


def upload_path(folder: Path) -> Path:
    """Path of the stored upload."""
    return folder / f"upload{load_meta(folder)['suffix']}"


def save_report(folder: Path, name: str, report: ImportReport) -> None:
    """Keep a report (``preview`` or ``result``) to show and download later."""
    (folder / f"{name}.json").write_text(json.dumps(report.to_dict(), ensure_ascii=False),
                                         encoding="utf-8")


def load_report(folder: Path, name: str) -> ImportReport | None:
    """A saved report, or None."""
    path = folder / f"{name}.json"
    if not path.exists():
        return None
    return ImportReport.from_dict(json.loads(path.read_text(encoding="utf-8")))


def _remove_old() -> None:
    cutoff = time.time() - MAX_AGE_SECONDS
    for folder in _root().iterdir():
        if folder.is_dir() and folder.stat().st_mtime < cutoff:
            shutil.rmtree(folder, ignore_errors=True)
