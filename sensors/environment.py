"""Deterministic models of what the bank's sensors would measure, for the simulator.

Why models rather than random numbers: technicians judge the monitoring pages by whether the
charts look like their rooms. Short-term store rooms sit at 10-15 °C and 50-60 % RH with a slow
daily drift and now and then an excursion (a door left open, a compressor trip); greenhouse bays
follow the sun: warm afternoons, humid nights, CO2 drawn down by day, light from dawn to dusk,
soil drying out between morning irrigations.

Everything is a pure function of (seed, device, time), so a backlog and a live run agree, a
test can predict a value, and the same seed gives the same demo. Local time is UTC+8.
"""

from __future__ import annotations

import hashlib
import math
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

STORE_ROOM = "store_room"
GREENHOUSE_BAY = "greenhouse_bay"
SOIL_PROBE = "soil_probe"
KIND_METRICS = {
    STORE_ROOM: ("temperature", "humidity", "battery"),
    GREENHOUSE_BAY: ("temperature", "humidity", "co2", "light"),
    SOIL_PROBE: ("soil_moisture", "temperature", "battery"),
}
LOCAL_OFFSET = timedelta(hours=8)
DAY = 86_400.0


@dataclass(frozen=True)
class DeviceSpec:
    """A simulated device: what it watches, how often it reports, and how it formats it."""

    device_id: str
    kind: str = STORE_ROOM
    site: str = "yuanjiang"
    interval_s: int = 60
    form: str = "sample"  # "sample" (ISO ts), "epoch" (ts in ms) or "flat" (Zigbee2MQTT-like)
    location: str | None = None  # code of the storage location it is placed in (demo data)
    setpoint_c: float = 12.0  # store rooms: the room's set point
    setpoint_rh: float = 55.0

    @property
    def metrics(self) -> tuple[str, ...]:
        """The metrics this kind of device reports."""
        return KIND_METRICS[self.kind]


def _rng(*parts: object) -> random.Random:
    """A random generator fixed by its parts (stable across runs and Python versions)."""
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=8).digest()
    return random.Random(int.from_bytes(digest, "big"))


def _local_hours(ts: datetime) -> float:
    local = ts + LOCAL_OFFSET
    return local.hour + local.minute / 60 + local.second / 3600


def _day_number(ts: datetime) -> int:
    return int((ts + LOCAL_OFFSET).timestamp() // DAY)


def excursion(seed: int, spec: DeviceSpec, ts: datetime) -> float:
    """0..1: how far into a store-room excursion the device is at `ts` (0 = none)."""
    for day in (_day_number(ts) - 1, _day_number(ts)):
        rng = _rng(seed, spec.device_id, "excursion", day)
        if rng.random() > 0.25:  # about one day in four
            continue
        start = day * DAY - LOCAL_OFFSET.total_seconds() + rng.uniform(7, 18) * 3600
        length = rng.uniform(20, 90) * 60
        offset = ts.timestamp() - start
        if 0 <= offset <= length:
            return math.sin(math.pi * offset / length)  # rises, peaks, recovers
    return 0.0


def is_silent(seed: int, spec: DeviceSpec, ts: datetime) -> bool:
    """True while the device is silent (flat battery, radio trouble): now and then, briefly."""
    hour = int(ts.timestamp() // 3600)
    for start_hour in (hour - 1, hour):
        rng = _rng(seed, spec.device_id, "silence", start_hour)
        if rng.random() > 0.03:  # about one hour in 33 starts a silence
            continue
        start = start_hour * 3600 + rng.uniform(0, 3600)
        if start <= ts.timestamp() < start + rng.uniform(5, 45) * 60:
            return True
    return False


def sample_values(seed: int, spec: DeviceSpec, ts: datetime) -> dict[str, float]:
    """What the device measures at `ts`, rounded as such sensors report."""
    noise = _rng(seed, spec.device_id, "noise", int(ts.timestamp()))
    if spec.kind == STORE_ROOM:
        values = _store_room(seed, spec, ts, noise)
    else:
        values = _greenhouse(seed, spec, ts, noise)
        if spec.kind == SOIL_PROBE:  # soil is cooler and lags the air
            values["temperature"] = round(0.6 * values["temperature"] + 7, 2)
    values["battery"] = _battery(seed, spec, ts)
    return {metric: values[metric] for metric in spec.metrics}


def _store_room(seed: int, spec: DeviceSpec, ts: datetime, noise: random.Random) -> dict:
    room = _rng(seed, spec.device_id, "room")
    setpoint = spec.setpoint_c + room.uniform(-0.5, 0.5)
    hours = _local_hours(ts)
    days = ts.timestamp() / DAY
    drift = 0.6 * math.sin(2 * math.pi * (hours - 10) / 24) + 0.5 * math.sin(2 * math.pi * days / 9)
    bump = excursion(seed, spec, ts)
    temperature = setpoint + drift + 7.5 * bump + noise.gauss(0, 0.08)
    humidity = spec.setpoint_rh + 2.8 * math.sin(2 * math.pi * (hours - 14) / 24) + 9 * bump
    humidity += noise.gauss(0, 0.3)
    return {"temperature": round(temperature, 2), "humidity": round(min(humidity, 99.0), 1)}


def _greenhouse(seed: int, spec: DeviceSpec, ts: datetime, noise: random.Random) -> dict:
    hours = _local_hours(ts)
    day = _day_number(ts)
    weather = _rng(seed, "weather", day)  # one sky for the whole site that day
    cloud = weather.uniform(0.25, 1.0)
    season = math.cos(2 * math.pi * ((ts.timetuple().tm_yday - 200) / 365))  # 1 = July
    base = 21 + 6 * season
    diurnal = math.sin(2 * math.pi * (hours - 9) / 24)  # warmest mid-afternoon
    temperature = base + 6 * cloud * diurnal + noise.gauss(0, 0.2)
    humidity = 78 - 3.2 * (temperature - base) + noise.gauss(0, 0.8)
    sun = max(0.0, math.sin(math.pi * (hours - 6.5) / 11))  # dawn 06:30, dusk 17:30
    light = 52_000 * cloud * sun ** 1.3 * (0.85 + 0.15 * season) + noise.uniform(0, 40)
    co2 = 430 + 260 * (1 - sun) - 40 * sun + noise.gauss(0, 12)
    since_irrigation = (hours - 7) % 24  # watered at 07:00 local
    soil = 38 - 14 * (1 - math.exp(-since_irrigation / 10)) + noise.gauss(0, 0.2)
    return {
        "temperature": round(temperature, 2),
        "humidity": round(max(30.0, min(humidity, 99.0)), 1),
        "co2": round(co2),
        "light": round(light),
        "soil_moisture": round(soil, 1),
    }


def _battery(seed: int, spec: DeviceSpec, ts: datetime) -> float:
    """Falls about 0.3 % a day from a per-device start, replaced when it reaches 10 %."""
    start = _rng(seed, spec.device_id, "battery").uniform(60, 100)
    days = ts.timestamp() / DAY
    return float(round(10 + (start - 10 - 0.3 * days) % 90))


def sample_times(spec: DeviceSpec, start: datetime, end: datetime) -> list[datetime]:
    """The device's reporting instants in [start, end), aligned to its interval."""
    step = spec.interval_s
    first = math.ceil(start.timestamp() / step) * step
    return [
        datetime.fromtimestamp(t, tz=UTC)
        for t in range(int(first), int(end.timestamp()), step)
    ]
