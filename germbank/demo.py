"""Demo data for ``make run``: people of every role, the bank's locations, then each feature's.

Loading twice changes nothing: every loader looks up what it would create first.
"""

from __future__ import annotations

import importlib
import importlib.util
from decimal import Decimal

import sqlalchemy as sa

from germbank.auth.services import create_user
from germbank.extensions import db
from germbank.features import available_features
from germbank.models import StorageLocation, User

DEMO_PASSWORD = "germbank-demo-2026"

DEMO_USERS = (
    ("admin", "admin", "系统管理员 Admin"),
    ("agronomist", "agronomist", "李农艺 Li (agronomist)"),
    ("technician", "technician", "王技术 Wang (technician)"),
    ("manager", "project_manager", "张项目 Zhang (project manager)"),
    ("viewer", "viewer", "访客 Visitor"),
)

# code, parent, kind, name, name_zh, climate class, set point °C, set point %RH, area m²
DEMO_LOCATIONS = (
    ("YJ", None, "site", "Yuanjiang Shijihu site", "沅江石矶湖园区", None, None, None, None),
    ("ST1", "YJ", "store", "Short-term store", "短期库", "short_term", 12, 55, "1522.81"),
    ("ST1-DRY", "ST1", "room", "Drying room", "干燥间", "drying", 15, 20, None),
    ("ST1-R1", "ST1", "room", "Short-term room 1", "短期库一号间", "short_term", 12, 55, None),
    ("ST1-R2", "ST1", "room", "Short-term room 2", "短期库二号间", "short_term", 12, 55, None),
    ("ST1-R3", "ST1", "room", "Medium-term room", "中期库间", "medium_term", 4, 35, None),
    ("ST1-R1-S01", "ST1-R1", "shelf", "Room 1 shelf 01", "一号间01架", None, None, None, None),
    ("ST1-R1-S02", "ST1-R1", "shelf", "Room 1 shelf 02", "一号间02架", None, None, None, None),
    ("ST1-R2-S01", "ST1-R2", "shelf", "Room 2 shelf 01", "二号间01架", None, None, None, None),
    ("ST1-R3-S01", "ST1-R3", "shelf", "Medium-term shelf 01", "中期库01架", None, None, None, None),
    (
        "GH1",
        "YJ",
        "greenhouse",
        "Experimental greenhouse",
        "试验大棚",
        "greenhouse",
        24,
        72,
        "5760",
    ),
    ("GH1-B1", "GH1", "bay", "Greenhouse bay 1", "大棚一区", "greenhouse", 24, 72, None),
    ("GH1-B2", "GH1", "bay", "Greenhouse bay 2", "大棚二区", "greenhouse", 24, 72, None),
    ("GH1-B1-BED01", "GH1-B1", "bed", "Bay 1 bed 01", "一区01床", None, None, None, None),
    ("GH1-B1-BED02", "GH1-B1", "bed", "Bay 1 bed 02", "一区02床", None, None, None, None),
    ("GH1-B2-BED01", "GH1-B2", "bed", "Bay 2 bed 01", "二区01床", None, None, None, None),
)


def load_core() -> None:
    """Demo people and the bank's locations."""
    for username, role, full_name in DEMO_USERS:
        if db.session.scalar(sa.select(User.id).where(User.username == username)) is None:
            create_user(username, DEMO_PASSWORD, role, full_name=full_name)
    by_code = {loc.code: loc for loc in db.session.scalars(sa.select(StorageLocation))}
    for code, parent, kind, name, name_zh, climate, temp, rh, area in DEMO_LOCATIONS:
        if code in by_code:
            continue
        location = StorageLocation(
            code=code,
            parent=by_code.get(parent) if parent else None,
            kind=kind,
            name=name,
            name_zh=name_zh,
            climate_class=climate,
            setpoint_temperature=Decimal(temp) if temp is not None else None,
            setpoint_humidity=Decimal(rh) if rh is not None else None,
            area_m2=Decimal(area) if area else None,
        )
        db.session.add(location)
        by_code[code] = location
    db.session.flush()


def load_all() -> list[str]:
    """Load the core and every feature's demo data; return what was loaded, in order."""
    load_core()
    loaded = ["core"]
    for feature in available_features():
        name = feature + ".demo"
        if importlib.util.find_spec(name) is None:
            continue
        importlib.import_module(name).load()
        db.session.flush()
        loaded.append(feature)
    return loaded
