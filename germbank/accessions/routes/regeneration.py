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
from germbank.accessions.services.regeneration_sql import due_accession_ids_query, due_counts
from germbank.auth.access import requires
from germbank.extensions import db
from germbank.models.accessions import Accession

PER_PAGE = 100


@bp.route("/regeneration")
@requires("read")
def regeneration():
    """Accessions due for regeneration, why, and the numbers behind each reason.

    The database picks and pages the due accessions; only the page's accessions are
    explained, so the list stays fast however large the bank is.
    """
    reason = request.args.get("reason", "")
    reason = reason if reason in REASON_LABELS else ""
    crops = queries.crops()
    crop_code = request.args.get("crop", "")
    crop = next((c for c in crops if c.code == crop_code), None)
    counts = due_counts()
    due_ids = due_accession_ids_query(reason=reason or None).subquery()
    shown_query = (
        sa.select(Accession.id)
        .where(Accession.id.in_(sa.select(due_ids.c.accession_id)))
        .order_by(Accession.instcode, Accession.accenumb)
    )
    if crop is not None:
        shown_query = shown_query.where(Accession.crop_id == crop.id)
    shown = db.session.scalar(sa.select(sa.func.count()).select_from(shown_query.subquery()))
    pages = max(math.ceil((shown or 0) / PER_PAGE), 1)
    page = min(max(request.args.get("page", 1, type=int) or 1, 1), pages)
    page_ids = list(
        db.session.scalars(shown_query.limit(PER_PAGE).offset((page - 1) * PER_PAGE))
    )
    items = regeneration_due(accession_ids=page_ids) if page_ids else []
    accessions = {a.id: a for a in db.session.scalars(
        sa.select(Accession).where(Accession.id.in_(page_ids))
        .options(so.joinedload(Accession.crop)))}
    return render_template(
        "accessions/regeneration.html",
        items=items, accessions=accessions, total=counts.get("total", 0), shown=shown or 0,
        counts={code: counts.get(code, 0) for code in REASON_LABELS}, reason=reason,
        crop_code=crop.code if crop else "",
        crops=[(c.code, c.display_name(locale())) for c in crops],
        pagination=_Pages(page, pages),
    )


class _Pages:
    """Just enough of a pagination object for the shared ``pager`` macro."""

    def __init__(self, page: int, pages: int) -> None:
        self.page, self.pages = page, pages
        self.has_prev, self.has_next = page > 1, page < pages
        self.prev_num, self.next_num = page - 1, page + 1
