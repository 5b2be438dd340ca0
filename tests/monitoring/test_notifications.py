"""Alarm notifications reach a local SMTP server and a local webhook, after commit only."""

import importlib.util
import sys
import threading
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location(
    "monitoring_receivers", Path(__file__).with_name("receivers.py")
)
receivers = importlib.util.module_from_spec(_spec)
sys.modules["monitoring_receivers"] = receivers
_spec.loader.exec_module(receivers)


@pytest.fixture
def smtp():
    with receivers.SMTPReceiver() as server:
        yield server


@pytest.fixture
def notifier(app):
    from germbank.monitoring.services.notify import notifier_for

    return notifier_for(app)


def configure(app_config, **settings):
    app_config.update(
        {"ALARM_NOTIFY_BACKOFF": 0.01, "ALARM_NOTIFY_LOCALE": "en", **settings}
    )


def open_alarm(feed, room):
    feed(room, "humidity", [(0, 66.0), (15, 67.5)])


def test_email_goes_to_technicians_and_the_configured_list(app_config, smtp, request):
    configure(
        app_config,
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=smtp.port,
        SMTP_FROM="germbank@example.cn",
        SMTP_USER="alarms",
        SMTP_PASSWORD="s3cret",
        ALARM_EMAIL_TO="duty@example.cn, director@example.cn",
    )
    make_user = request.getfixturevalue("make_user")
    make_user("technician", "wang", email="wang@example.cn")
    make_user("viewer", "guest", email="guest@example.cn")
    room = request.getfixturevalue("watched_room")
    request.getfixturevalue("feed")(room, "humidity", [(0, 66.0), (15, 67.5)])
    assert request.getfixturevalue("notifier").wait_idle(10)

    ((sender, recipients, message),) = smtp.messages
    assert sender == "germbank@example.cn"
    assert sorted(recipients) == ["director@example.cn", "duty@example.cn", "wang@example.cn"]
    assert smtp.logins == [("alarms", "s3cret")]
    assert "ST1-R1" in message["Subject"]
    assert "Critical" in message["Subject"] or "CRITICAL" in message["Subject"]
    body = message.get_content()
    assert "Relative humidity 67.5 %RH above 60.0 %RH" in body
    assert "acknowledge" in body


def test_email_speaks_chinese_by_default(app_config, smtp, request):
    configure(app_config, SMTP_HOST="127.0.0.1", SMTP_PORT=smtp.port, ALARM_EMAIL_TO="duty@x.cn")
    app_config.pop("ALARM_NOTIFY_LOCALE")
    room = request.getfixturevalue("watched_room")
    request.getfixturevalue("feed")(room, "humidity", [(0, 66.0), (15, 67.5)])
    assert request.getfixturevalue("notifier").wait_idle(10)
    ((_sender, _to, message),) = smtp.messages
    assert "房间 ST1-R1" in message["Subject"]
    assert "相对湿度" in message.get_content()


def test_webhook_gets_the_alarm_as_json_when_it_opens_and_clears(app_config, request):
    with receivers.WebhookReceiver() as hook:
        configure(app_config, ALARM_WEBHOOK_URL=hook.url)
        room = request.getfixturevalue("watched_room")
        feed = request.getfixturevalue("feed")
        feed(room, "humidity", [(0, 66.0), (15, 67.5), (20, 55.0), (35, 55.0)])
        assert request.getfixturevalue("notifier").wait_idle(10)
    opened, cleared = hook.posts
    assert opened["event"] == "alarm.opened"
    assert opened["alarm"]["location"]["code"] == "ST1-R1"
    assert opened["alarm"]["metric"] == "humidity"
    assert opened["alarm"]["extreme_value"] == 67.5
    assert opened["alarm"]["opened_at"].startswith("2026-07-01T00:15:00")
    assert cleared["event"] == "alarm.cleared"
    assert cleared["alarm"]["cleared_at"].startswith("2026-07-01T00:35:00")


def test_webhook_text_format_suits_wecom_and_dingtalk_bots(app_config, request):
    with receivers.WebhookReceiver() as hook:
        configure(app_config, ALARM_WEBHOOK_URL=hook.url, ALARM_WEBHOOK_FORMAT="text")
        open_alarm(request.getfixturevalue("feed"), request.getfixturevalue("watched_room"))
        assert request.getfixturevalue("notifier").wait_idle(10)
    (payload,) = hook.posts
    assert payload["msgtype"] == "text"
    assert set(payload["text"]) == {"content"}
    assert "ST1-R1" in payload["text"]["content"]


def test_sending_happens_off_the_ingest_thread(app_config, request):
    """The ingest call returns while the receiver is still holding the request."""
    hold = threading.Event()
    with receivers.WebhookReceiver(hold=hold) as hook:
        configure(app_config, ALARM_WEBHOOK_URL=hook.url)
        open_alarm(request.getfixturevalue("feed"), request.getfixturevalue("watched_room"))
        hold.set()  # only now may the receiver answer
        assert request.getfixturevalue("notifier").wait_idle(15)
    assert hook.released_before_handling == [True]
    assert len(hook.posts) == 1


def test_a_failing_webhook_is_retried_then_given_up_without_harm(app_config, request, logs):
    from germbank.models.monitoring import Alarm

    with receivers.WebhookReceiver(status=500) as hook:
        configure(app_config, ALARM_WEBHOOK_URL=hook.url, ALARM_NOTIFY_ATTEMPTS=3)
        open_alarm(request.getfixturevalue("feed"), request.getfixturevalue("watched_room"))
        notifier = request.getfixturevalue("notifier")
        assert notifier.wait_idle(10)
    assert hook.attempts == 3
    assert notifier.failed == 1
    assert "delivery gave up" in logs.text
    from germbank.extensions import db

    assert db.session.query(Alarm).count() == 1  # the alarm itself is stored all the same


def test_a_rolled_back_alarm_sends_nothing(app_config, request, at):
    from germbank.extensions import db
    from germbank.monitoring.services.evaluation import LocatedReading, evaluate_readings

    with receivers.WebhookReceiver() as hook:
        configure(app_config, ALARM_WEBHOOK_URL=hook.url)
        room = request.getfixturevalue("watched_room")
        readings = [LocatedReading(room.id, "humidity", at(m), 70.0) for m in (0, 15)]
        result = evaluate_readings(db.session, readings)
        assert len(result.opened) == 1
        db.session.rollback()
        db.session.commit()  # a later, unrelated commit must not send the discarded notice
        assert request.getfixturevalue("notifier").wait_idle(5)
    assert hook.posts == []


def test_an_unknown_webhook_format_stops_start_up(app_config):
    from germbank import create_app

    configure(app_config, ALARM_WEBHOOK_URL="http://127.0.0.1:9/hook", ALARM_WEBHOOK_FORMAT="xml")
    with pytest.raises(ValueError, match="ALARM_WEBHOOK_FORMAT"):
        create_app(app_config)
