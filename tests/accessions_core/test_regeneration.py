"""Regeneration rules of the standards file, on worked examples at each boundary."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

pytestmark = pytest.mark.usefixtures("english")

TODAY = date(2025, 6, 1)
RECENT = date(2025, 5, 2)


def due(accession, today: date = TODAY) -> dict[str, list]:
    """Reasons of one accession by code; the SQL form of the rules must find the same codes."""
    from germbank.accessions.services.regeneration import reasons_for
    from germbank.accessions.services.regeneration_sql import due_reasons_query
    from germbank.extensions import db

    found: dict[str, list] = {}
    for reason in reasons_for(accession, today):
        found.setdefault(reason.code, []).append(reason)
    in_sql = {code for accession_id, code in db.session.execute(due_reasons_query(today))
              if accession_id == accession.id}
    assert in_sql == set(found)
    return found


# 4 replicates x 50 seeds = 200 sown; counts give the exact percentage.
COUNTS = {"76.5": [39, 38, 38, 38], "76": [38, 38, 38, 38], "75": [38, 37, 38, 37],
          "90": [45, 45, 45, 45]}


def test_rule_arithmetic_is_exact(app):
    from germbank.accessions.services import rules

    assert rules.germination_threshold(Decimal("90"), Decimal("0.85")) == Decimal("76.5")
    assert not rules.germination_too_low(Decimal("76.5"), Decimal("90"), Decimal("0.85"))
    assert rules.germination_too_low(Decimal("76.49"), Decimal("90"), Decimal("0.85"))
    assert rules.viable_seeds(2000, Decimal("75")) == 1500


@pytest.mark.parametrize(("latest", "is_due"), [("76.5", False), ("76", True)])
def test_germination_below_85_percent_of_initial(make_accession, make_seed_lot, make_test,
                                                 latest, is_due):
    lot = make_seed_lot(make_accession(), initial_germination_pct=Decimal("90"))
    make_test(lot, RECENT, COUNTS[latest])
    reasons = due(lot.accession).get("low_germination", [])
    assert bool(reasons) is is_due
    if is_due:
        assert "germination 76 % < 76.5 % (85 % of initial 90 %)" in reasons[0].message
        assert reasons[0].lot_id == lot.id
        assert reasons[0].values["threshold"] == "76.5"


def test_the_crop_can_set_its_own_threshold(bank, make_accession, make_seed_lot, make_test):
    from germbank.extensions import db

    bank["kenaf"].regeneration_threshold = Decimal("0.9")
    db.session.commit()
    lot = make_seed_lot(make_accession(), initial_germination_pct=Decimal("90"))
    make_test(lot, RECENT, COUNTS["76.5"])  # 76.5 < 81 = 90 % of 90
    assert "low_germination" in due(lot.accession)


@pytest.mark.parametrize(("crop", "seeds", "is_due"), [
    ("kenaf", 2000, False),   # self-pollinating: 2000 x 75 % = 1500, not below 1500
    ("kenaf", 1999, True),    # 1499.25 viable
    ("hemp", 4000, False),    # cross-pollinating: 4000 x 75 % = 3000, not below 3000
    ("hemp", 3999, True),
])
def test_viable_stock_below_the_crop_minimum(make_accession, make_seed_lot, make_test, crop,
                                             seeds, is_due):
    genus, species = {"kenaf": ("Hibiscus", "cannabinus"), "hemp": ("Cannabis", "sativa")}[crop]
    lot = make_seed_lot(make_accession(GENUS=genus, SPECIES=species), seed_count=seeds,
                        initial_germination_pct=Decimal("85"))
    make_test(lot, RECENT, COUNTS["75"])  # 75 % is above 85 % of 85 % (72.25 %)
    reasons = due(lot.accession)
    assert ("low_stock" in reasons) is is_due
    assert "low_germination" not in reasons
    if is_due:
        assert reasons["low_stock"][0].values["minimum"] == (1500 if crop == "kenaf" else 3000)


def test_stock_adds_up_the_active_lots_of_the_accession(make_accession, make_seed_lot,
                                                        make_test):
    accession = make_accession()
    for count in (1000, 1000):
        make_test(make_seed_lot(accession, seed_count=count), RECENT, COUNTS["90"])
    make_seed_lot(accession, seed_count=50_000, status="depleted")
    assert "low_stock" not in due(accession)  # 2 x 900 = 1800 viable >= 1500


def test_a_depleted_accession_has_no_stock(make_accession, make_seed_lot):
    accession = make_accession()
    make_seed_lot(accession, seed_count=0, status="depleted")
    [reason] = due(accession)["low_stock"]
    assert reason.values == {"viable": 0, "minimum": 1500, "seeds": 0}


@pytest.mark.parametrize(("where", "last_test", "today", "is_due"), [
    ("ST1-R1-S01", date(2024, 5, 2), date(2025, 5, 2), False),   # short-term: 1 year, due day
    ("ST1-R1-S01", date(2024, 5, 2), date(2025, 5, 3), True),    # the day after
    ("ST1-R3-S01", date(2020, 5, 2), date(2025, 5, 2), False),   # medium-term: 5 years
    ("ST1-R3-S01", date(2020, 5, 2), date(2025, 5, 3), True),
])
def test_germination_test_overdue_by_store_climate(make_accession, make_seed_lot, make_test,
                                                   where, last_test, today, is_due):
    lot = make_seed_lot(make_accession(), where=where)
    make_test(lot, last_test, COUNTS["90"])
    reasons = due(lot.accession, today)
    assert ("test_overdue" in reasons) is is_due
    if is_due:
        assert reasons["test_overdue"][0].values["due"] == today.replace(day=2).isoformat()


def test_the_crop_can_set_its_own_monitoring_interval(bank, make_accession, make_seed_lot,
                                                      make_test):
    from germbank.extensions import db

    bank["kenaf"].monitoring_interval_years = 3
    db.session.commit()
    lot = make_seed_lot(make_accession(), where="ST1-R1-S01")
    make_test(lot, date(2022, 5, 2), COUNTS["90"])
    assert "test_overdue" not in due(lot.accession, date(2025, 5, 2))
    assert "test_overdue" in due(lot.accession, date(2025, 5, 3))


def test_a_lot_never_tested_is_overdue_a_year_after_harvest(make_accession, make_seed_lot):
    lot = make_seed_lot(make_accession(), harvest_date=date(2023, 9, 1))
    assert "test_overdue" in due(lot.accession, date(2024, 9, 2))
    assert "test_overdue" not in due(lot.accession, date(2024, 9, 1))


@pytest.mark.parametrize(("plants", "is_due"), [(5, False), (4, True)])
def test_living_collection_below_five_plants(make_accession, location, plants, is_due):
    from germbank.accessions.services.lots import create_lot

    accession = make_accession(GENUS="Boehmeria", SPECIES="nivea")
    create_lot(accession, {"kind": "plant", "lot_number": "P-1", "plant_count": plants,
                           "location_id": location("GH1-B1-BED01").id})
    reasons = due(accession)
    assert ("few_plants" in reasons) is is_due
    if is_due:
        assert reasons["few_plants"][0].message == "4 living plants < minimum 5"


def test_every_reason_is_reported_together(make_accession, make_seed_lot, make_test,
                                           location):
    from germbank.accessions.services.lots import create_lot
    from germbank.accessions.services.regeneration import regeneration_due

    accession = make_accession(ACCENUMB="ALL-1")
    lot = make_seed_lot(accession, seed_count=500, initial_germination_pct=Decimal("90"))
    make_test(lot, date(2023, 1, 10), COUNTS["76"])
    create_lot(accession, {"kind": "plant", "lot_number": "P-ALL", "plant_count": 2,
                           "location_id": location("GH1-B1-BED01").id})
    healthy = make_accession(ACCENUMB="OK-1")
    make_test(make_seed_lot(healthy), RECENT, COUNTS["90"])
    [item] = regeneration_due(TODAY)
    assert item.accenumb == "ALL-1"
    assert item.reason_codes == ["low_germination", "low_stock", "test_overdue", "few_plants"]


def test_discarded_lots_are_ignored(make_accession, make_seed_lot, make_test):
    lot = make_seed_lot(make_accession(), status="discarded")
    make_test(lot, RECENT, COUNTS["76"])
    assert due(lot.accession) == {}


def test_home_summary_counts(make_accession, make_seed_lot, make_test):
    from germbank.accessions.services.summary import home_summary

    make_test(make_seed_lot(make_accession()), RECENT, COUNTS["76"])
    make_test(make_seed_lot(make_accession()), RECENT, COUNTS["90"])
    card = home_summary(TODAY)
    assert card["accessions"] == 2 and card["seed_lots"] == 2 and card["plant_lots"] == 0
    assert card["due"] == {"low_germination": 1, "low_stock": 0, "test_overdue": 0,
                           "few_plants": 0}
    assert card["due_total"] == 1
    assert card["tests_this_year"] == 2


def test_leap_day_cutoffs_match_the_python_rule(app):
    from datetime import timedelta

    from germbank.accessions.services import rules
    from germbank.accessions.services.regeneration_sql import overdue_cutoff

    for today in (date(2028, 2, 29), date(2028, 3, 1), date(2025, 2, 28), date(2025, 3, 1)):
        for years in (1, 4, 5):
            cutoff = overdue_cutoff(today, years)
            for reference in (cutoff - timedelta(days=1), cutoff):
                assert rules.is_test_overdue(reference, years, today) is (reference < cutoff)


def test_estimated_count_from_weight_when_not_counted(make_accession, make_seed_lot,
                                                      make_test):
    # 30 g at 25 g per thousand seeds = 1200 seeds: below 1500 even at 100 % germination.
    lot = make_seed_lot(make_accession(), seed_count=None, grams="30",
                        thousand_seed_weight_g="25")
    make_test(lot, RECENT, COUNTS["90"])
    [reason] = due(lot.accession)["low_stock"]
    assert reason.values["seeds"] == 1200
