"""A generated MCPD passport file that looks like the bank's real data, at any size.

Why generated: the import and accession benchmarks need 100,000 plausible accessions of the
bank's six bast-fibre crops (Chinese and English names, coordinates around Hunan, partial
dates, multi-value storage codes), the same every time (a fixed seed), so that two runs on two
machines import the same bytes.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from pathlib import Path

from germbank.mcpd.fields import COLUMN_ORDER

INSTCODE = "CHN145"  # the bank's WIEWS-style code used throughout the benchmarks

# (genus, species, subtaxa, crop name, Chinese crop name, share of the collection)
TAXA = (
    ("Boehmeria", "nivea", "", "ramie", "苎麻", 0.40),
    ("Boehmeria", "nivea", "var. tenacissima", "ramie", "苎麻", 0.08),
    ("Hibiscus", "cannabinus", "", "kenaf", "红麻", 0.17),
    ("Corchorus", "capsularis", "", "jute", "黄麻", 0.09),
    ("Corchorus", "olitorius", "", "jute", "黄麻", 0.06),
    ("Cannabis", "sativa", "", "hemp", "大麻", 0.10),
    ("Linum", "usitatissimum", "", "flax", "亚麻", 0.07),
    ("Agave", "sisalana", "", "sisal", "剑麻", 0.03),
)
PLACES = ("沅江", "益阳", "岳阳", "常德", "长沙", "湘潭", "衡阳", "邵阳", "怀化", "郴州")
PLACES_EN = ("Yuanjiang", "Yiyang", "Yueyang", "Changde", "Changsha", "Xiangtan",
             "Hengyang", "Shaoyang", "Huaihua", "Chenzhou")
COUNTRIES = ("CHN",) * 14 + ("IND", "BGD", "NPL", "VNM", "THA", "JPN")
SAMPSTATS = (300, 300, 300, 410, 410, 500, 100, 999)
STORAGES = ("13", "11;13", "12", "13;20", "20")


def mcpd_row(index: int, rng: random.Random) -> dict[str, str]:
    """Row `index` of the generated collection as MCPD text cells."""
    genus, species, subtaxa, crop, crop_zh, _share = rng.choices(
        TAXA, weights=[t[5] for t in TAXA])[0]
    place = rng.randrange(len(PLACES))
    year = rng.randrange(1978, 2026)
    month = rng.randrange(1, 13)
    known_day = rng.random() < 0.6
    acqdate = f"{year}{month:02d}{rng.randrange(1, 29):02d}" if known_day else f"{year}----"
    latitude = 24.6 + rng.random() * 5.5
    longitude = 108.8 + rng.random() * 5.4
    row = dict.fromkeys(COLUMN_ORDER, "")
    row.update({
        "INSTCODE": INSTCODE,
        "ACCENUMB": f"YJ{crop[:2].upper()}-{index + 1:06d}",
        "COLLNUMB": f"{PLACES_EN[place][:3].upper()}{year % 100:02d}-{rng.randrange(1, 999):03d}",
        "GENUS": genus,
        "SPECIES": species,
        "SUBTAXA": subtaxa,
        "CROPNAME": crop,
        "ACCENAME": f"{PLACES[place]}{crop_zh}{rng.randrange(1, 300)}号;"
                    f"{PLACES_EN[place]} {crop} {rng.randrange(1, 300)}",
        "ACQDATE": acqdate,
        "ORIGCTY": rng.choice(COUNTRIES),
        "COLLSITE": f"{PLACES_EN[place]} county, {rng.randrange(1, 40)} km from town",
        "DECLATITUDE": f"{latitude:.4f}",
        "DECLONGITUDE": f"{longitude:.4f}",
        "COORDUNCERT": str(rng.choice((100, 500, 1000, 5000))),
        "COORDDATUM": "WGS84",
        "GEOREFMETH": "GPS",
        "ELEVATION": str(rng.randrange(20, 1500)),
        "COLLDATE": f"{year}{month:02d}--",
        "SAMPSTAT": str(rng.choice(SAMPSTATS)),
        "COLLSRC": str(rng.choice((10, 20, 26, 30, 40))),
        "DONORNUMB": f"D{rng.randrange(1, 99999):05d}",
        "STORAGE": rng.choice(STORAGES),
        "MLSSTAT": str(rng.choice((0, 1))),
        "REMARKS": "ACCENAME:local name recorded at collection" if index % 7 == 0 else "",
    })
    return row


def mcpd_rows(count: int, seed: int = 7) -> Iterator[dict[str, str]]:
    """`count` rows, always the same for the same seed."""
    rng = random.Random(seed)
    for index in range(count):
        yield mcpd_row(index, rng)


def write_mcpd_csv(path: Path, count: int, seed: int = 7) -> Path:
    """Write a UTF-8 (with BOM, as Excel writes it) MCPD CSV of `count` rows; return its path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(COLUMN_ORDER))
        writer.writeheader()
        writer.writerows(mcpd_rows(count, seed))
    return path
