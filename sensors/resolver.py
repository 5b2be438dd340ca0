"""Device code + metric -> series id, cached, registering unknown devices as unassigned.

Why a cache: a batch of 500 messages names maybe a hundred series; looking each up would cost
more than inserting the readings. Ids never change once committed, so they are cached for
the life of the subscriber. New devices and series are created inside the batch's
transaction, and only join the cache once `commit()` says that transaction was committed —
a rolled-back batch must not leave ids in the cache that the database never kept.

Several subscribers (shared subscription) may meet the same new device at once: creation is an
INSERT .. ON CONFLICT DO NOTHING followed by a SELECT, so both end up with the same id.
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from germbank.models.sensors import Device, Series
from sensors.metrics import unit_of


def dialect_insert(connection: sa.Connection, table: sa.Table):
    """INSERT with the dialect's ON CONFLICT support (SQLite or PostgreSQL)."""
    if connection.dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


class SeriesResolver:
    """Maps device codes to device ids and (device code, metric) to series ids."""

    def __init__(self) -> None:
        self.devices: dict[str, int] = {}
        self.series: dict[tuple[str, str], int] = {}
        self._new_devices: dict[str, int] = {}
        self._new_series: dict[tuple[str, str], int] = {}
        self._names: dict[int, tuple[str, str]] = {}

    def device_ids(
        self, connection: sa.Connection, codes: dict[str, tuple[str, datetime]]
    ) -> dict[str, int]:
        """Ids of the devices `codes` ({code: (site, first seen)}), creating unknown ones."""
        missing = [code for code in codes if code not in self.devices
                   and code not in self._new_devices]
        if missing:
            table = Device.__table__
            found = dict(connection.execute(
                sa.select(table.c.code, table.c.id).where(table.c.code.in_(missing))
            ).all())
            unknown = sorted(code for code in missing if code not in found)
            if unknown:
                rows = [
                    {"code": code, "site": codes[code][0], "name": "", "interval_s": 60,
                     "auto_registered": True, "notes": "", "first_seen_at": codes[code][1],
                     "created_at": codes[code][1]}
                    for code in unknown
                ]
                connection.execute(
                    dialect_insert(connection, table).on_conflict_do_nothing(
                        index_elements=["code"]
                    ),
                    rows,
                )
                found.update(connection.execute(
                    sa.select(table.c.code, table.c.id).where(table.c.code.in_(unknown))
                ).all())
            self._new_devices.update(found)
        return {code: self.devices.get(code) or self._new_devices[code] for code in codes}

    def series_ids(
        self, connection: sa.Connection, keys: set[tuple[str, str]], device_ids: dict[str, int]
    ) -> dict[tuple[str, str], int]:
        """Ids of the series (device code, metric), creating unknown ones."""
        missing = [key for key in keys if key not in self.series and key not in self._new_series]
        if missing:
            table = Series.__table__
            wanted = {(device_ids[code], metric): (code, metric) for code, metric in missing}
            device_filter = table.c.device_id.in_({device_id for device_id, _ in wanted})

            def lookup() -> None:
                for device_id, metric, series_id in connection.execute(
                    sa.select(table.c.device_id, table.c.metric, table.c.id).where(device_filter)
                ):
                    key = wanted.get((device_id, metric))
                    if key is not None:
                        self._new_series[key] = series_id

            lookup()
            unknown = sorted(pair for pair, key in wanted.items() if key not in self._new_series)
            if unknown:
                now = datetime.now(UTC)
                connection.execute(
                    dialect_insert(connection, table).on_conflict_do_nothing(
                        index_elements=["device_id", "metric"]
                    ),
                    [{"device_id": device_id, "metric": metric, "unit": unit_of(metric),
                      "created_at": now} for device_id, metric in unknown],
                )
                lookup()
        return {key: self.series.get(key) or self._new_series[key] for key in keys}

    def commit(self) -> None:
        """The batch's transaction committed: its new ids are now safe to cache."""
        self.devices.update(self._new_devices)
        self.series.update(self._new_series)
        self._names.update({series_id: key for key, series_id in self._new_series.items()})
        self.rollback()

    def rollback(self) -> None:
        """The batch's transaction failed: forget the ids it created."""
        self._new_devices.clear()
        self._new_series.clear()

    def name_of(self, series_id: int) -> tuple[str, str] | None:
        """(device code, metric) of a committed series id (for the monitoring hook)."""
        return self._names.get(series_id)
