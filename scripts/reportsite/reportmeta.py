"""What the reader sees of a report: its title, slug, issuer, dates, speaker and source.

metadata.yml's word first (an editor's), then the masthead's lines (masthead.py), then the web
page's header fields, which furniture.py removed and kept the values of.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from .config import METADATA_FILE, check_length
from .errors import ReportError
from .furniture import Removed
from .masthead import find_date, is_press, issuer_of, published_date, qualified_title, read_masthead
from .models import Block, ReportMeta
from .settings import DEFAULT_LIMITS, Limits, SeedMeta
from .structure import header_fields
from .values import real_date


def slug_for(name: str, meta: SeedMeta) -> str:
    """The report's URL slug: from metadata, else from an ASCII file name, else a hash."""
    if meta.slug:
        return meta.slug
    stem = Path(name).stem.lower()
    ascii_slug = re.sub(r"[^a-z0-9]+", "-", stem).strip("-")
    if ascii_slug and stem.isascii():
        return ascii_slug[:64]
    return "report-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]


def _line_of(text: str, needle: str) -> int | None:
    at = text.find(needle)
    return None if at < 0 else len(re.split(r"\r\n|\r|\n", text[:at]))


def header_date(name: str, fields: dict[str, str], seed_text: str) -> str | None:
    """The publication date of the page's header (时间：2026-02-11, 发布日期 …), if it has one.

    An impossible one (2025-13-45) is refused, not dropped: it would otherwise be published
    as the report's date, or the report silently lose its date. The fix is a `date:` in
    metadata.yml, which is then used instead (the seed itself is never edited).
    """
    found = published_date(fields)
    if found is None:
        return None
    raw = found[1]
    match = re.search(r"\d{4}-\d{2}-\d{2}", raw)
    if match is not None and not real_date(match[0]):
        raise ReportError(
            name,
            f"header date {match[0]} is not a real date; give the right one as `date:` "
            f"for this seed in {METADATA_FILE}",
            _line_of(seed_text, match[0]),
        )
    return find_date(raw)


def _fields(blocks: tuple[Block, ...], removed: tuple[Removed, ...]) -> dict[str, str]:
    """Label -> value of the page's header: the removed header lines, then any kept ones."""
    fields: dict[str, str] = {}
    for line in removed:
        for label, value in line.fields:
            fields.setdefault(label, value)
    for label, value in header_fields(blocks).items():
        fields.setdefault(label, value)
    return fields


def report_meta(
    name: str,
    blocks: tuple[Block, ...],
    meta: SeedMeta,
    seed_text: str = "",
    limits: Limits = DEFAULT_LIMITS,
    removed: tuple[Removed, ...] = (),
    script: str = "hans",
) -> ReportMeta:
    """What the reader sees of the report: metadata.yml's word first, then the masthead's
    lines (masthead.py), then the page's header fields."""
    fields = _fields(blocks, removed)
    head = read_masthead(blocks)
    subtitle = meta.subtitle or head.subtitle
    own_title = head.title or Path(name).stem
    date = meta.date if meta.date is not None else header_date(name, fields, seed_text)
    source = fields.get("来源") or fields.get("來源")
    reprinted = source if source and is_press(source) else None
    issuer = meta.issuer or issuer_of(own_title, subtitle, source)
    issuer = issuer or fields.get("发布机构") or fields.get("發布機構") or fields.get("发文机关")
    for what, value in (("issuer", issuer), ("source", reprinted)):
        if value and not (what == "issuer" and meta.issuer):
            check_length(Path(name), value, f"the header's {what}", _line_of(seed_text, value),
                         limits)  # fmt: skip
    return ReportMeta(
        title=meta.title or qualified_title(own_title, subtitle),
        slug=slug_for(name, meta),
        source=name,
        issuer=issuer,
        date=date,
        tag_overrides=meta.tags,
        subtitle=subtitle,
        speaker=meta.speaker or head.speaker,
        delivered=meta.delivered or (find_date(subtitle) if subtitle else None),
        reprinted_by=reprinted,
        script=script,
    )


