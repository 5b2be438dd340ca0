"""Lot labels: the text printed on a seed packet or plant tag, and a QR code to its page.

The QR code encodes the absolute URL of the lot's page, so scanning a packet in the store with
any phone opens the lot (after signing in). It is drawn by ``segno`` as SVG and embedded as a
``data:`` URI, which the Content-Security-Policy allows for images; nothing is fetched from
outside and no script runs.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from datetime import date

import segno

QR_ERROR_LEVEL = "m"  # 15 % of the code may be scuffed or torn and it still scans


def qr_code(text: str) -> segno.QRCode:
    """The QR code of ``text`` (never a Micro QR: phone cameras do not all read them)."""
    return segno.make(text, error=QR_ERROR_LEVEL, micro=False)


def qr_svg(text: str) -> bytes:
    """The QR code of ``text`` as a compact SVG that scales to any label size.

    One module per user unit in a viewBox, a quiet zone of 4 modules (the QR standard asks
    for it) and a white background, so it scans even on coloured label stock.
    """
    buffer = io.BytesIO()
    qr_code(text).save(buffer, kind="svg", scale=1, border=4, xmldecl=False, nl=False,
                       omitsize=True, light="#fff",
                       title=text)
    return buffer.getvalue()


def qr_data_uri(text: str) -> str:
    """``data:image/svg+xml;base64,...`` for an ``<img>`` that shows the QR code of ``text``."""
    return "data:image/svg+xml;base64," + base64.b64encode(qr_svg(text)).decode("ascii")


@dataclass(frozen=True)
class LotLabel:
    """What one printed label shows; ``url`` is what its QR code encodes."""

    lot_id: int
    lot_number: str
    accession_number: str
    names: str
    crop: str
    taxon: str
    location: str
    harvest_date: date | None
    kind: str
    url: str

    @property
    def qr(self) -> str:
        """The QR code image as a data URI."""
        return qr_data_uri(self.url)
