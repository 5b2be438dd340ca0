"""Find or create the crop and taxon rows an imported accession points at.

Everything is loaded once per import and cached, so resolving 100,000 rows costs a handful of
queries.  New rows are added and flushed (the caller owns the transaction); in a dry run they
are only counted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import sqlalchemy as sa

from germbank.extensions import db
from germbank.models.accessions import Crop, Taxon

# (genus, species) -> (crop code, English, Chinese, propagation, pollination); reference mcpd.md.
BAST_FIBRE_CROPS: dict[tuple[str, str], tuple[str, str, str, str, str]] = {
    ("Boehmeria", "nivea"): ("ramie", "ramie", "苎麻", "clonal", "cross"),
    ("Hibiscus", "cannabinus"): ("kenaf", "kenaf", "红麻", "seed", "cross"),
    ("Hibiscus", "sabdariffa"): ("roselle", "roselle", "玫瑰茄", "seed", "self"),
    ("Corchorus", "capsularis"): ("jute", "jute", "黄麻", "seed", "self"),
    ("Corchorus", "olitorius"): ("jute", "jute", "黄麻", "seed", "self"),
    ("Cannabis", "sativa"): ("hemp", "hemp", "大麻", "seed", "cross"),
    ("Linum", "usitatissimum"): ("flax", "flax", "亚麻", "seed", "self"),
    ("Agave", "sisalana"): ("sisal", "sisal", "剑麻", "clonal", "cross"),
    ("Abutilon", "theophrasti"): ("china-jute", "China jute", "苘麻", "seed", "self"),
    ("Apocynum", "venetum"): ("dogbane", "dogbane", "罗布麻", "clonal", "cross"),
}


@dataclass
class TaxonResolver:
    """Caches crops and taxa for one import; ``created_*`` count what the import added."""

    dry_run: bool = False
    created_crops: int = 0
    created_taxa: int = 0
    _crops_by_name: dict[str, Crop] = field(default_factory=dict)
    _crops_by_code: dict[str, Crop] = field(default_factory=dict)
    _crops_by_id: dict[int, Crop] = field(default_factory=dict)
    _taxa: dict[tuple[str, str, str], Taxon | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for crop in db.session.scalars(sa.select(Crop)):
            self._remember_crop(crop)
        for taxon in db.session.scalars(sa.select(Taxon)):
            self._taxa[(taxon.genus, taxon.species or "", taxon.subtaxa or "")] = taxon

    def crop_by_id(self, crop_id: int | None) -> Crop | None:
        """A known crop by id (for an accession whose crop the import leaves alone)."""
        return self._crops_by_id.get(crop_id) if crop_id is not None else None

    def _remember_crop(self, crop: Crop) -> None:
        self._crops_by_code[crop.code.lower()] = crop
        if crop.id is not None:
            self._crops_by_id[crop.id] = crop
        for name in (crop.code, crop.name_en, crop.name_zh):
            if name:
                self._crops_by_name.setdefault(name.strip().lower(), crop)

    def crop_for(self, cropname: str | None, genus: str, species: str | None) -> Crop | None:
        """The crop named by CROPNAME (English, Chinese or code), else the taxon's known crop."""
        if cropname:
            crop = self._crops_by_name.get(cropname.strip().lower())
            if crop is not None:
                return crop
        known = BAST_FIBRE_CROPS.get((genus, species or ""))
        if known is not None and (not cropname or cropname.strip().lower() in
                                  (known[1].lower(), known[2])):
            return self._crops_by_code.get(known[0]) or self._create_crop(*known)
        if cropname:
            return self._create_crop(_code_for(cropname, self._crops_by_code), *_names(cropname),
                                     "seed", "self")
        return None

    def _create_crop(self, code, name_en, name_zh, propagation, pollination) -> Crop | None:
        crop = Crop(code=code, name_en=name_en or name_zh, name_zh=name_zh,
                    propagation=propagation, pollination=pollination)
        self.created_crops += 1
        if not self.dry_run:
            db.session.add(crop)
            db.session.flush()
        self._remember_crop(crop)
        return crop

    def taxon_for(self, record: dict, crop: Crop | None) -> Taxon | None:
        """The taxon of (GENUS, SPECIES, SUBTAXA), created with its authorities if new."""
        key = (record["GENUS"], record.get("SPECIES") or "", record.get("SUBTAXA") or "")
        if key in self._taxa:
            return self._taxa[key]
        taxon = Taxon(genus=key[0], species=key[1], subtaxa=key[2],
                      spauthor=(record.get("SPAUTHOR") or "")[:128],
                      subtauthor=(record.get("SUBTAUTHOR") or "")[:128],
                      crop_id=crop.id if crop is not None else None)
        self.created_taxa += 1
        if self.dry_run:
            self._taxa[key] = None
            return None
        db.session.add(taxon)
        db.session.flush()
        self._taxa[key] = taxon
        return taxon


_CJK = re.compile(r"[\u3400-\u9fff]")


def _names(cropname: str) -> tuple[str, str]:
    """(English, Chinese) from a CROPNAME that is one or the other."""
    name = cropname.strip()
    return ("", name) if _CJK.search(name) else (name, "")


def _code_for(cropname: str, taken: dict[str, Crop]) -> str:
    """A short unique code for a new crop: its English name slugged, or ``crop-N``."""
    slug = re.sub(r"[^a-z0-9]+", "-", cropname.strip().lower()).strip("-")[:28] or "crop"
    code, number = slug, 2
    while code in taken:
        code, number = f"{slug}-{number}", number + 1
    return code
