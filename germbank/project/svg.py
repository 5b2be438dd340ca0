"""Small helpers shared by the server-side SVG charts: escaping, fonts, text width, numbers.

Charts are built as strings, so every piece of user text must pass through ``esc`` on its way in:
task names come from managers and end up inline in HTML pages. Characters that XML 1.0 cannot
carry at all (control characters) are dropped, since no escape can represent them.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from html import escape

# CJK faces first so Chinese task names render with a proper font wherever one is installed,
# then Latin fallbacks; the browser picks the first it has.
FONT_FAMILY = (
    "'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', "
    "'WenQuanYi Micro Hei', 'Helvetica Neue', Arial, sans-serif"
)
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ID_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")


def esc(value: object) -> str:
    """Text safe inside an XML element or a double- or single-quoted attribute."""
    return escape(_XML_INVALID.sub("", str(value)), quote=True)


def safe_id(prefix: str, key: object) -> str:
    """An element id built from arbitrary text: unsafe characters become ``_``."""
    return _ID_UNSAFE.sub("_", f"{prefix}-{key}")


def text_width(text: str, font_size: float) -> float:
    """Rough rendered width: wide (CJK) characters take a full em, others about half."""
    return sum(
        font_size if unicodedata.east_asian_width(ch) in "WF" else font_size * 0.56
        for ch in text
    )


def fit_text(text: str, max_width: float, font_size: float) -> str:
    """``text`` shortened with an ellipsis so it fits ``max_width``; the full text goes in a
    ``<title>`` beside it."""
    if text_width(text, font_size) <= max_width:
        return text
    kept = ""
    for ch in text:
        if text_width(kept + ch + "…", font_size) > max_width:
            break
        kept += ch
    return kept + "…"


def num(value: float) -> str:
    """A coordinate with at most one decimal, without a trailing ``.0``."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def nice_step(span: Decimal, target_ticks: int = 5) -> Decimal:
    """A round axis step (1, 2, 2.5 or 5 times a power of ten) giving about ``target_ticks``."""
    if span <= 0:
        return Decimal(1)
    raw = span / target_ticks
    power = Decimal(10) ** (raw.adjusted())
    for factor in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10)):
        step = power * factor
        if step >= raw:
            return step
    return power * 10  # pragma: no cover - the loop always returns


def document(width: float, height: float, title: str, desc: str, body: list[str],
             id_prefix: str) -> str:
    """Wrap chart elements in an accessible standalone ``<svg>`` with title and description."""
    title_id, desc_id = safe_id(id_prefix, "title"), safe_id(id_prefix, "desc")
    return "\n".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{num(width)}" '
        f'height="{num(height)}" viewBox="0 0 {num(width)} {num(height)}" '
        f'aria-labelledby="{title_id} {desc_id}" font-family="{FONT_FAMILY}" font-size="12">',
        f'<title id="{title_id}">{esc(title)}</title>',
        f'<desc id="{desc_id}">{esc(desc)}</desc>',
        *body,
        "</svg>",
    ])
