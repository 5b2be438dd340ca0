"""The project API: same rules as the pages, the common error format, and If-Match."""

import pytest


@pytest.fixture
def api(app, api_token, demo_project):
    """A client with a project manager's bearer token; ``api.url(path)`` prefixes the project."""
    client = app.test_client()
    token = api_token("project_manager")
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.url = lambda path="": f"/api/v1/projects/{demo_project.id}{path}"
    return client


def _task(project, code):
    return next(t for t in project.tasks if t.code == code)


def test_schedule_endpoint_reports_variance_and_critical_path(api, demo_project):
    body = api.get(api.url("/schedule")).get_json()
    assert body["status_date"] == "2024-09-13"
    assert body["finish_variance_days"] == 10
    codes = {row["task_id"]: row["code"] for row in body["tasks"]}
    assert [codes[i] for i in body["critical_path"]][-1] == "M2"
    overdue = {row["code"] for row in body["tasks"] if row["is_overdue"]}
    assert overdue == {"T05", "M3", "T12"}
    assert body["schedule_variance"].startswith("-")  # money, as exact text


def test_budget_endpoint_is_exact(api):
    body = api.get(api.url("/budget")).get_json()
    assert body["total"] == "10830000.00" and body["planned"] == "10830000.00"
    assert body["unallocated"] == "0.00"


def test_updates_need_the_current_etag(api, demo_project):
    task = _task(demo_project, "T04")
    url = api.url(f"/tasks/{task.id}")
    response = api.get(url)
    etag = response.headers["ETag"]
    assert response.get_json()["percent_complete"] == "60.0"

    missing = api.patch(url, json={"percent_complete": "70"})
    assert missing.status_code == 428
    assert set(missing.get_json()) == {"status", "title", "detail", "errors"}

    ok = api.patch(url, json={"percent_complete": "70", "note": "Roof formwork"},
                   headers={"If-Match": etag})
    assert ok.status_code == 200, ok.get_json()
    assert ok.get_json()["percent_complete"] == "70.0"

    stale = api.patch(url, json={"percent_complete": "75"}, headers={"If-Match": etag})
    assert stale.status_code == 412


def test_rule_violations_are_422_with_the_field(api, demo_project):
    task = _task(demo_project, "T04")
    url = api.url(f"/tasks/{task.id}")
    etag = api.get(url).headers["ETag"]
    response = api.patch(url, json={"actual_finish": "2024-07-01"}, headers={"If-Match": etag})
    assert response.status_code == 422
    body = response.get_json()
    assert body["errors"] == {"actual_finish": [
        "The actual finish cannot be before the actual start."]}


def test_dependency_cycle_is_422_naming_the_loop(api, demo_project):
    design, accept = _task(demo_project, "T01"), _task(demo_project, "M2")
    response = api.post(api.url(f"/tasks/{design.id}/dependencies"),
                        json={"predecessor_id": accept.id})
    assert response.status_code == 422
    detail = response.get_json()["detail"]
    assert detail.startswith("This dependency would create a cycle: Design")
    assert detail.endswith("Bank accepted and handed over → Design: preliminary and "
                           "construction drawings.")


def test_budget_over_total_is_409_until_confirmed(api):
    line = {"code": "B09", "name": "Access bridge", "planned": "0.01"}
    refused = api.post(api.url("/budget-lines"), json=line)
    assert refused.status_code == 409
    assert "0.01 yuan more than the approved total" in refused.get_json()["detail"]
    created = api.post(api.url("/budget-lines?confirm_over_total=true"), json=line)
    assert created.status_code == 201
    assert api.get(api.url("/budget")).get_json()["is_over_total"] is True


def test_duplicate_codes_are_409(api):
    response = api.post(api.url("/tasks"), json={
        "code": "T01", "name": "Again", "planned_start": "2024-10-01",
        "planned_finish": "2024-10-02"})
    assert response.status_code == 409
    assert response.get_json()["errors"] == {"code": ["Another task already has the code T01."]}


def test_malformed_input_is_422_and_nothing_is_saved(api):
    response = api.post(api.url("/tasks"), json={"code": "T99", "name": "x",
                                                 "planned_start": "not a date"})
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert "planned_start" in str(errors) and "planned_finish" in str(errors)
    assert all(t["code"] != "T99" for t in api.get(api.url("/tasks")).get_json())


def test_registers_round_trip(api):
    created = api.post(api.url("/instruments"), json={
        "code": "IN23", "name": "Seed X-ray imager", "price": "215000.00",
        "device_code": "th-st1-r1-02"})
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert body["stage"] == "ordered" and body["price"] == "215000.00"
    url = api.url(f"/instruments/{body['id']}")
    etag = api.get(url).headers["ETag"]
    assert api.delete(url, headers={"If-Match": etag}).status_code == 204
    assert api.get(url).status_code == 404
