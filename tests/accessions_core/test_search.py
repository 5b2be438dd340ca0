"""Finding accessions: Chinese names, numbers, filters, location subtrees and sorting."""

from __future__ import annotations

from datetime import date

import pytest

pytestmark = pytest.mark.usefixtures("english")


def found(**args) -> list[str]:
    from germbank.accessions.services.search import AccessionFilter, filtered_query
    from germbank.extensions import db

    return [a.accenumb for a in db.session.scalars(filtered_query(
        AccessionFilter.from_args(args)))]


@pytest.fixture
def collection(make_accession, make_seed_lot):
    ramie = make_accession(ACCENUMB="ZM-0001", GENUS="Boehmeria", SPECIES="nivea",
                           ACCENAME="Huangke zao", name_zh="黄壳早", SAMPSTAT=300,
                           ORIGCTY="CHN", ACQDATE="2019----", COLLNUMB="HN-2019-07")
    kenaf = make_accession(ACCENUMB="HM-0002", GENUS="Hibiscus", SPECIES="cannabinus",
                           ACCENAME="Tainung 2", name_zh="台农2号", SAMPSTAT=500,
                           ORIGCTY="TWN", ACQDATE="20150301", STORAGE="12",
                           OTHERNUMB="USA022:PI 1234")
    hemp = make_accession(ACCENUMB="DM-0003", GENUS="Cannabis", SPECIES="sativa",
                          name_zh="云麻1号", SAMPSTAT=300, ORIGCTY="CHN", ACQDATE="2021----")
    make_seed_lot(kenaf, where="ST1-R1-S02", storage_type=11)
    make_seed_lot(hemp, where="ST1-R3-S01", storage_type=12)
    return ramie, kenaf, hemp


def test_chinese_names_and_crop_names_are_searchable(collection):
    assert found(q="黄壳") == ["ZM-0001"]
    assert found(q="苎麻") == ["ZM-0001"]
    assert found(q="麻1号") == ["DM-0003"]


def test_numbers_and_words_are_searchable_case_insensitively(collection):
    assert found(q="zm-0001") == ["ZM-0001"]
    assert found(q="hn-2019") == ["ZM-0001"]
    assert found(q="pi 1234") == ["HM-0002"]
    assert found(q="tainung 2") == ["HM-0002"]
    assert found(q="nothing-like-this") == []


def test_search_wildcards_are_taken_literally(collection):
    assert found(q="%") == [] and found(q="_") == []


def test_filters_combine(collection):
    assert found(sampstat="300", sort="accenumb") == ["DM-0003", "ZM-0001"]
    assert found(sampstat="300", origcty="chn", genus="cannabis") == ["DM-0003"]
    assert found(crop="kenaf") == ["HM-0002"]
    assert found(crop="no-such-crop") == []
    assert found(species="NIVEA") == ["ZM-0001"]


def test_storage_matches_passport_or_lots(collection):
    assert found(storage="12", sort="accenumb") == ["DM-0003", "HM-0002"]
    assert found(storage="11") == ["HM-0002"]


def test_location_includes_sub_locations(collection):
    assert found(location="ST1-R1-S02") == ["HM-0002"]
    assert found(location="ST1", sort="accenumb") == ["DM-0003", "HM-0002"]
    assert found(location="GH1") == []
    assert found(location="NOWHERE") == []


def test_sorting_both_ways(collection):
    assert found(sort="acqdate") == ["HM-0002", "ZM-0001", "DM-0003"]
    assert found(sort="-acqdate") == ["DM-0003", "ZM-0001", "HM-0002"]
    assert found(sort="genus") == ["ZM-0001", "DM-0003", "HM-0002"]
    assert found(sort="-origcty")[0] == "HM-0002"


def test_regeneration_due_filter(collection, make_test):
    from germbank.extensions import db

    _ramie, kenaf, _hemp = collection
    make_test(kenaf.lots[0], date(2025, 1, 10), [30, 30, 30, 30])  # 60 % < 76.5 %
    db.session.expire_all()
    assert "HM-0002" in found(regeneration_due="1")
    assert "ZM-0001" not in found(regeneration_due="1")


@pytest.mark.parametrize(("args", "field"), [
    ({"sampstat": "abc"}, "sampstat"), ({"sampstat": "350"}, "sampstat"),
    ({"origcty": "CN"}, "origcty"), ({"storage": "14"}, "storage"),
    ({"sort": "colour"}, "sort"), ({"regeneration_due": "maybe"}, "regeneration_due"),
])
def test_bad_filter_values_are_reported_by_field(app, args, field):
    from germbank.accessions.services.errors import ValidationFailed
    from germbank.accessions.services.search import AccessionFilter

    with pytest.raises(ValidationFailed) as refused:
        AccessionFilter.from_args(args)
    assert list(refused.value.errors) == [field]


def test_filter_round_trips_through_query_arguments(app):
    from germbank.accessions.services.search import AccessionFilter

    given = AccessionFilter(q="黄", sampstat=300, regeneration_due=True, sort="-genus")
    assert AccessionFilter.from_args(given.as_args()) == given


def test_count_matches_the_list(collection):
    from germbank.accessions.services.search import AccessionFilter, count_matching

    assert count_matching(AccessionFilter(sampstat=300)) == 2
    assert count_matching(AccessionFilter(q="黄壳", location="GH1")) == 0
    assert count_matching(AccessionFilter()) == 3


def test_counting_on_a_second_connection_agrees_with_the_session(app, collection, api_token):
    from germbank.accessions.services.counting import start_counting
    from germbank.accessions.services.search import AccessionFilter, count_matching

    for params in (AccessionFilter(sampstat=300), AccessionFilter(q="黄壳", location="GH1"),
                   AccessionFilter(), AccessionFilter(storage=12)):
        assert start_counting(params).result(timeout=30) == count_matching(params)
    answer = app.test_client().get("/api/v1/accessions?sampstat=300",
                        headers={"Authorization": f"Bearer {api_token('viewer')}"})
    assert answer.status_code == 200
    assert '"total": 2' in answer.headers["X-Pagination"]
