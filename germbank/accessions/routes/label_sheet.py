"""Printable label sheets: lot labels with a QR code that opens the lot's page when scanned.

Lots come from ``?lot=`` ids, ``?accession=`` ids (their active lots) or, with ``?all=1``, the
accession list's current filter. The sheet is cut at :data:`MAX_LABELS` and says so.
"""

from __future__ import annotations

from flask import render_template, request, url_for

from germbank.accessions import queries_pages as queries
from germbank.accessions.labels import LotLabel
from germbank.accessions.routes.blueprint import bp
from germbank.accessions.routes.common import crop_name
from germbank.accessions.services import AccessionFilter, ValidationFailed, filtered_query
from germbank.auth.access import requires

MAX_LABELS = 240  # ten A4 sheets of 3 x 8
LABELS_PER_SHEET = 24


@bp.route("/labels")
@requires("read")
def labels():
    """A sheet of lot labels ready to print (3 x 8 per A4)."""
    errors: dict[str, list[str]] = {}
    lot_ids = _ids("lot", errors)
    accession_ids = _ids("accession", errors)
    accession_query = None
    if request.args.get("all") == "1":
        try:
            accession_query = filtered_query(AccessionFilter.from_args(request.args))
        except ValidationFailed as refused:
            errors.update(refused.errors)
    lots, cut_short = ([], False) if errors else queries.lots_for_labels(
        lot_ids, accession_ids, accession_query, MAX_LABELS)
    items = [_label(lot) for lot in lots]
    sheets = [items[start:start + LABELS_PER_SHEET]
              for start in range(0, len(items), LABELS_PER_SHEET)]
    return render_template("accessions/labels.html", sheets=sheets, count=len(items),
                           cut_short=cut_short, limit=MAX_LABELS, errors=errors), \
        (400 if errors else 200)


def _ids(name: str, errors: dict[str, list[str]]) -> list[int]:
    """Whole-number ids from repeated query arguments; anything else is reported."""
    ids = []
    for text in request.args.getlist(name):
        if text.strip().isdigit():
            ids.append(int(text))
        else:
            errors.setdefault(name, []).append(text)
    return ids


def _label(lot) -> LotLabel:
    accession = lot.accession
    names = list(dict.fromkeys(([accession.name_zh] if accession.name_zh else [])
                               + accession.names()))  # Chinese first, each name once
    location = lot.location
    return LotLabel(
        lot_id=lot.id,
        lot_number=lot.lot_number,
        accession_number=accession.accenumb,
        names=" · ".join(names),
        crop=crop_name(accession.crop) or (accession.cropname or ""),
        taxon=accession.taxon_name(),
        location=location.code if location is not None else "",
        harvest_date=lot.harvest_date if lot.kind == "seed" else lot.planting_date,
        kind=lot.kind,
        url=url_for("accessions.lot", lot_id=lot.id, _external=True),
    )
