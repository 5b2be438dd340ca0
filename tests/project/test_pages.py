"""Pages a person meets first: the empty state, the Chinese interface, bad query strings."""

EN = {"Accept-Language": "en"}
ZH = {"Accept-Language": "zh-CN"}


def test_a_manager_sets_up_the_project_when_there_is_none(app, login_as):
    viewer = login_as("viewer")
    body = viewer.get("/project/", headers=EN).get_data(as_text=True)
    assert "No project has been set up yet." in body and "Create project" not in body

    manager = login_as("project_manager")
    assert "Create project" in manager.get("/project/", headers=EN).get_data(as_text=True)
    data = {"code": "P1", "name": "Germplasm bank", "total_budget": "10,830,000.00",
            "planned_start": "2024-01-08", "planned_finish": "2024-01-01"}
    refused = manager.post("/project/new", data=data, headers=EN)
    assert refused.status_code == 400
    assert "The planned finish is before the planned start." in refused.get_data(as_text=True)
    created = manager.post("/project/new", data={**data, "planned_finish": "2024-12-31"})
    assert created.status_code == 302
    dashboard = manager.get(created.headers["Location"], headers=EN).get_data(as_text=True)
    assert "10,830,000.00" in dashboard and "No tasks yet." in dashboard
    report = manager.get(created.headers["Location"] + "report.xlsx", headers=EN,
                         follow_redirects=True).get_data(as_text=True)
    assert "The project has no tasks yet, so there is nothing to report." in report


def test_chinese_is_the_default_language_of_the_project_pages(demo_project, login_as):
    browser = login_as("viewer")
    body = browser.get(f"/project/{demo_project.id}/schedule", headers=ZH).get_data(as_text=True)
    assert "进度计划" in body and "关键路径" in body
    assert "状态日期 2024-09-13" in body  # the line in the Gantt chart
    assert "短期库主体结构（1522.81平方米）" in body  # Chinese task names for Chinese readers
    dashboard = browser.get(f"/project/{demo_project.id}/", headers=ZH).get_data(as_text=True)
    assert "数据截至状态日期 2024-09-13。" in dashboard


def test_unknown_scale_is_a_precise_400(demo_project, login_as):
    response = login_as("viewer").get(f"/project/{demo_project.id}/schedule?scale=year",
                                      headers=EN)
    assert response.status_code == 400
    assert "scale must be one of: month, week." in response.get_data(as_text=True)


def test_week_scale_and_weekly_s_curve_render(demo_project, login_as):
    browser = login_as("viewer")
    gantt = browser.get(f"/project/{demo_project.id}/gantt.svg?scale=week", headers=EN)
    assert gantt.mimetype == "image/svg+xml" and ">W37<" in gantt.get_data(as_text=True)
    curve = browser.get(f"/project/{demo_project.id}/s-curve.svg?period=week", headers=EN)
    assert "2024-W37" in curve.get_data(as_text=True)
