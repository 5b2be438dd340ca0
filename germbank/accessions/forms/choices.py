"""MCPD code lists with labels in the reader's language, for selects, filters and pages.

The code lists themselves live in :mod:`germbank.mcpd.codes` (English meanings, used by the
validator); this module only adds translations, so a code cannot exist here without being valid
there (``tests/accessions_pages`` checks both lists agree).
"""

from __future__ import annotations

from functools import lru_cache

from babel import Locale
from babel.core import get_global
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from germbank.mcpd import codes

SAMPSTAT_LABELS = {
    100: _l("wild"),
    110: _l("natural"),
    120: _l("semi-natural/wild"),
    130: _l("semi-natural/sown"),
    200: _l("weedy"),
    300: _l("traditional cultivar/landrace"),
    400: _l("breeding/research material"),
    410: _l("breeder's line"),
    411: _l("synthetic population"),
    412: _l("hybrid"),
    413: _l("founder stock/base population"),
    414: _l("inbred line"),
    415: _l("segregating population"),
    416: _l("clonal selection"),
    420: _l("genetic stock"),
    421: _l("mutant"),
    422: _l("cytogenetic stock"),
    423: _l("other genetic stock"),
    500: _l("advanced or improved cultivar"),
    600: _l("GMO"),
    999: _l("other"),
}

COLLSRC_LABELS = {
    10: _l("wild habitat"),
    11: _l("forest or woodland"),
    12: _l("shrubland"),
    13: _l("grassland"),
    14: _l("desert or tundra"),
    15: _l("aquatic habitat"),
    20: _l("farm or cultivated habitat"),
    21: _l("field"),
    22: _l("orchard"),
    23: _l("backyard, kitchen or home garden"),
    24: _l("fallow land"),
    25: _l("pasture"),
    26: _l("farm store"),
    27: _l("threshing floor"),
    28: _l("park"),
    30: _l("market or shop"),
    40: _l("institute, experimental station, research organization, genebank"),
    50: _l("seed company"),
    60: _l("weedy, disturbed or ruderal habitat"),
    61: _l("roadside"),
    62: _l("field margin"),
    99: _l("other"),
}

STORAGE_LABELS = {
    10: _l("seed collection"),
    11: _l("short term"),
    12: _l("medium term"),
    13: _l("long term"),
    20: _l("field collection"),
    30: _l("in vitro collection"),
    40: _l("cryopreserved collection"),
    50: _l("DNA collection"),
    99: _l("other"),
}

MLSSTAT_LABELS = {
    0: _l("no (not in the MLS)"),
    1: _l("yes (in the MLS)"),
    99: _l("other"),
}

CODE_LABELS = {
    "SAMPSTAT": SAMPSTAT_LABELS,
    "COLLSRC": COLLSRC_LABELS,
    "STORAGE": STORAGE_LABELS,
    "MLSSTAT": MLSSTAT_LABELS,
}


def code_label(code_list: str, code: int | str | None) -> str:
    """``"300 · landrace"`` in the reader's language; the bare code when it is unknown."""
    if code is None or code == "":
        return ""
    try:
        number = int(code)
    except (TypeError, ValueError):
        return str(code)
    label = CODE_LABELS[code_list].get(number)
    return f"{number} · {label}" if label is not None else str(number)


def code_choices(code_list: str, blank: str | None = "") -> list[tuple[str, str]]:
    """Select options ``(value, label)``, with an empty first option unless ``blank`` is None."""
    options = [(str(code), code_label(code_list, code)) for code in CODE_LABELS[code_list]]
    if blank is None:
        return options
    return [("", blank), *options]


def _alpha2(alpha3: str) -> str | None:
    """The ISO alpha-2 code CLDR knows a current alpha-3 code by (CHN -> CN)."""
    aliases = get_global("territory_aliases").get(alpha3) or []
    return aliases[0] if len(aliases) == 1 else None


@lru_cache(maxsize=8)
def _country_names(locale_name: str) -> dict[str, str]:
    locale = Locale.parse(locale_name)
    names = {}
    for alpha3 in codes.ISO3166_ALL:
        alpha2 = _alpha2(alpha3)
        name = locale.territories.get(alpha2) if alpha2 else None
        names[alpha3] = name or codes.ISO3166_HISTORIC.get(alpha3, alpha3)
    return names


def country_name(alpha3: str | None) -> str:
    """The country's name in the reader's language (CLDR), or the historic English name."""
    if not alpha3:
        return ""
    return _country_names(str(get_locale() or "en")).get(alpha3, alpha3)


def country_choices(blank: str | None = "") -> list[tuple[str, str]]:
    """ISO 3166 alpha-3 countries sorted by code, labelled ``"CHN · 中国"``."""
    names = _country_names(str(get_locale() or "en"))
    options = [(code, f"{code} · {names[code]}") for code in sorted(names)]
    return options if blank is None else [("", blank), *options]
