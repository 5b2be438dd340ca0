"""Local receivers the notification tests start: a tiny SMTP server and an HTTP server.

Both run in a thread on a free port of 127.0.0.1 and keep what they received, so a test can
check exactly what an alarm sent, without any outside service.
"""

from __future__ import annotations

import base64
import email
import email.policy
import json
import socketserver
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer


class SMTPReceiver(socketserver.ThreadingTCPServer):
    """Enough SMTP (EHLO, AUTH PLAIN/LOGIN, MAIL, RCPT, DATA) to accept smtplib's mail."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _SMTPHandler)
        self.messages: list[tuple[str, list[str], email.message.EmailMessage]] = []
        self.logins: list[tuple[str, str]] = []
        self.received = threading.Event()

    @property
    def port(self) -> int:
        return self.server_address[1]

    def __enter__(self):
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.shutdown()
        self.server_close()


class _SMTPHandler(socketserver.StreamRequestHandler):
    def reply(self, line: str) -> None:
        self.wfile.write((line + "\r\n").encode())

    def handle(self) -> None:
        server: SMTPReceiver = self.server  # type: ignore[assignment]
        sender, recipients = "", []
        self.reply("220 test SMTP")
        while True:
            raw = self.rfile.readline()
            if not raw:
                return
            line = raw.decode().rstrip("\r\n")
            verb = line.split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250-test")
                self.reply("250 AUTH PLAIN LOGIN")
            elif verb == "AUTH":
                parts = line.split(" ")
                if parts[1].upper() == "PLAIN":
                    blob = parts[2] if len(parts) > 2 else self._ask("334 ")
                    _zid, user, password = base64.b64decode(blob).decode().split("\0")
                else:
                    user = base64.b64decode(self._ask("334 VXNlcm5hbWU6")).decode()
                    password = base64.b64decode(self._ask("334 UGFzc3dvcmQ6")).decode()
                server.logins.append((user, password))
                self.reply("235 ok")
            elif verb == "MAIL":
                sender = line.split(":", 1)[1].strip().strip("<>").split(">")[0]
                recipients = []
                self.reply("250 ok")
            elif verb == "RCPT":
                recipients.append(line.split(":", 1)[1].strip().strip("<>").split(">")[0])
                self.reply("250 ok")
            elif verb == "DATA":
                self.reply("354 go on")
                data = []
                while True:
                    chunk = self.rfile.readline()
                    if chunk in (b".\r\n", b".\n", b""):
                        break
                    data.append(chunk[1:] if chunk.startswith(b"..") else chunk)
                message = email.message_from_bytes(b"".join(data), policy=email.policy.default)
                server.messages.append((sender, recipients, message))
                server.received.set()
                self.reply("250 queued")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("250 ok")

    def _ask(self, prompt: str) -> str:
        self.reply(prompt)
        return self.rfile.readline().decode().strip()


class WebhookReceiver(HTTPServer):
    """Records JSON posts; answers ``status`` (200 by default); may hold each request."""

    def __init__(self, status: int = 200, hold: threading.Event | None = None) -> None:
        super().__init__(("127.0.0.1", 0), _WebhookHandler)
        self.status = status
        self.hold = hold
        self.posts: list[dict] = []
        self.released_before_handling: list[bool] = []
        self.attempts = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/hook"

    def __enter__(self):
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        if self.hold is not None:
            self.hold.set()
        self.shutdown()
        self.server_close()


class _WebhookHandler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802 - the http.server API
        server: WebhookReceiver = self.server  # type: ignore[assignment]
        server.attempts += 1
        if server.hold is not None:
            server.released_before_handling.append(server.hold.wait(10))
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if server.status == 200:
            server.posts.append(json.loads(body.decode("utf-8")))
        self.send_response(server.status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"errcode": 0}')

    def log_message(self, *args) -> None:
        """Keep the test output quiet."""
