"""The search indexes (migration 0007) change how accessions are found, never which.

Each filter is checked on both paths the search service writes for SQLite (the plain
conditions, and the ones that walk the list index ``ix_accessions_list``) and on
PostgreSQL's ``LIKE`` served by the trigram index: lists, counts and the API agree with
what a plain reading of the passports says. The query plans are checked where the database
tells them without timing: SQLite's ``EXPLAIN QUERY PLAN`` names the index it reads, and
PostgreSQL's ``EXPLAIN`` names the trigram index once sequential scans are ruled out.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.usefixtures("english")


def found(**args) -> list[str]:
    from germbank.accessions.services.search import AccessionFilter, filtered_query
    from germbank.extensions import db

    return [a.accenumb for a in db.session.scalars(filtered_query(
        AccessionFilter.from_args(args)))]


def counted(**args) -> int:
    from germbank.accessions.services.search import AccessionFilter, count_matching

    return count_matching(AccessionFilter.from_args(args))


def plan(query) -> str:
    """The database's plan for a query, as text."""
    from germbank.extensions import db

    connection = db.session.connection()
    sql = str(query.compile(connection, compile_kwargs={"literal_binds": True}))
    if connection.dialect.name == "sqlite":
        rows = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + sql.replace("%", "%%"))
        return "\n".join(row[3] for row in rows)
    connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
    rows = connection.exec_driver_sql("EXPLAIN " + sql.replace("%", "%%"))
    return "\n".join(row[0] for row in rows)


@pytest.fixture
def shelf(make_accession, make_seed_lot):
    """Ramie, kenaf and jute with Chinese names and characters LIKE would read as wildcards."""
    made = [
        make_accession(ACCENUMB="ZM-0101", GENUS="Boehmeria", SPECIES="nivea",
                       ACCENAME="Huangke zao;50% fibre", name_zh="沅江红麻苎", SAMPSTAT=300,
                       ORIGCTY="CHN", STORAGE="13"),
        make_accession(ACCENUMB="ZM-0102", GENUS="Boehmeria", SPECIES="nivea",
                       ACCENAME="Yuanjiang qing", name_zh="沅江青麻", SAMPSTAT=300,
                       ORIGCTY="CHN"),
        make_accession(ACCENUMB="HM-0201", GENUS="Hibiscus", SPECIES="cannabinus",
                       ACCENAME="Tainung_2", name_zh="台农2号", SAMPSTAT=410, ORIGCTY="TWN"),
        make_accession(ACCENUMB="HM-0202", GENUS="Hibiscus", SPECIES="cannabinus",
                       ACCENAME="Yuanjiang hongma", name_zh="沅江红麻", SAMPSTAT=300,
                       ORIGCTY="CHN", STORAGE="11;20"),
        make_accession(ACCENUMB="CM-0301", GENUS="Corchorus", SPECIES="capsularis",
                       ACCENAME="Guangfeng changguo", name_zh="广丰长果", SAMPSTAT=410,
                       ORIGCTY="CHN"),
    ]
    make_seed_lot(made[2], where="ST1-R1-S02", storage_type=13)
    make_seed_lot(made[3], where="ST1-R1-S01", storage_type=11)
    make_seed_lot(made[4], where="ST1-R3-S01", storage_type=12)
    return made


FILTERS = [
    ({"q": "沅江红麻"}, ["HM-0202", "ZM-0101"]),
    ({"q": "红麻"}, ["HM-0201", "HM-0202", "ZM-0101"]),  # kenaf is 红麻
    ({"q": "沅江"}, ["HM-0202", "ZM-0101", "ZM-0102"]),
    ({"q": "uanji"}, ["HM-0202", "ZM-0102"]),
    ({"q": "YUANJIANG hong"}, ["HM-0202"]),
    ({"q": "zm-01"}, ["ZM-0101", "ZM-0102"]),
    ({"q": "50%"}, ["ZM-0101"]),
    ({"q": "0%"}, ["ZM-0101"]),
    ({"q": "5_%"}, []),
    ({"q": "tainung_2"}, ["HM-0201"]),
    ({"q": "tainung%2"}, []),
    ({"genus": "BOEHMERIA"}, ["ZM-0101", "ZM-0102"]),
    ({"genus": "hibiscus", "sort": "-accenumb"}, ["HM-0202", "HM-0201"]),
    ({"genus": "Linum"}, []),
    ({"genus": "boehmeria", "q": "青"}, ["ZM-0102"]),
    ({"sampstat": "300", "origcty": "chn"}, ["HM-0202", "ZM-0101", "ZM-0102"]),
    ({"sampstat": "410", "q": "麻"}, ["HM-0201"]),
    ({"sampstat": "410", "q": "号"}, ["HM-0201"]),
    ({"storage": "13"}, ["HM-0201", "ZM-0101"]),
    ({"storage": "11", "q": "yuanjiang"}, ["HM-0202"]),
    ({"location": "ST1-R1"}, ["HM-0201", "HM-0202"]),
    ({"location": "ST1-R1", "genus": "hibiscus", "sampstat": "410"}, ["HM-0201"]),
    ({"location": "ST1", "sort": "-accenumb"}, ["HM-0202", "HM-0201", "CM-0301"]),
    ({"q": "麻", "sort": "genus"}, ["ZM-0101", "ZM-0102", "HM-0201", "HM-0202"]),
    ({"crop": "no-such-crop", "q": "麻"}, []),
]


@pytest.mark.parametrize(("args", "expected"), FILTERS, ids=[str(a) for a, _ in FILTERS])
def test_lists_and_counts_find_what_the_passports_say(shelf, args, expected):
    assert found(**args) == expected
    assert counted(**args) == len(expected)


def test_a_genus_is_found_in_every_spelling_stored(shelf):
    """Imported passports may spell a genus in another case; the filter ignores case."""
    import sqlalchemy as sa

    from germbank.extensions import db
    from germbank.models.accessions import Accession

    db.session.execute(sa.update(Accession).where(Accession.accenumb == "ZM-0102")
                       .values(genus="boehmeria"))
    db.session.commit()
    for spelling in ("Boehmeria", "boehmeria", "BOEHMERIA"):
        assert found(genus=spelling) == ["ZM-0101", "ZM-0102"]
        assert found(genus=spelling, sampstat="300", sort="-accenumb") == ["ZM-0102", "ZM-0101"]
        assert counted(genus=spelling) == 2
        assert counted(genus=spelling, q="沅江") == 2


def test_the_api_pages_and_counts_a_search_the_same_way(shelf, api_token):
    from flask import current_app

    client = current_app.test_client()
    headers = {"Authorization": f"Bearer {api_token('viewer')}", "Accept-Language": "en"}
    response = client.get("/api/v1/accessions", headers=headers,
                          query_string={"q": "沅江", "page_size": 2, "page": 2})
    assert response.status_code == 200
    assert [item["accenumb"] for item in response.json] == ["ZM-0102"]
    assert '"total": 3' in response.headers["X-Pagination"]
    response = client.get("/api/v1/accessions", headers=headers,
                          query_string={"genus": "HIBISCUS", "sort": "-accenumb"})
    assert [item["accenumb"] for item in response.json] == ["HM-0202", "HM-0201"]


def test_sqlite_reads_the_narrow_indexes_not_the_table(shelf):
    import sqlalchemy as sa

    from germbank.accessions.services.search import AccessionFilter, filtered_query
    from germbank.extensions import db
    from germbank.models.accessions import Accession

    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite query plans")

    def where(**args):
        return filtered_query(AccessionFilter.from_args(args)).whereclause

    count = plan(sa.select(sa.func.count()).select_from(Accession).where(where(q="红麻")))
    assert "COVERING INDEX ix_accessions_search_text" in count
    for args in ({"q": "红麻"}, {"genus": "hibiscus"}, {"sampstat": "300", "origcty": "CHN"},
                 {"location": "ST1-R1", "q": "yuanjiang"}, {"storage": "13"}):
        page = plan(filtered_query(AccessionFilter.from_args(args))
                    .with_only_columns(Accession.id).limit(50))
        assert "SCAN accessions USING COVERING INDEX ix_accessions_list" in page, (args, page)
        assert "TEMP B-TREE" not in page, (args, page)
    lots = plan(filtered_query(AccessionFilter.from_args({"location": "ST1-R1"}))
                .with_only_columns(Accession.id))
    assert "COVERING INDEX ix_inventory_lots_location_status_accession" in lots
    lots = plan(filtered_query(AccessionFilter.from_args({"storage": "13"}))
                .with_only_columns(Accession.id))
    assert "COVERING INDEX ix_inventory_lots_storage_status_accession" in lots


def test_postgresql_serves_the_search_from_the_trigram_index(shelf):
    import sqlalchemy as sa

    from germbank.accessions.services.search import AccessionFilter, filtered_query
    from germbank.extensions import db
    from germbank.models.accessions import Accession

    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL query plans")
    query = filtered_query(AccessionFilter.from_args({"q": "yuanjiang"}))
    assert "ix_accessions_search_text" in plan(query.order_by(None))
    count = sa.select(sa.func.count()).select_from(Accession).where(query.whereclause)
    assert "ix_accessions_search_text" in plan(count)
    db.session.rollback()
