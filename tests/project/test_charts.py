"""The Gantt and S-curve SVGs: well-formed, complete, accessible and safe with any text."""

import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from germbank.project.budget import BudgetLine, Payment
from germbank.project.gantt import GanttLabels, render_gantt
from germbank.project.schedule import Dependency, Task, build_schedule
from germbank.project.scurve import SCurveLabels, render_scurve
from germbank.project.spend import spend_series

NS = {"s": "http://www.w3.org/2000/svg"}
STATUS = date(2024, 4, 10)


def _tasks():
    """Design done late, tendering in progress, then two branches into a milestone."""
    return [
        Task("design", "设计 Design", date(2024, 1, 8), date(2024, 2, 29),
             actual_start=date(2024, 1, 8), actual_finish=date(2024, 3, 5),
             percent_complete=Decimal(100), baseline_start=date(2024, 1, 8),
             baseline_finish=date(2024, 2, 29)),
        Task("tender", "招标 Tendering", date(2024, 3, 1), date(2024, 4, 15),
             actual_start=date(2024, 3, 6), percent_complete=Decimal(60),
             dependencies=(Dependency("design"),)),
        Task("found", "基础 Foundations", date(2024, 4, 16), date(2024, 6, 15),
             dependencies=(Dependency("tender", 3),)),
        Task("green", "试验大棚 Greenhouse", date(2024, 4, 16), date(2024, 5, 31),
             dependencies=(Dependency("tender"),)),
        Task("accept", "竣工验收 Acceptance", date(2024, 6, 30), date(2024, 6, 30),
             is_milestone=True, baseline_finish=date(2024, 6, 30),
             dependencies=(Dependency("found"), Dependency("green"))),
    ]


def _gantt(tasks=None, **options):
    svg = render_gantt(build_schedule(tasks or _tasks(), STATUS), **options)
    return svg, ET.fromstring(svg)


def _group(root, key):
    return root.find(f".//s:g[@id='task-{key}']", NS)


def test_gantt_has_a_row_with_a_title_for_every_task():
    svg, root = _gantt()
    assert root.get("role") == "img"
    assert root.find("s:title", NS).text == "Project schedule"
    for task in _tasks():
        group = _group(root, task.key)
        assert group is not None, task.key
        assert group.find("s:title", NS).text.startswith(task.name)
    assert "Noto Sans CJK SC" in root.get("font-family")
    assert "试验大棚 Greenhouse" in svg


def test_gantt_draws_baselines_progress_milestones_dependencies_and_today():
    _, root = _gantt()
    design = _group(root, "design")
    assert design.find("s:rect[@class='baseline']", NS) is not None
    assert design.find("s:rect[@class='actual']", NS) is not None
    tender = _group(root, "tender")  # in progress: solid up to today, dashed after
    assert tender.find("s:rect[@class='actual']", NS) is not None
    assert tender.find("s:rect[@class='forecast']", NS) is not None
    assert tender.find("s:rect[@class='progress']", NS) is not None
    accept = _group(root, "accept")
    assert accept.find("s:polygon[@class='diamond']", NS) is not None
    assert accept.find("s:polygon[@class='baseline']", NS) is not None
    arrows = root.findall(".//s:path[@class='dependency']", NS)
    assert len(arrows) == 5
    titles = {a.find("s:title", NS).text for a in arrows}
    assert "基础 Foundations → 竣工验收 Acceptance, lag 0 d" in titles
    today = root.find(".//s:g[@class='today']", NS)
    assert today.find("s:title", NS).text == "Today 2024-04-10"


def test_gantt_highlights_the_critical_path():
    _, root = _gantt()
    critical = {g.get("id") for g in root.findall(".//s:g", NS)
                if "critical" in (g.get("class") or "").split()}
    assert critical == {"task-tender", "task-found", "task-accept"}
    assert "critical path" in _group(root, "found").find("s:title", NS).text.lower()
    assert root.find("s:desc", NS).text.endswith(
        "critical path: 招标 Tendering → 基础 Foundations → 竣工验收 Acceptance.")


def test_gantt_marks_overdue_and_at_risk_rows():
    tasks = _tasks()
    _, root = _gantt(tasks, today=STATUS)
    flags = {g.get("id"): g.find("s:text[@class='flag']", NS)
             for g in root.iter(f"{{{NS['s']}}}g") if g.get("id", "").startswith("task-")}
    assert flags["task-design"] is None
    assert flags["task-found"].text == "at risk"  # forecast beyond its planned finish
    late = render_gantt(build_schedule(tasks, date(2024, 6, 20)))
    green = _group(ET.fromstring(late), "green")  # planned to finish 31 May, not started
    assert green.find("s:text[@class='flag']", NS).text == "overdue"
    assert "overdue" in green.find("s:title", NS).text


def test_recording_a_milestone_moves_its_diamond():
    _, before = _gantt()
    tasks = _tasks()
    tasks[-1] = replace(tasks[-1], actual_finish=date(2024, 4, 9), percent_complete=Decimal(100))
    _, after = _gantt(tasks)
    old = _group(before, "accept").find("s:polygon[@class='diamond']", NS).get("points")
    new = _group(after, "accept").find("s:polygon[@class='diamond']", NS)
    assert new.get("points") != old
    assert new.get("fill") != "#ffffff"  # a reached milestone is filled in


def test_gantt_labels_are_translatable():
    labels = GanttLabels(title="项目进度", today="今天 {date}", month=lambda d: f"{d.month}月")
    svg, root = _gantt(labels=labels)
    assert root.find("s:title", NS).text == "项目进度"
    assert "今天 2024-04-10" in svg and ">3月<" in svg


def test_week_scale_labels_iso_weeks_and_bad_scale_is_refused():
    svg, _ = _gantt(scale="week")
    assert ">W15<" in svg
    with pytest.raises(ValueError, match="scale"):
        _gantt(scale="year")


def test_hostile_task_names_are_escaped():
    tasks = _tasks()
    tasks[0] = replace(tasks[0], name='<script>alert("x")</script> & \x07bell')
    svg, root = _gantt(tasks)
    assert "<script" not in svg
    assert root.find(".//s:script", NS) is None
    title = _group(root, "design").find("s:title", NS).text
    assert title.startswith('<script>alert("x")</script> & bell')


@settings(max_examples=60, deadline=None)
@given(name=st.text(min_size=1, max_size=60))
def test_any_task_name_gives_well_formed_svg(name):
    tasks = _tasks()
    tasks[1] = replace(tasks[1], name=name)
    _gantt(tasks)  # ET.fromstring raises on anything ill-formed


def _series():
    lines = [
        BudgetLine("d", "Design", Decimal("420000.00"), start=date(2024, 1, 8),
                   finish=date(2024, 3, 31)),
        BudgetLine("s", "Store", Decimal("10410000.00"), start=date(2024, 4, 1),
                   finish=date(2024, 12, 31)),
    ]
    payments = [Payment("d", date(2024, 2, 1), Decimal("200000.00")),
                Payment("s", date(2024, 5, 20), Decimal("900000.00"))]
    return spend_series(lines, payments, status_date=date(2024, 6, 10))


def test_s_curve_draws_planned_and_actual_with_a_point_per_period():
    svg = render_scurve(_series(), total=Decimal("10830000.00"))
    root = ET.fromstring(svg)
    planned = root.find(".//s:polyline[@class='planned']", NS)
    actual = root.find(".//s:polyline[@class='actual']", NS)
    assert len(planned.get("points").split()) == 13  # the origin plus twelve months
    assert len(actual.get("points").split()) == 7  # the origin plus January to June
    points = root.findall(".//s:circle[@class='point']", NS)
    assert len(points) == 12
    # By May: all of design (420,000.00) + 61 of the store's 275 days at 37,854.55 a day
    # (the spare 150 fen go one each to its first 150 days) = 2,309,127.55.
    assert points[4].find("s:title", NS).text == (
        "2024-05: planned 2,729,127.55, paid 1,100,000.00")
    assert "Total budget 10,830,000.00" in svg
    assert root.find("s:desc", NS).text == (
        "Planned 10,830,000.00 by 2024-12; paid 1,100,000.00 by 2024-06.")


def test_s_curve_translates_and_escapes_labels():
    labels = SCurveLabels(title="累计支出 <计划>", tick=lambda v: f"{v / 10000:.0f}万")
    svg = render_scurve(_series(), labels=labels)
    root = ET.fromstring(svg)
    assert root.find("s:title", NS).text == "累计支出 <计划>"
    assert ">250万<" in svg


def test_empty_s_curve_says_so():
    root = ET.fromstring(render_scurve([]))
    assert root.find("s:desc", NS).text == "No budget lines with a period yet."
