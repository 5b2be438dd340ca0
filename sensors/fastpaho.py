"""paho-mqtt's Client with buffered reads and batched acknowledgements.

Why: profiling the subscriber draining a backlog showed paho spending most of its time in
system calls — it reads every packet header one byte per `recv()`, wakes `select()` once per
packet, and sends each PUBACK with its own `send()` plus a wake-up write. On 2 cores that capped
ingest at about 18,000 messages/s with no storage at all, using more than one core.

Two small, contained changes (paho-mqtt 2.2; the end-to-end tests cover both):
- `BufferedSocket` reads up to 64 KiB per `recv()` and serves paho's small reads from memory;
  it exposes `pending()`, the hook paho already uses for TLS sockets, so paho keeps reading
  without `select()` while buffered bytes remain.
- `ack_many()` queues the PUBACKs of a whole committed batch as one write.
- `_handle_publish()` decodes a QoS 0/1 PUBLISH that carries no MQTT v5 properties (what
  devices send) without building paho's costly `Properties` object and topic matcher, and hands
  it straight to `on_message`; anything else (properties, QoS 2) takes paho's own path.
"""

from __future__ import annotations

import struct
import time

import paho.mqtt.client as mqtt
from paho.mqtt.enums import MQTTErrorCode, MQTTProtocolVersion

_PUBACK = 0x40
_READ_SIZE = 65536
_MAX_PACKETS_PER_READ = 2000


class BufferedSocket:
    """A socket wrapper whose `recv(n)` is served from a 64 KiB read-ahead buffer."""

    def __init__(self, sock) -> None:
        self._sock = sock
        self._buffer = b""
        self._position = 0

    def recv(self, bufsize: int) -> bytes:
        """Up to `bufsize` bytes; raises BlockingIOError/SSL errors like the real socket."""
        if self._position >= len(self._buffer):
            data = self._sock.recv(_READ_SIZE)
            if not data:
                return b""
            self._buffer, self._position = data, 0
        start = self._position
        self._position = min(start + bufsize, len(self._buffer))
        return self._buffer[start : self._position]

    def pending(self) -> int:
        """Bytes readable without a system call (paho skips select() while > 0)."""
        inner = self._sock.pending() if hasattr(self._sock, "pending") else 0
        return len(self._buffer) - self._position + inner

    def __getattr__(self, name: str):
        return getattr(self._sock, name)


class IngestClient(mqtt.Client):
    """paho Client tuned for a high-rate QoS 1 subscriber with manual acknowledgement."""

    def _create_socket(self):
        return BufferedSocket(super()._create_socket())

    def loop_read(self, max_packets: int = 1) -> MQTTErrorCode:
        """Read every packet already buffered, not just one per select() round."""
        rc = super().loop_read(max_packets)
        count = 1
        while (
            rc == MQTTErrorCode.MQTT_ERR_SUCCESS
            and self._sock is not None
            and count < _MAX_PACKETS_PER_READ
            and self._sock.pending() > 0
        ):
            rc = super().loop_read(max_packets)
            count += 1
        return rc

    def ack_many(self, mids: list[int]) -> None:
        """PUBACK (QoS 1) every message id in `mids`, in order, as a single write."""
        if not mids:
            return
        if not self._manual_ack:
            raise RuntimeError("ack_many() needs manual_ack=True")
        blob = b"".join(struct.pack("!BBH", _PUBACK, 2, mid) for mid in mids)
        self._packet_queue(_PUBACK, blob, 0, 0)

    def _handle_publish(self) -> MQTTErrorCode:
        header = self._in_packet["command"]
        packet = self._in_packet["packet"]
        qos = (header & 0x06) >> 1
        on_message = self.on_message
        if (
            self._protocol != MQTTProtocolVersion.MQTTv5
            or qos == 2
            or not self._manual_ack
            or on_message is None  # (message_callback_add is not used by the subscriber)
        ):
            return super()._handle_publish()
        position = 2 + int.from_bytes(packet[0:2], "big")
        topic = bytes(packet[2:position])
        mid = 0
        if qos:
            mid = int.from_bytes(packet[position : position + 2], "big")
            position += 2
        if not topic or position >= len(packet) or packet[position] != 0:
            return super()._handle_publish()  # properties or a topic alias: paho decodes
        message = mqtt.MQTTMessage(mid=mid, topic=topic)
        message.dup = bool(header & 0x08)
        message.qos = qos
        message.retain = bool(header & 0x01)
        message.payload = bytes(packet[position + 1 :])
        message.timestamp = time.monotonic()
        on_message(self, self._userdata, message)
        return MQTTErrorCode.MQTT_ERR_SUCCESS
