"""A minimal MQTT 3.1.1 QoS 1 publisher on a raw socket, for load generation only.

Why not paho here: on these 2-core machines paho publishes about 8,000 messages/s with a whole
core, so a benchmark would measure the publisher instead of the subscriber. Writing PUBLISH
packets in chunks and counting PUBACKs on a reader thread goes an order of magnitude faster.
Only what a bulk load needs is implemented: CONNECT, PUBLISH (QoS 1), PUBACK, DISCONNECT.
"""

from __future__ import annotations

import socket
import struct
import threading
from collections.abc import Iterable


class WireError(RuntimeError):
    """The broker refused us or answered something a bulk publisher does not expect."""


def _remaining_length(length: int) -> bytes:
    """MQTT variable-length encoding of a packet's remaining length."""
    out = bytearray()
    while True:
        byte, length = length % 128, length // 128
        out.append(byte | 0x80 if length else byte)
        if not length:
            return bytes(out)


def _string(text: str) -> bytes:
    data = text.encode()
    return struct.pack("!H", len(data)) + data


def connect_packet(
    client_id: str, keepalive: int = 0, username: str | None = None, password: str | None = None
) -> bytes:
    """CONNECT, MQTT 3.1.1, clean session, optional username and password."""
    flags = 0x02 | (0x80 if username else 0) | (0x40 if username and password else 0)
    body = _string("MQTT") + bytes([4, flags]) + struct.pack("!H", keepalive) + _string(client_id)
    if username:
        body += _string(username)
        if password:
            body += _string(password)
    return b"\x10" + _remaining_length(len(body)) + body


def publish_packet(topic: bytes, payload: bytes, packet_id: int, retain: bool = False) -> bytes:
    """PUBLISH with QoS 1."""
    body_length = 2 + len(topic) + 2 + len(payload)
    header = 0x33 if retain else 0x32
    return b"".join(
        (
            bytes([header]),
            _remaining_length(body_length),
            struct.pack("!H", len(topic)),
            topic,
            struct.pack("!H", packet_id),
            payload,
        )
    )


class WirePublisher:
    """Publish QoS 1 messages with at most `window` unacknowledged at a time."""

    def __init__(
        self,
        host: str,
        port: int,
        client_id: str,
        window: int = 2000,
        username: str | None = None,
        password: str | None = None,
    ) -> None:
        if not 0 < window < 65535:
            raise ValueError("window must be between 1 and 65534")
        self.window = window
        self.sent = 0
        self.acked = 0
        self._cond = threading.Condition()
        self._error: Exception | None = None
        self._sock = socket.create_connection((host, port), timeout=30)
        self._sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._sock.sendall(connect_packet(client_id, username=username, password=password))
        connack = self._recv_exactly(4)
        if connack[0] != 0x20 or connack[3] != 0:
            raise WireError(f"broker refused the connection: CONNACK {connack.hex()}")
        self._sock.settimeout(None)
        self._reader = threading.Thread(target=self._read_acks, daemon=True)
        self._reader.start()

    def _recv_exactly(self, count: int) -> bytes:
        data = b""
        while len(data) < count:
            chunk = self._sock.recv(count - len(data))
            if not chunk:
                raise WireError("broker closed the connection")
            data += chunk
        return data

    def _read_acks(self) -> None:
        buffer = b""
        try:
            while True:
                chunk = self._sock.recv(65536)
                if not chunk:
                    raise WireError("broker closed the connection")
                buffer += chunk
                complete = len(buffer) // 4
                frames, buffer = buffer[: complete * 4], buffer[complete * 4 :]
                if frames[0::4].strip(b"\x40") or frames[1::4].strip(b"\x02"):
                    raise WireError("unexpected packet from the broker (expected PUBACK)")
                with self._cond:
                    self.acked += complete
                    self._cond.notify_all()
        except Exception as exc:  # surfaces in publish()/wait(), never silently
            with self._cond:
                self._error = exc
                self._cond.notify_all()

    def publish_many(self, messages: Iterable[tuple[bytes, bytes]], chunk: int = 256) -> None:
        """Send (topic, payload) pairs, chunked, never exceeding the ack window."""
        pending: list[bytes] = []
        for topic, payload in messages:
            pending.append(publish_packet(topic, payload, self.sent % 65535 + 1))
            self.sent += 1
            if len(pending) >= chunk:
                self._send(pending)
                pending = []
        if pending:
            self._send(pending)

    def _send(self, packets: list[bytes]) -> None:
        with self._cond:
            while self.sent - self.acked > self.window and self._error is None:
                self._cond.wait(30)
            if self._error is not None:
                raise WireError(f"publishing failed after {self.acked} acks: {self._error}")
        self._sock.sendall(b"".join(packets))

    def wait(self, timeout: float = 600.0) -> None:
        """Block until every sent message is acknowledged."""
        with self._cond:
            if not self._cond.wait_for(
                lambda: self.acked >= self.sent or self._error is not None, timeout
            ):
                raise TimeoutError(f"broker acknowledged {self.acked} of {self.sent} messages")
            if self._error is not None and self.acked < self.sent:
                raise WireError(f"publishing failed after {self.acked} acks: {self._error}")

    def close(self) -> None:
        """DISCONNECT cleanly and close the socket."""
        try:
            self._sock.sendall(b"\xe0\x00")
            self._sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self._sock.close()
