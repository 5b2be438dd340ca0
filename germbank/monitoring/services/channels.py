"""Delivering an alarm notice: by email through the configured SMTP server, or to a webhook.

Each channel is a small object with ``send(notice)`` that raises on failure, so the
dispatcher can retry and log. Nothing here touches the database or the Flask app: channels
run on the notifier thread, off the ingest thread.
"""

from __future__ import annotations

import json
import smtplib
import ssl
import urllib.request
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any, Protocol

WEBHOOK_FORMATS = ("json", "text")


@dataclass(frozen=True, slots=True)
class Notice:
    """An alarm change, composed while the database was at hand, ready to send anywhere."""

    alarm_id: int
    action: str  # opened, reopened, cleared
    subject: str
    text: str
    data: dict[str, Any]
    recipients: tuple[str, ...] = ()


class Channel(Protocol):
    """Somewhere a notice can be delivered."""

    name: str

    def send(self, notice: Notice) -> None:
        """Deliver the notice or raise."""
        ...


@dataclass(frozen=True, slots=True)
class EmailChannel:
    """Email through an SMTP server (plain, STARTTLS or implicit TLS, with optional login)."""

    host: str
    port: int
    sender: str
    user: str | None = None
    password: str | None = None
    starttls: bool = False
    use_ssl: bool = False
    timeout: float = 10.0
    name: str = "email"

    def build(self, notice: Notice) -> EmailMessage:
        """The email for ``notice`` (UTF-8, so Chinese subjects and bodies travel intact)."""
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = ", ".join(notice.recipients)
        message["Subject"] = notice.subject
        message["Date"] = formatdate(localtime=False)
        message["Message-ID"] = make_msgid(domain="germbank")
        message["X-GermBank-Alarm"] = str(notice.alarm_id)
        message.set_content(notice.text)
        return message

    def send(self, notice: Notice) -> None:
        """Send to the notice's recipients; nobody to tell is not an error."""
        if not notice.recipients:
            return
        if self.use_ssl:
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                self.host, self.port, timeout=self.timeout, context=ssl.create_default_context()
            )
        else:
            smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        with smtp:
            if self.starttls and not self.use_ssl:
                smtp.starttls(context=ssl.create_default_context())
            if self.user:
                smtp.login(self.user, self.password or "")
            smtp.send_message(self.build(notice))


@dataclass(frozen=True, slots=True)
class WebhookChannel:
    """A JSON POST: GermBank's own payload, or the ``text`` message WeCom/DingTalk bots take."""

    url: str
    format: str = "json"
    timeout: float = 10.0
    name: str = "webhook"

    def payload(self, notice: Notice) -> dict[str, Any]:
        """The body to post for ``notice``."""
        if self.format == "text":
            return {"msgtype": "text", "text": {"content": f"{notice.subject}\n{notice.text}"}}
        return {
            "source": "germbank",
            "event": f"alarm.{notice.action}",
            "subject": notice.subject,
            "text": notice.text,
            "alarm": notice.data,
        }

    def send(self, notice: Notice) -> None:
        """Post and require a 2xx answer (urllib raises HTTPError for the others)."""
        body = json.dumps(self.payload(notice), ensure_ascii=False).encode("utf-8")
        request = urllib.request.Request(
            self.url,
            data=body,
            method="POST",
            headers={"Content-Type": "application/json; charset=utf-8"},
        )
        with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
            response.read()


def channels_from_config(config: dict[str, Any]) -> list[Channel]:
    """The channels the app's configuration turns on (none when nothing is configured)."""
    channels: list[Channel] = []
    host = config.get("SMTP_HOST")
    if host:
        channels.append(
            EmailChannel(
                host=str(host),
                port=int(config.get("SMTP_PORT") or 25),
                sender=str(config.get("SMTP_FROM") or "germbank@localhost"),
                user=config.get("SMTP_USER") or None,
                password=config.get("SMTP_PASSWORD") or None,
                starttls=_truthy(config.get("SMTP_STARTTLS")),
                use_ssl=_truthy(config.get("SMTP_SSL")),
                timeout=float(config.get("SMTP_TIMEOUT") or 10.0),
            )
        )
    url = config.get("ALARM_WEBHOOK_URL")
    if url:
        fmt = str(config.get("ALARM_WEBHOOK_FORMAT") or "json")
        if fmt not in WEBHOOK_FORMATS:
            raise ValueError(f"GERMBANK_ALARM_WEBHOOK_FORMAT must be one of {WEBHOOK_FORMATS}")
        channels.append(WebhookChannel(url=str(url), format=fmt))
    return channels


def _truthy(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)
