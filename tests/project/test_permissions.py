"""Project managers and admins change the project; every other signed-in role only reads."""

import pytest

EN = {"Accept-Language": "en"}
READ_PAGES = ("", "schedule", "budget", "deliverables", "instruments", "risks", "report",
              "report.xlsx", "gantt.svg", "s-curve.svg")


@pytest.mark.parametrize("role", ["agronomist", "technician", "viewer"])
def test_other_roles_read_every_page_but_see_no_edit_controls(demo_project, login_as, role):
    browser = login_as(role)
    for page in READ_PAGES:
        response = browser.get(f"/project/{demo_project.id}/{page}", headers=EN)
        assert response.status_code == 200, page
    body = browser.get(f"/project/{demo_project.id}/schedule", headers=EN).get_data(as_text=True)
    assert "New task" not in body and "Save baseline" not in body


@pytest.mark.parametrize("role", ["agronomist", "technician", "viewer"])
def test_read_only_roles_get_403_on_every_change(demo_project, login_as, role):
    browser = login_as(role)
    task = demo_project.tasks[5]
    base = f"/project/{demo_project.id}"
    posts = [
        (f"{base}/tasks/{task.id}/progress", {"percent_complete": "70"}),
        (f"{base}/tasks/new", {"code": "X1"}),
        (f"{base}/status-date", {"status_date": "2024-09-01"}),
        (f"{base}/baseline", {}),
        (f"{base}/budget/new", {"code": "B99"}),
        (f"{base}/risks/new", {"title": "x"}),
        (f"{base}/instruments/new", {"code": "IN99"}),
    ]
    for url, data in posts:
        assert browser.post(url, data=data).status_code == 403, url
    assert browser.get(f"{base}/edit").status_code == 403
    assert browser.get(f"{base}/budget/new").status_code == 403


@pytest.mark.parametrize("role", ["project_manager", "admin"])
def test_managers_and_admins_see_and_use_the_edit_forms(demo_project, login_as, role):
    browser = login_as(role)
    base = f"/project/{demo_project.id}"
    assert "New task" in browser.get(f"{base}/schedule", headers=EN).get_data(as_text=True)
    for page in ("edit", "tasks/new", "budget/new", "risks/new", "instruments/new",
                 "deliverables/new"):
        assert browser.get(f"{base}/{page}").status_code == 200, page
    response = browser.post(f"{base}/risks/new", data={
        "kind": "risk", "title": "Typhoon season", "impact": "high", "status": "open",
        "owner": "Site office"})
    assert response.status_code == 302
    assert "Typhoon season" in browser.get(f"{base}/risks", headers=EN).get_data(as_text=True)


def test_anonymous_visitors_are_sent_to_sign_in(client, demo_project):
    for page in ("", "schedule", "report.xlsx"):
        response = client.get(f"/project/{demo_project.id}/{page}")
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]
    assert client.get(f"/api/v1/projects/{demo_project.id}").status_code == 401


def test_read_only_api_token_cannot_write(demo_project, api_token):
    headers = {"Authorization": f"Bearer {api_token('viewer')}"}
    from flask import current_app

    client = current_app.test_client()
    tasks = client.get(f"/api/v1/projects/{demo_project.id}/tasks", headers=headers)
    assert tasks.status_code == 200
    response = client.post(f"/api/v1/projects/{demo_project.id}/risks", headers=headers,
                           json={"title": "x"})
    assert response.status_code == 403
    assert response.get_json()["status"] == 403
