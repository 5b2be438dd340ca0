"""The accession list: search, filters, sorting, pagination and links to export and labels.

The filter and the query are the search service's (``AccessionFilter``, ``filtered_query``),
shared with the API and the export, so the three always agree on "the current list".
"""

from __future__ import annotations

from flask import render_template, request, url_for

from germbank.accessions import queries_pages as queries
from germbank.accessions.forms.choices import code_choices, country_name
from germbank.accessions.routes.blueprint import bp
from germbank.accessions.routes.common import PER_PAGE, export_endpoint, locale
from germbank.accessions.services import AccessionFilter, ValidationFailed, filtered_query
from germbank.accessions.services.regeneration import regeneration_due
from germbank.accessions.services.search import SORTS
from germbank.auth.access import requires
from germbank.models.accessions import Accession


@bp.route("/")
@requires("read")
def index():
    """Find accessions by name or number (Chinese too), filter, sort and page through them."""
    errors: dict[str, list[str]] = {}
    try:
        params = AccessionFilter.from_args(request.args)
    except ValidationFailed as refused:
        errors, params = refused.errors, AccessionFilter()
    pagination = None
    totals, due = {}, {}
    if not errors:
        pagination = queries.accession_page(filtered_query(params), _page_number(), PER_PAGE)
        ids = [accession.id for accession in pagination.items]
        totals = queries.lot_totals(ids)
        due = {item.accession_id: item for item in regeneration_due(accession_ids=ids)} \
            if ids else {}
    args = params.as_args()
    return render_template(
        "accessions/index.html",
        params=params,
        args=args,
        errors=errors,
        pagination=pagination,
        totals=totals,
        due=due,
        filters=_filter_options(),
        sort_links={key: _sort_link(params, key) for key in SORTS},
        exports=_export_links(args),
    ), (400 if errors else 200)


def _page_number() -> int:
    page = request.args.get("page", 1, type=int) or 1
    return max(page, 1)


def _sort_link(params: AccessionFilter, key: str) -> dict[str, str | bool]:
    """The URL that sorts by ``key`` (again: reversed) and how the header should look."""
    current = params.sort
    active = current.lstrip("-") == key
    target = f"-{key}" if current == key else key
    args = {**params.as_args(), "sort": target}
    return {"url": url_for("accessions.index", **args), "active": active,
            "direction": ("desc" if current.startswith("-") else "asc") if active else ""}


def _filter_options() -> dict[str, list[tuple[str, str]]]:
    """Choices of the filter selects: only values that occur, where the list is long."""
    return {
        "crops": [(crop.code, crop.display_name(locale())) for crop in queries.crops()],
        "genera": [(genus, genus) for genus in queries.distinct_values(Accession.genus)],
        "countries": [(code, f"{code} · {country_name(code)}")
                      for code in queries.distinct_values(Accession.origcty)],
        "sampstat": code_choices("SAMPSTAT", None),
        "storage": code_choices("STORAGE", None),
        "locations": queries.location_choices(locale()),
    }


def _export_links(args: dict) -> list[tuple[str, str]]:
    links = []
    for extension, label in (("csv", "MCPD CSV"), ("xlsx", "MCPD XLSX")):
        endpoint = export_endpoint(extension)
        if endpoint:
            links.append((label, url_for(endpoint, **args)))
    return links
