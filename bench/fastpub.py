"""A minimal raw-socket MQTT 3.1.1 QoS 1 publisher, so the publisher is never the bottleneck.

Why not paho: on these 2-core machines paho's publisher tops out near 9,000 QoS 1 messages per
second on its own (measured: `sensors.publisher.publish_bulk` alone), below the 10,000 msg/s
target we measure the subscriber against, and it would take a whole core from the broker and
the subscriber. This publisher pre-encodes the PUBLISH packets of a `sensors.publisher.BulkPlan`
(the project's payload format, byte for byte the same messages) and writes them in large
chunks, keeping at most `window` unacknowledged, and counts the broker's PUBACKs, so "published"
still means "the broker has it".
"""

from __future__ import annotations

import socket
import struct
import threading
import time
from dataclasses import dataclass

from sensors.publisher import BulkPlan

CHUNK = 200  # packets per socket write


def _remaining_length(length: int) -> bytes:
    """MQTT's variable-length integer."""
    out = bytearray()
    while True:
        byte, length = length % 128, length // 128
        out.append(byte | (0x80 if length else 0))
        if not length:
            return bytes(out)


def _utf8(text: str) -> bytes:
    data = text.encode()
    return struct.pack("!H", len(data)) + data


def connect_packet(client_id: str) -> bytes:
    """CONNECT, MQTT 3.1.1, clean session, no keepalive (we only publish, then leave)."""
    body = _utf8("MQTT") + bytes([4, 0x02]) + struct.pack("!H", 0) + _utf8(client_id)
    return b"\x10" + _remaining_length(len(body)) + body


def publish_packet(topic: str, payload: bytes, packet_id: int) -> bytes:
    """PUBLISH with QoS 1."""
    body = _utf8(topic) + struct.pack("!H", packet_id) + payload
    return b"\x32" + _remaining_length(len(body)) + body


@dataclass
class FastPublishReport:
    """Messages the broker acknowledged, and when publishing started and ended (epoch s)."""

    published: int
    started: float
    finished: float

    @property
    def seconds(self) -> float:
        """Wall time from the first write to the last PUBACK."""
        return self.finished - self.started

    @property
    def rate(self) -> float:
        """Messages per second."""
        return self.published / self.seconds if self.seconds else 0.0


def encode_plan(plan: BulkPlan, indices: range | None = None) -> list[bytes]:
    """The PUBLISH packets of `indices` (default: the whole plan), ids cycling 1..65535."""
    indices = indices if indices is not None else range(plan.messages)
    return [
        publish_packet(plan.topic(index), plan.payload(index), count % 65535 + 1)
        for count, index in enumerate(indices)
    ]


def publish_packets(
    host: str, port: int, packets: list[bytes], *, window: int = 2000, timeout: float = 600.0,
    client_id: str | None = None,
) -> FastPublishReport:
    """Send pre-encoded QoS 1 PUBLISH packets; return once the broker acked every one."""
    sock = socket.create_connection((host, port), timeout=10)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.sendall(connect_packet(client_id or f"bench-fastpub-{time.monotonic_ns()}"))
    connack = _read_exactly(sock, 4)
    if connack[0] != 0x20 or connack[3] != 0:
        raise ConnectionError(f"broker refused the publisher: CONNACK {connack.hex()}")
    sock.settimeout(timeout)
    acked = 0
    failure: list[BaseException] = []
    room = threading.Condition()
    total = len(packets)

    def read_acks() -> None:
        nonlocal acked
        pending = b""
        try:
            while acked < total:
                data = sock.recv(65536)
                if not data:
                    raise ConnectionError("broker closed the connection")
                pending += data
                whole = len(pending) // 4 * 4
                for offset in range(0, whole, 4):
                    if pending[offset] != 0x40:
                        packet = pending[offset:offset + 4].hex()
                        raise ConnectionError(f"unexpected packet {packet}")
                count = whole // 4
                pending = pending[whole:]
                with room:
                    acked += count
                    room.notify()
        except BaseException as exc:  # surfaced by the sender below
            failure.append(exc)
            with room:
                room.notify()

    reader = threading.Thread(target=read_acks, name="fastpub-acks", daemon=True)
    reader.start()
    started = time.time()
    sent = 0
    try:
        while sent < total:
            with room:
                while sent - acked + CHUNK > window and not failure:
                    room.wait(timeout)
            if failure:
                raise failure[0]
            chunk = packets[sent:sent + CHUNK]
            sock.sendall(b"".join(chunk))
            sent += len(chunk)
        reader.join(timeout)
        if failure:
            raise failure[0]
        if acked < total:
            raise TimeoutError(f"broker acknowledged {acked} of {total} messages")
        finished = time.time()
        sock.sendall(b"\xe0\x00")
        return FastPublishReport(total, started, finished)
    finally:
        sock.close()


def _read_exactly(sock: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        more = sock.recv(size - len(data))
        if not more:
            raise ConnectionError("broker closed the connection")
        data += more
    return data
