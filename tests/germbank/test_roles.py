"""Roles decide what a person may open; the admin page manages people."""

import pytest


def test_admin_page_forbidden_to_other_roles(login_as):
    for role in ("agronomist", "technician", "project_manager", "viewer"):
        assert login_as(role).get("/admin/users").status_code == 403


def test_forbidden_page_is_friendly_without_trace(login_as):
    response = login_as("viewer").get("/admin/users", headers={"Accept-Language": "en"})
    body = response.get_data(as_text=True)
    assert "Your role does not allow this" in body
    assert "Traceback" not in body


def test_admin_adds_disables_and_reroles_a_user(login_as):
    from germbank.extensions import db
    from germbank.models import User

    admin = login_as("admin")
    response = admin.post(
        "/admin/users",
        data={
            "username": "newbie",
            "full_name": "New",
            "role": "viewer",
            "password": "long-enough-1",
        },
    )
    assert response.status_code == 302
    user = db.session.scalar(db.select(User).where(User.username == "newbie"))
    assert user.role == "viewer"
    admin.post(f"/admin/users/{user.id}/role", data={"role": "technician"})
    admin.post(f"/admin/users/{user.id}/active")
    db.session.refresh(user)
    assert user.role == "technician"
    assert user.is_active is False


def test_admin_form_reports_weak_password(login_as):
    response = login_as("admin").post(
        "/admin/users",
        data={"username": "weak", "role": "viewer", "password": "abc"},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 400
    assert "at least 10 characters" in response.get_data(as_text=True)


def test_last_admin_cannot_be_disabled(login_as):
    admin = login_as("admin")
    response = admin.post(f"/admin/users/{admin.user.id}/active", headers={"Accept-Language": "en"})
    assert response.status_code == 302
    assert "cannot be disabled" in admin.get(
        "/admin/users", headers={"Accept-Language": "en"}
    ).get_data(as_text=True)


@pytest.mark.parametrize(
    "role,expected",
    [
        ("admin", "Administration"),
        ("agronomist", "Germplasm curation"),
        ("technician", "Storage and greenhouse climate"),
        ("project_manager", "Construction project"),
        ("viewer", "Overview"),
    ],
)
def test_each_role_has_its_home_page(login_as, role, expected):
    body = login_as(role).get("/home", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert f"<h1>{expected}</h1>" in body


def test_cli_creates_user_and_refuses_bad_role(runner):
    result = runner.invoke(
        args=["users", "create", "cliuser", "--role", "technician", "--password", "cli-password-1"]
    )
    assert result.exit_code == 0, result.output
    assert "Created cliuser (technician)" in result.output
    bad = runner.invoke(
        args=["users", "create", "x", "--role", "boss", "--password", "cli-password-1"]
    )
    assert bad.exit_code != 0
    weak = runner.invoke(args=["users", "create", "y", "--role", "viewer", "--password", "short"])
    assert weak.exit_code == 1
    assert "at least 10 characters" in weak.output
