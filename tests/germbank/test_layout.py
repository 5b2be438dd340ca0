"""Shared layout pieces: the pager keeps filters, the navigation lights one entry."""

from types import SimpleNamespace


def test_pager_links_keep_the_query_and_change_the_page(app):
    pagination = SimpleNamespace(
        pages=3, page=2, has_prev=True, prev_num=1, has_next=True, next_num=3
    )
    with app.test_request_context("/home?q=ramie&page=2", headers={"Accept-Language": "en"}):
        macro = app.jinja_env.get_template("_macros.html").module.pager
        html = str(macro(pagination, "home.index"))
    assert "Page 2 of 3" in html
    assert "/home?q=ramie&amp;page=1" in html and "/home?q=ramie&amp;page=3" in html


def test_navigation_marks_only_the_current_entry(login_as):
    body = login_as("admin").get("/admin/users").get_data(as_text=True)
    assert body.count('class="active"') == 1


def test_favicon_ico_leads_to_the_svg_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response.headers["Location"].endswith("/static/img/favicon.svg")


def test_form_text_with_nul_is_refused_with_a_friendly_400(login_as):
    response = login_as("admin").post(
        "/admin/users",
        data={"username": "bad\x00name", "role": "viewer", "password": "long-enough-1"},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 400
    assert "NUL character" in response.get_data(as_text=True)
