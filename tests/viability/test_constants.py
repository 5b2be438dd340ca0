"""Crop constants say where they come from and when they are borrowed."""

import pytest

from germbank.viability.constants import (
    BAST_FIBRE_CONSTANTS,
    COTTON,
    CropConstants,
    default_constants,
)

BAST_CROPS = ["ramie", "kenaf", "jute", "hemp", "flax", "sisal", "abutilon", "apocynum"]


def test_every_bast_fibre_crop_has_constants_with_a_source():
    for crop in BAST_CROPS:
        constants = default_constants(crop)
        assert constants.source and constants.species


def test_substitutes_say_which_species_they_borrow_from():
    for constants in BAST_FIBRE_CONSTANTS.values():
        assert constants.is_substitute
        assert constants.substitute_for == "Gossypium hirsutum (cotton)"
        assert constants.source.startswith("Substitute: cotton constants")
        assert (constants.ke, constants.cw) == (COTTON.ke, COTTON.cw)


def test_cotton_is_published_not_substitute():
    assert not COTTON.is_substitute and COTTON.substitute_for is None
    assert (COTTON.ke, COTTON.cw, COTTON.ch, COTTON.cq) == (9.240, 5.190, 0.03965, 0.000426)


def test_hemp_warns_that_the_substitute_is_optimistic():
    assert "OPTIMISTIC" in default_constants("hemp").note


def test_substitute_without_a_named_species_is_refused():
    with pytest.raises(ValueError, match="substitute_for"):
        CropConstants(ke=9, cw=5, crop="x", species="y", source="z", is_substitute=True)


def test_unknown_crop_lists_the_known_ones():
    with pytest.raises(KeyError, match="kenaf"):
        default_constants("maize")
