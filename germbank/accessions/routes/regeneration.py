"""The regeneration-due list: every accession the FAO rules flag, each reason with its numbers.

The rules and the figures come from ``regeneration_due`` (the same function the API, the home
card and the list filter use); this page only filters by reason and crop and pages through.
"""

from __future__ import annotations

import math

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import render_template, request

from germbank.accessions import queries_pages as queries
from germbank.accessions.routes.blueprint import bp
from germbank.accessions.routes.common import REASON_LABELS, locale
from germbank.accessions.services import regeneration_due
from germbank.auth.access import requires
from germbank.extensions import db
from germbank.models.accessions import Accession

PER_PAGE = 100


@bp.route("/regeneration")
@requires("read")
def regeneration():
    """Accessions due for regeneration, why, and the numbers behind each reason."""
    due = regeneration_due()
    reason = request.args.get("reason", "")
    reason = reason if reason in REASON_LABELS else ""
    crops = queries.crops()
    crop_code = request.args.get("crop", "")
    crop = next((c for c in crops if c.code == crop_code), None)
    counts = {code: sum(1 for item in due if code in item.reason_codes) for code in REASON_LABELS}
    shown = [item for item in due
             if (not reason or reason in item.reason_codes)
             and (crop is None or item.crop_id == crop.id)]
    pages = max(math.ceil(len(shown) / PER_PAGE), 1)
    page = min(max(request.args.get("page", 1, type=int) or 1, 1), pages)
    items = shown[(page - 1) * PER_PAGE:page * PER_PAGE]
    accessions = {a.id: a for a in db.session.scalars(
        sa.select(Accession).where(Accession.id.in_([item.accession_id for item in items]))
        .options(so.joinedload(Accession.crop)))}
    return render_template(
        "accessions/regeneration.html",
        items=items, accessions=accessions, total=len(due), shown=len(shown),
        counts=counts, reason=reason, crop_code=crop.code if crop else "",
        crops=[(c.code, c.display_name(locale())) for c in crops],
        pagination=_Pages(page, pages),
    )


class _Pages:
    """Just enough of a pagination object for the shared ``pager`` macro."""

    def __init__(self, page: int, pages: int) -> None:
        self.page, self.pages = page, pages
        self.has_prev, self.has_next = page > 1, page < pages
        self.prev_num, self.next_num = page - 1, page + 1
