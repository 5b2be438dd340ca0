"""The benchmark harness itself: statistics, targets, and how RESULTS.md is kept.

No timings are asserted here; these check that the numbers a benchmark reports are computed
and written the way RESULTS.md promises.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bench.common import (
    Figure,
    Machine,
    Run,
    at_least,
    at_most,
    command_line,
    exactly,
    fmt,
    markdown_table,
    parse_summary,
    percentile,
    summarize,
    update_results,
)

MACHINE = Machine(cores=2, memory_gb=23.4, cpu_model="Test CPU", python="3.11.2", commit="abc1234")


def make_run(figures, *, quick=False, when=datetime(2026, 11, 27, 23, 0, tzinfo=UTC), notes=()):
    return Run(
        benchmark="ingest", command="python -m bench.ingest", quick=quick, figures=figures,
        details_headers=("Trial", "msg/s"), details_rows=[(1, 12000.0)], notes=list(notes),
        machine=MACHINE, finished_at=when,
    )


def test_percentile_interpolates_like_numpy():
    values = [10, 20, 30, 40]
    assert percentile(values, 50) == 25
    assert percentile(values, 0) == 10
    assert percentile(values, 100) == 40
    assert percentile(values, 95) == pytest.approx(38.5)
    assert percentile([7], 95) == 7


def test_percentile_refuses_empty_input_and_bad_rank():
    with pytest.raises(ValueError):
        percentile([], 50)
    with pytest.raises(ValueError):
        percentile([1, 2], 101)


def test_summary_of_unsorted_latencies():
    summary = summarize([5.0, 1.0, 3.0, 2.0, 4.0])
    assert (summary.count, summary.p50, summary.minimum, summary.maximum) == (5, 3.0, 1.0, 5.0)
    assert summary.mean == 3.0
    assert summary.p95 == pytest.approx(4.8)


def test_targets_decide_met_and_informational_figures_have_none():
    assert Figure("rate", 31_000, "readings/s", at_least(30_000)).met is True
    assert Figure("p95", 51.0, "ms", at_most(50)).met is False
    assert Figure("lost", 0, "", exactly(0)).met is True
    assert Figure("publisher rate", 90_000, "msg/s").met is None
    assert at_least(30_000, "readings/s").text() == "≥ 30,000 readings/s"


def test_numbers_are_readable():
    assert fmt(31234.6) == "31,235"
    assert fmt(12.345) == "12.3"
    assert fmt(0.01234) == "0.0123"
    assert fmt(0) == "0"
    assert fmt(None) == "–"


def test_command_line_is_reproducible():
    assert command_line("bench.ingest", ["--quick", "--backend", "sqlite"]) == (
        "python -m bench.ingest --quick --backend sqlite"
    )


def test_markdown_table_escapes_pipes():
    table = markdown_table(("a", "b"), [("x|y", 1500)])
    assert table.splitlines()[2] == "| x\\|y | 1,500 |"


def test_first_run_creates_summary_and_section(tmp_path):
    path = tmp_path / "RESULTS.md"
    figure = Figure("SQLite readings/s", 31_000, "readings/s", at_least(30_000))
    update_results(make_run([figure]), path)
    text = path.read_text()
    rows = parse_summary(text)
    assert rows == [[
        "ingest", "SQLite readings/s", "31,000 readings/s", "≥ 30,000 readings/s", "yes",
        "2026-11-27 23:00 UTC full",
    ]]
    assert "### 2026-11-27 23:00 UTC · ingest · full" in text
    assert "- Command: `python -m bench.ingest`" in text
    assert ("2 cores (Test CPU), 23.4 GB memory, Python 3.11.2, commit abc1234, "
            "load 0.00/0.00/0.00") in text


def test_later_run_replaces_its_row_keeps_others_and_hand_notes(tmp_path):
    path = tmp_path / "RESULTS.md"
    update_results(make_run([
        Figure("SQLite readings/s", 31_000, "readings/s", at_least(30_000)),
        Figure("ratio", 12.0, "×", at_least(10)),
    ]), path)
    hand_written = "## Why some figures miss\n\nhand note\n\n## Runs"
    path.write_text(path.read_text().replace("## Runs", hand_written))
    later = datetime(2026, 11, 28, 0, 10, tzinfo=UTC)
    update_results(make_run([Figure("ratio", 9.0, "×", at_least(10, "×"))], when=later), path)
    text = path.read_text()
    rows = {row[1]: row for row in parse_summary(text)}
    assert rows["SQLite readings/s"][2] == "31,000 readings/s"
    assert rows["ratio"][2:] == ["9.00 ×", "≥ 10 ×", "**no**", "2026-11-28 00:10 UTC full"]
    assert "hand note" in text
    assert text.count("· ingest · full") == 2


def test_quick_run_does_not_replace_a_full_figure_but_fills_a_new_one(tmp_path):
    path = tmp_path / "RESULTS.md"
    update_results(make_run([Figure("SQLite readings/s", 31_000, "readings/s")]), path)
    update_results(make_run(
        [
            Figure("SQLite readings/s", 5_000, "readings/s"),
            Figure("PostgreSQL readings/s", 20_000, "readings/s"),
        ],
        quick=True,
    ), path)
    rows = {row[1]: row for row in parse_summary(path.read_text())}
    assert rows["SQLite readings/s"][2] == "31,000 readings/s"
    assert rows["PostgreSQL readings/s"][5].endswith("quick")
    assert "· ingest · quick" in path.read_text()
