"""MCPD v2.1 code lists, ISO 3166 country codes and the WIEWS institute code pattern.

Kept as plain data so the validator, the forms and the API all check against the same lists.
Meanings are English; the UI translates them (``germbank.accessions.forms.choices``).  The
hints of :data:`CODE_LIST_EXAMPLES` appear in problem messages, so they are ``N_``-marked.
"""

from __future__ import annotations

import re

from germbank.mcpd.messages import N_

SAMPSTAT: dict[int, str] = {
    100: "wild",
    110: "natural",
    120: "semi-natural/wild",
    130: "semi-natural/sown",
    200: "weedy",
    300: "traditional cultivar/landrace",
    400: "breeding/research material",
    410: "breeder's line",
    411: "synthetic population",
    412: "hybrid",
    413: "founder stock/base population",
    414: "inbred line",
    415: "segregating population",
    416: "clonal selection",
    420: "genetic stock",
    421: "mutant",
    422: "cytogenetic stock",
    423: "other genetic stock",
    500: "advanced or improved cultivar",
    600: "GMO",
    999: "other",
}

COLLSRC: dict[int, str] = {
    10: "wild habitat",
    11: "forest or woodland",
    12: "shrubland",
    13: "grassland",
    14: "desert or tundra",
    15: "aquatic habitat",
    20: "farm or cultivated habitat",
    21: "field",
    22: "orchard",
    23: "backyard, kitchen or home garden",
    24: "fallow land",
    25: "pasture",
    26: "farm store",
    27: "threshing floor",
    28: "park",
    30: "market or shop",
    40: "institute, experimental station, research organization, genebank",
    50: "seed company",
    60: "weedy, disturbed or ruderal habitat",
    61: "roadside",
    62: "field margin",
    99: "other",
}

STORAGE: dict[int, str] = {
    10: "seed collection",
    11: "short term",
    12: "medium term",
    13: "long term",
    20: "field collection",
    30: "in vitro collection",
    40: "cryopreserved collection",
    50: "DNA collection",
    99: "other",
}

MLSSTAT: dict[int, str] = {0: "no (not in the MLS)", 1: "yes (in the MLS)", 99: "other"}

INTEGER_CODE_LISTS: dict[str, dict[int, str]] = {
    "SAMPSTAT": SAMPSTAT,
    "COLLSRC": COLLSRC,
    "STORAGE": STORAGE,
    "MLSSTAT": MLSSTAT,
}

CODE_LIST_EXAMPLES: dict[str, str] = {
    "SAMPSTAT": N_("an MCPD biological status code (e.g. 300 landrace, 410 breeder's line)"),
    "COLLSRC": N_("an MCPD collecting source code (e.g. 21 field, 40 genebank)"),
    "STORAGE": N_("an MCPD storage code (e.g. 11 short term, 13 long term, 20 field collection)"),
    "MLSSTAT": N_("an MCPD MLS status (0 no, 1 yes, 99 other)"),
}
"""How each code list is named in messages, with a hint that lets a user fix the cell."""

ISO3166_CURRENT: frozenset[str] = frozenset(
    """
    ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE BDI BEL BEN BES BFA
    BGD BGR BHR BHS BIH BLM BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA CAF CAN CCK CHE CHL CHN
    CIV CMR COD COG COK COL COM CPV CRI CUB CUW CXR CYM CYP CZE DEU DJI DMA DNK DOM DZA ECU
    EGY ERI ESH ESP EST ETH FIN FJI FLK FRA FRO FSM GAB GBR GEO GGY GHA GIB GIN GLP GMB GNB
    GNQ GRC GRD GRL GTM GUF GUM GUY HKG HMD HND HRV HTI HUN IDN IMN IND IOT IRL IRN IRQ ISL
    ISR ITA JAM JEY JOR JPN KAZ KEN KGZ KHM KIR KNA KOR KWT LAO LBN LBR LBY LCA LIE LKA LSO
    LTU LUX LVA MAC MAF MAR MCO MDA MDG MDV MEX MHL MKD MLI MLT MMR MNE MNG MNP MOZ MRT MSR
    MTQ MUS MWI MYS MYT NAM NCL NER NFK NGA NIC NIU NLD NOR NPL NRU NZL OMN PAK PAN PCN PER
    PHL PLW PNG POL PRI PRK PRT PRY PSE PYF QAT REU ROU RUS RWA SAU SDN SEN SGP SGS SHN SJM
    SLB SLE SLV SMR SOM SPM SRB SSD STP SUR SVK SVN SWE SWZ SXM SYC SYR TCA TCD TGO THA TJK
    TKL TKM TLS TON TTO TUN TUR TUV TWN TZA UGA UKR UMI URY USA UZB VAT VCT VEN VGB VIR VNM
    VUT WLF WSM YEM ZAF ZMB ZWE
    """.split()
)
"""ISO 3166-1 alpha-3: the 249 officially assigned country codes."""

ISO3166_HISTORIC: dict[str, str] = {
    "AFI": "French Afars and Issas",
    "ANT": "Netherlands Antilles",
    "ATB": "British Antarctic Territory",
    "ATN": "Dronning Maud Land",
    "BUR": "Burma",
    "BYS": "Byelorussian SSR",
    "CSK": "Czechoslovakia",
    "CTE": "Canton and Enderbury Islands",
    "DDR": "German Democratic Republic",
    "DHY": "Dahomey",
    "FXX": "France, Metropolitan",
    "GEL": "Gilbert and Ellice Islands",
    "HVO": "Upper Volta",
    "JTN": "Johnston Island",
    "MID": "Midway Islands",
    "NHB": "New Hebrides",
    "NTZ": "Neutral Zone",
    "PCI": "Pacific Islands (Trust Territory)",
    "PCZ": "Panama Canal Zone",
    "PUS": "US Miscellaneous Pacific Islands",
    "RHO": "Southern Rhodesia",
    "SCG": "Serbia and Montenegro",
    "SKM": "Sikkim",
    "SUN": "USSR",
    "TMP": "East Timor",
    "VDR": "Viet-Nam, Democratic Republic of",
    "WAK": "Wake Island",
    "YMD": "Yemen, Democratic",
    "YUG": "Yugoslavia",
    "ZAR": "Zaire",
}
"""ISO 3166-3 alpha-3 codes of former countries.  MCPD allows them for ORIGCTY because old
accessions were collected in countries that no longer exist (e.g. SUN, YUG, CSK)."""

ISO3166_ALL: frozenset[str] = ISO3166_CURRENT | frozenset(ISO3166_HISTORIC)

WIEWS_CODE = re.compile(r"[A-Z]{3}\d{3,4}")
"""FAO WIEWS institute code: ISO 3166 alpha-3 country + 3 or 4 digits (CHN123, NLD037)."""


def is_wiews_code(value: str) -> bool:
    """True when ``value`` (already upper-cased and trimmed) has the WIEWS code form."""
    return WIEWS_CODE.fullmatch(value) is not None
