"""The rules a manager expects, on the pages and in the API alike."""

from decimal import Decimal

from germbank.extensions import db
from germbank.models.project import BudgetLine, ProjectTask

EN = {"Accept-Language": "en"}


def _task(project, code):
    return next(t for t in project.tasks if t.code == code)


def test_actual_finish_before_actual_start_is_refused_on_the_page(demo_project, manager):
    task = _task(demo_project, "T04")
    response = manager.post(f"/project/{demo_project.id}/tasks/{task.id}/progress", headers=EN,
                            data={"percent_complete": "100", "actual_start": "2024-07-08",
                                  "actual_finish": "2024-07-01"})
    assert response.status_code == 400
    assert "The actual finish cannot be before the actual start." in response.get_data(
        as_text=True)
    db.session.expire_all()
    assert db.session.get(ProjectTask, task.id).actual_finish is None


def test_actual_dates_after_the_status_date_are_refused(demo_project, manager):
    task = _task(demo_project, "T04")
    response = manager.post(f"/project/{demo_project.id}/tasks/{task.id}/progress", headers=EN,
                            data={"percent_complete": "70", "actual_start": "2024-07-08",
                                  "actual_finish": "2026-01-01"})
    assert response.status_code == 400
    assert "2026-01-01 is after the status date 2024-09-13" in response.get_data(as_text=True)


def test_a_dependency_cycle_is_refused_naming_the_loop(demo_project, manager):
    design = _task(demo_project, "T01")
    structure = _task(demo_project, "T04")
    response = manager.post(f"/project/{demo_project.id}/tasks/{design.id}/dependencies",
                            headers=EN, data={"predecessor_id": str(structure.id),
                                              "lag_days": "0"})
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "This dependency would create a cycle:" in body
    assert ("Design: preliminary and construction drawings → Tendering and award of the "
            "civil works → Civil works contracts signed") in body
    assert "Main structure of the short-term store (1,522.81 m²) → Design" in body
    db.session.expire_all()
    assert not [k for k in db.session.get(ProjectTask, design.id).predecessor_links
                if k.predecessor_id == structure.id]


def test_budget_lines_beyond_the_total_need_confirmation(demo_project, manager):
    url = f"/project/{demo_project.id}/budget/new"
    line = {"code": "B09", "name": "Access bridge", "planned": "50,000.00", "committed": "0"}
    response = manager.post(url, headers=EN, data=line)
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "10,880,000.00 yuan, 50,000.00 yuan more than the approved total" in body
    assert 'name="confirm_over_total"' in body
    assert db.session.query(BudgetLine).filter_by(code="B09").count() == 0

    response = manager.post(url, headers=EN, data={**line, "confirm_over_total": "y"})
    assert response.status_code == 302
    page = manager.get(f"/project/{demo_project.id}/", headers=EN).get_data(as_text=True)
    assert "The budget lines exceed the approved total by 50,000.00 yuan." in page


def test_amounts_with_fractions_of_a_fen_are_refused(demo_project, manager):
    line = next(line for line in demo_project.budget_lines if line.code == "B07")
    response = manager.post(f"/project/{demo_project.id}/budget/{line.id}/payments", headers=EN,
                            data={"paid_on": "2024-09-01", "amount": "100.005"})
    assert response.status_code == 400
    assert "at most two decimals" in response.get_data(as_text=True)


def test_instrument_dates_must_follow_its_life(demo_project, manager):
    instrument = next(i for i in demo_project.instruments if i.code == "IN06")
    response = manager.post(
        f"/project/{demo_project.id}/instruments/{instrument.id}", headers=EN,
        data={"code": "IN06", "name": instrument.name, "quantity": "1", "price": "42800.00",
              "acceptance_status": "pending", "delivered_on": "2024-09-05",
              "installed_on": "2024-09-01"})
    assert response.status_code == 400
    assert "Dates must follow delivery, installation, acceptance." in response.get_data(
        as_text=True)


def test_installing_an_instrument_counts_towards_the_deliverable(demo_project, manager):
    counted = next(d for d in demo_project.deliverables if d.code == "D03")
    before = counted.achieved
    instrument = next(i for i in demo_project.instruments if i.code == "IN01")
    response = manager.post(
        f"/project/{demo_project.id}/instruments/{instrument.id}", headers=EN,
        data={"code": "IN01", "name": instrument.name, "quantity": "1", "price": "186000.00",
              "acceptance_status": "pending", "delivered_on": "2024-09-09",
              "installed_on": "2024-09-12", "device_code": "th-st1-r1-01",
              "location_id": str(instrument.location_id)})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(type(counted), counted.id).achieved == before + Decimal(1)


def test_the_status_date_cannot_be_in_the_future(demo_project, manager):
    response = manager.post(f"/project/{demo_project.id}/status-date", headers=EN,
                            data={"status_date": "2999-01-01"}, follow_redirects=True)
    assert "The status date cannot be in the future." in response.get_data(as_text=True)
