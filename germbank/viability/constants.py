"""Default viability constants for GermBank's crops, each with where it comes from.

Why: the forecast is only as good as KE and CW, and for most bast-fibre crops nobody has
published them. Every set therefore says its source, whether it is a stand-in borrowed from
another species (`is_substitute`, `substitute_for`), and what that means for the agronomist.
These are defaults: the application stores editable copies per crop, and calibration against
the bank's own germination tests (calibration.py) should replace KE as soon as it can.

What the search of the literature found (see docs/viability.md, "Constants"):
- Cotton (Gossypium hirsutum, Malvaceae) has a full published set (below); it is the only
  Malvaceae crop with published constants we could find, so kenaf, jute and Abutilon use it.
- No published constants were found for ramie, kenaf, jute, hemp, flax/linseed, sisal,
  Abutilon or Apocynum. For the non-Malvaceae crops the cotton set is used as a generic
  oily-dicot stand-in, clearly marked; hemp has storage data showing it is optimistic.
"""

from __future__ import annotations

from dataclasses import dataclass

from germbank.viability.equation import SpeciesConstants

COTTON_CITATION = (
    "Prediction of cottonseed longevity. Pesquisa Agropecuária Brasileira 41(9): 1435–1441 "
    "(2006), SciELO S0100-204X2006000900013 (Coordenadoria de Defesa Agropecuária, Campinas, "
    "and University of Reading): KE 9.240, CW 5.190, CH 0.03965, CQ 0.000426, fitted on seed "
    "lots of cultivars IAC-19 and IAC-20 stored at 40–65 °C and 2.2–21.7 % moisture."
)
RICE_CITATION = (
    "Oryza sativa constants KE 8.242, CW 4.345, CH 0.0307, CQ 0.000501 attributed to Ellis "
    "et al. in the viabilityconstants dataset of the R package viabilitymetrics (Aravind et "
    "al., ICAR-NBPGR; compiled mainly from Hong, Linington & Ellis 1996, Seed Storage "
    "Behaviour: a Compendium, IPGRI Handbook for Genebanks 4)."
)
# Ellis, Hong & Roberts (1992, Annals of Botany 69: 53–58) showed the log-linear moisture term
# stops below a species-specific low moisture content; cottonseed's published limit is 3.6 %.
COTTON_MOISTURE_FLOOR_PCT = 3.6


@dataclass(frozen=True, kw_only=True)
class CropConstants(SpeciesConstants):
    """A crop's constants plus their provenance, as shown to agronomists.

    substitute_for: when `is_substitute`, the species whose published constants stand in for
    this crop's own (which are unknown). moisture_floor_pct: moisture below which drying is
    assumed to bring no further benefit (the low-moisture-content limit).
    """

    crop: str
    species: str
    source: str
    is_substitute: bool
    substitute_for: str | None = None
    note: str = ""
    moisture_floor_pct: float = COTTON_MOISTURE_FLOOR_PCT

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.is_substitute and not self.substitute_for:
            raise ValueError(f"{self.crop}: a substitute set must name substitute_for")
        if not self.is_substitute and self.substitute_for:
            raise ValueError(f"{self.crop}: substitute_for given but is_substitute is False")
        if not 0 < self.moisture_floor_pct < 25:
            raise ValueError(f"{self.crop}: moisture_floor_pct must be between 0 and 25")


COTTON = CropConstants(
    crop="cotton",
    species="Gossypium hirsutum",
    ke=9.240,
    cw=5.190,
    ch=0.03965,
    cq=0.000426,
    source=COTTON_CITATION,
    is_substitute=False,
    note="Reference set; hard seeds appeared below 6 % moisture in the source study.",
)

RICE = CropConstants(
    crop="rice",
    species="Oryza sativa",
    ke=8.242,
    cw=4.345,
    ch=0.0307,
    cq=0.000501,
    source=RICE_CITATION,
    is_substitute=False,
    note="Reference set used to check GermBank against published worked examples.",
    moisture_floor_pct=5.0,
)


def _cotton_substitute(crop: str, species: str, why: str, note: str) -> CropConstants:
    """A crop set that borrows cotton's published constants, saying why."""
    return CropConstants(
        crop=crop,
        species=species,
        ke=COTTON.ke,
        cw=COTTON.cw,
        ch=COTTON.ch,
        cq=COTTON.cq,
        source=f"Substitute: cotton constants ({why}). {COTTON_CITATION}",
        is_substitute=True,
        substitute_for="Gossypium hirsutum (cotton)",
        note=note,
    )


_CALIBRATE = "Fit KE from this bank's own germination tests as soon as three or more exist."

BAST_FIBRE_CONSTANTS: dict[str, CropConstants] = {
    "ramie": _cotton_substitute(
        "ramie",
        "Boehmeria nivea",
        "no published constants for ramie or any Urticaceae crop were found",
        "Ramie is conserved mainly as living plants; seed lots are small. " + _CALIBRATE,
    ),
    "kenaf": _cotton_substitute(
        "kenaf",
        "Hibiscus cannabinus",
        "no published constants for kenaf; cotton is its closest relative with a set, "
        "both Malvaceae",
        "Consistent in order of magnitude with Meints & Smith (2003, Industrial Crops and "
        "Products 17: 9–14): kenaf kept > 80 % germination after 4 years at 10 °C. " + _CALIBRATE,
    ),
    "jute": _cotton_substitute(
        "jute",
        "Corchorus capsularis, C. olitorius",
        "no published constants for jute; Corchorus is now placed in Malvaceae with cotton",
        "Jute seed deteriorates quickly in hot humid ambient storage, C. olitorius faster "
        "than C. capsularis (Basu et al., Maintenance of vigour and viability of stored jute "
        "seeds). " + _CALIBRATE,
    ),
    "hemp": _cotton_substitute(
        "hemp",
        "Cannabis sativa",
        "no published constants for hemp or any Cannabaceae crop were found",
        "Likely OPTIMISTIC for hemp: Small & Brookes (2012, Journal of Natural Fibers 9: "
        "240–255) saw germination fall to zero within 18 months at 11 % moisture and 20 °C, "
        "where the cotton set predicts about 80 % left from an initial 95 %. Parihar et al. "
        "(2014, Indian Journal of Agricultural Sciences 84: 1303–1309) give further storage "
        "data. " + _CALIBRATE,
    ),
    "flax": _cotton_substitute(
        "flax",
        "Linum usitatissimum",
        "no published constants for flax/linseed or any Linaceae crop were found",
        "Linseed is an oily seed (high oil lowers the safe moisture content). " + _CALIBRATE,
    ),
    "sisal": _cotton_substitute(
        "sisal",
        "Agave sisalana",
        "no published constants for Agave were found; no closer relative with a set",
        "Sisal is propagated from bulbils and suckers and kept as living plants; this set "
        "only matters for occasional seed lots. " + _CALIBRATE,
    ),
    "abutilon": _cotton_substitute(
        "abutilon",
        "Abutilon theophrasti",
        "no published constants for Abutilon; cotton is a Malvaceae relative",
        "Abutilon seeds are often hard-coated; hard seeds can make tests read low. " + _CALIBRATE,
    ),
    "apocynum": _cotton_substitute(
        "apocynum",
        "Apocynum venetum",
        "no published constants for Apocynum or any Apocynaceae crop were found",
        "Apocynum is also kept as living plants. " + _CALIBRATE,
    ),
}

REFERENCE_CONSTANTS: dict[str, CropConstants] = {"cotton": COTTON, "rice": RICE}


def default_constants(crop: str) -> CropConstants:
    """The default set for a crop code (bast-fibre crops and the reference crops)."""
    key = crop.strip().lower()
    found = BAST_FIBRE_CONSTANTS.get(key) or REFERENCE_CONSTANTS.get(key)
    if found is None:
        known = ", ".join(sorted(BAST_FIBRE_CONSTANTS | REFERENCE_CONSTANTS))
        raise KeyError(f"no default viability constants for crop {crop!r}; known: {known}")
    return found
