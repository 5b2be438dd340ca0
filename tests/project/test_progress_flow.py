"""A manager records progress and sees the Gantt chart, the dashboard and the report change."""

import io
import xml.etree.ElementTree as ET

from openpyxl import load_workbook

EN = {"Accept-Language": "en"}
NS = {"s": "http://www.w3.org/2000/svg"}


def _ids(project):
    return {t.code: t.id for t in project.tasks}


def _gantt(browser, project):
    svg = browser.get(f"/project/{project.id}/gantt.svg", headers=EN).get_data(as_text=True)
    return ET.fromstring(svg)


def _row(root, task_id):
    return root.find(f".//s:g[@id='task-{task_id}']", NS)


def _overdue_sheet(browser, project):
    data = browser.get(f"/project/{project.id}/report.xlsx", headers=EN).data
    sheet = load_workbook(io.BytesIO(data))["Overdue items"]
    return [row[0] for row in sheet.iter_rows(min_row=5, values_only=True) if row[0]]


def test_reaching_a_late_milestone_updates_gantt_dashboard_and_report(demo_project, manager):
    ids = _ids(demo_project)
    base = f"/project/{demo_project.id}"
    name = "Greenhouse completed and handed over"

    before = _gantt(manager, demo_project)
    diamond = _row(before, ids["M3"]).find("s:polygon[@class='diamond']", NS)
    assert diamond.get("fill") == "#ffffff"  # not reached yet
    assert _row(before, ids["M3"]).find("s:text[@class='flag']", NS).text == "overdue"
    dashboard = manager.get(f"{base}/", headers=EN).get_data(as_text=True)
    overdue_part = dashboard.split('id="overdue"')[1].split("</section>")[0]
    assert name in overdue_part
    assert name in _overdue_sheet(manager, demo_project)

    # The greenhouse is finished on 12 September and the milestone is reached the same day.
    response = manager.post(f"{base}/tasks/{ids['T05']}/progress", data={
        "percent_complete": "100", "actual_start": "2024-05-27", "actual_finish": "2024-09-12",
        "note": "Fourth span covered"})
    assert response.status_code == 302
    response = manager.post(f"{base}/tasks/{ids['M3']}/progress", data={
        "percent_complete": "0", "actual_finish": "2024-09-12", "note": "Handed over"})
    assert response.status_code == 302

    after = _gantt(manager, demo_project)
    reached = _row(after, ids["M3"])
    assert reached.find("s:polygon[@class='diamond']", NS).get("fill") != "#ffffff"
    assert reached.find("s:text[@class='flag']", NS) is None
    assert "2024-09-12" in reached.find("s:title", NS).text

    dashboard = manager.get(f"{base}/", headers=EN).get_data(as_text=True)
    overdue_part = dashboard.split('id="overdue"')[1].split("</section>")[0]
    assert name not in overdue_part
    assert "Experimental greenhouse (5,760 m²)" not in overdue_part

    assert name not in _overdue_sheet(manager, demo_project)
    report = manager.get(f"{base}/report", headers=EN).get_data(as_text=True)
    progress = report.split('id="report-progress"')[1].split("</section>")[0]
    assert name in progress and "Handed over" in progress
    assert "Fourth span covered" in progress


def test_moving_the_final_milestone_moves_the_forecast_everywhere(demo_project, manager):
    ids = _ids(demo_project)
    base = f"/project/{demo_project.id}"
    final = next(t for t in demo_project.tasks if t.code == "M2")
    response = manager.post(f"{base}/tasks/{ids['M2']}/edit", data={
        "code": "M2", "name": final.name, "name_zh": final.name_zh, "kind": "milestone",
        "sort_order": final.sort_order, "planned_start": "2025-01-20",
        "planned_finish": "2025-01-20", "percent_complete": "0", "owner_unit": final.owner_unit,
        "contact_person": final.contact_person, "notes": "", "note": ""})
    assert response.status_code == 302
    dashboard = manager.get(f"{base}/", headers=EN).get_data(as_text=True)
    assert "Forecast completion 2025-01-20" in dashboard
    title = _row(_gantt(manager, demo_project), ids["M2"]).find("s:title", NS).text
    assert "2025-01-20" in title
    data = manager.get(f"{base}/report.xlsx", headers=EN).data
    summary = {row[0]: row[1] for row in load_workbook(io.BytesIO(data))["Summary"].iter_rows(
        min_row=5, values_only=True)}
    assert summary["Forecast completion"].date().isoformat() == "2025-01-20"
    assert summary["Schedule variance (days, + = late)"] == 20


def test_every_change_is_in_the_audit_trail(demo_project, manager):
    ids = _ids(demo_project)
    base = f"/project/{demo_project.id}"
    manager.post(f"{base}/tasks/{ids['T04']}/progress", data={
        "percent_complete": "65", "actual_start": "2024-07-08", "note": "Roof slab"})
    page = manager.get(f"{base}/tasks/{ids['T04']}", headers=EN).get_data(as_text=True)
    history = page.split("<h2>History</h2>")[1]
    assert "percent_complete" in history and "60.0" in history and "65.0" in history
    assert manager.user.username in history
    assert "Roof slab" in page  # the progress log
