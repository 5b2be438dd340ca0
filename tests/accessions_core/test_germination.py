"""Germination tests: the result is normal seedlings / seeds sown, and the counts must add up."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

pytestmark = pytest.mark.usefixtures("english")


def test_result_is_normal_seedlings_over_seeds_sown(make_accession, make_seed_lot, make_test):
    lot = make_seed_lot(make_accession())
    test = make_test(lot, date(2024, 5, 2), [45, 44, 46, 43])
    assert test.result_pct == Decimal("89.00")
    assert test.seeds_sown == 200 and test.normal_total == 178


def test_rounding_is_to_two_decimals(app):
    from germbank.accessions.services.germination import germination_percent

    assert germination_percent(2, 3) == Decimal("66.67")
    assert germination_percent(1, 8) == Decimal("12.50")


def test_first_test_sets_a_missing_initial_germination(make_accession, make_seed_lot,
                                                       make_test):
    lot = make_seed_lot(make_accession(), initial_germination_pct=None)
    make_test(lot, date(2023, 1, 5), [47, 46, 48, 45])
    make_test(lot, date(2024, 1, 5), [40, 40, 40, 40])
    assert lot.initial_germination_pct == Decimal("93.00")


def test_test_is_audited(make_accession, make_seed_lot, make_test):
    from germbank import audit

    test = make_test(make_seed_lot(make_accession()), date(2024, 5, 2), [45, 44, 46, 43])
    [entry] = audit.history("germination_test", test.id)
    assert entry.changes["normal_counts"] == [45, 44, 46, 43]
    assert entry.changes["result_pct"] == "89.00"


@pytest.mark.parametrize(("changes", "field"), [
    ({"normal_counts": [45, 44, 46]}, "normal_counts"),          # 3 counts, 4 replicates
    ({"normal_counts": [45, 44, 46, 51]}, "normal_counts"),      # more than sown
    ({"normal_counts": [45, 44, 46, "x"]}, "normal_counts"),
    ({"normal_counts": []}, "normal_counts"),
    ({"replicates": 0}, "replicates"),
    ({"seeds_per_replicate": "fifty"}, "seeds_per_replicate"),
    ({"dead_count": 20, "abnormal_count": 5}, "abnormal_count"),  # 178 + 25 > 200
    ({"tested_on": date.today() + timedelta(days=1)}, "tested_on"),
    ({"tested_on": "2024-13-01"}, "tested_on"),
    ({"colour": "red"}, "colour"),
])
def test_inconsistent_counts_are_refused(make_accession, make_seed_lot, changes, field):
    from germbank.accessions.services.errors import ValidationFailed
    from germbank.accessions.services.germination import record_germination_test

    lot = make_seed_lot(make_accession())
    data = {"tested_on": date(2024, 5, 2), "replicates": 4, "seeds_per_replicate": 50,
            "normal_counts": [45, 44, 46, 43], **changes}
    with pytest.raises(ValidationFailed) as refused:
        record_germination_test(lot, data)
    assert field in refused.value.errors
    assert lot.germination_tests == []


def test_plants_are_not_germination_tested(make_accession, location):
    from germbank.accessions.services.errors import ValidationFailed
    from germbank.accessions.services.germination import record_germination_test
    from germbank.accessions.services.lots import create_lot

    lot = create_lot(make_accession(), {"kind": "plant", "lot_number": "P-1", "plant_count": 8,
                                        "location_id": location("GH1-B1-BED01").id})
    with pytest.raises(ValidationFailed) as refused:
        record_germination_test(lot, {"tested_on": date(2024, 1, 1), "replicates": 1,
                                      "seeds_per_replicate": 10, "normal_counts": [9]})
    assert "lot_id" in refused.value.errors


def test_the_lot_keeps_a_copy_of_its_latest_test(make_accession, make_seed_lot, make_test):
    from germbank.accessions.services.germination import delete_germination_test

    lot = make_seed_lot(make_accession())
    newest = make_test(lot, date(2024, 5, 2), [40, 40, 40, 40])
    make_test(lot, date(2023, 5, 2), [45, 45, 45, 45])  # entered late, older
    assert (lot.latest_tested_on, lot.latest_germination_pct) == (date(2024, 5, 2),
                                                                   Decimal("80.00"))
    delete_germination_test(newest)
    assert (lot.latest_tested_on, lot.latest_germination_pct) == (date(2023, 5, 2),
                                                                   Decimal("90.00"))
