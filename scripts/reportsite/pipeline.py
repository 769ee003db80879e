"""run_pipeline: every step, in order, from the seeds folder to the output files."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .changes import RECORD_TITLE, RecordError, record_edits, record_rows, record_tsv
from .config import PipelineConfig, SeedMeta
from .decode import decode_seed
from .errors import ReportError
from .models import Document, Kind, Report, ReportMeta
from .normalise import normalise
from .read import read_seeds
from .render import render_page, render_record
from .split import split_pages
from .structure import find_structure, header_fields
from .tag import tag_pages
from .write import write_tree

NAV_FILE = ".nav.yml"
RECORD_PAGE = "changes.md"
RECORD_TSV = "changes.tsv"
OVERVIEW_LABEL = "概览"


@dataclass(frozen=True)
class PipelineResult:
    reports: tuple[Report, ...]
    files: dict[str, str | bytes]


def slug_for(name: str, meta: SeedMeta) -> str:
    """The report's URL slug: from metadata, else from an ASCII file name, else a hash."""
    if meta.slug:
        return meta.slug
    stem = Path(name).stem.lower()
    ascii_slug = re.sub(r"[^a-z0-9]+", "-", stem).strip("-")
    if ascii_slug and stem.isascii():
        return ascii_slug[:64]
    return "report-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]


def report_meta(name: str, blocks: tuple, meta: SeedMeta) -> ReportMeta:
    fields = header_fields(blocks)
    title_block = next((b.text for b in blocks if b.kind is Kind.TITLE), None)
    date = meta.date
    if date is None:
        raw = fields.get("信息提供日期") or fields.get("发布日期") or fields.get("日期")
        match = re.search(r"\d{4}-\d{2}-\d{2}", raw or "")
        date = match[0] if match else None
    return ReportMeta(
        title=meta.title or (title_block.replace("**", "") if title_block else Path(name).stem),
        slug=slug_for(name, meta),
        source=name,
        issuer=meta.issuer or fields.get("来源") or fields.get("发布机构"),
        date=date,
        tag_overrides=meta.tags,
    )


def convert_seed(name: str, data: bytes, config: PipelineConfig) -> Report:
    """One seed through decode, normalise, structure, split and tag."""
    text, encoding = decode_seed(name, data)
    normalised = normalise(text, spacing=config.settings.spacing)
    blocks = find_structure(normalised.text)
    meta = report_meta(name, blocks, config.metadata.get(name, SeedMeta()))
    document = Document(meta=meta, blocks=blocks)
    pages = split_pages(meta.slug, meta.title, document.blocks)
    pages = tag_pages(pages, config.taxonomy, config.settings, meta.tag_overrides)
    return Report(
        meta=meta,
        pages=pages,
        changes=normalised.changes,
        seed_text=text,
        normalised=normalised.text,
        encoding=encoding,
    )


def nav_entries(report: Report, prefix: str) -> list[object]:
    """The report's part of the MkDocs nav, in document order."""
    by_key = {p.key: p for p in report.pages}
    items: list[object] = [{OVERVIEW_LABEL: f"{prefix}/{by_key[''].path}"}]
    for key in by_key[""].children:
        page = by_key[key]
        if page.children:
            sub: list[object] = [f"{prefix}/{page.path}"]
            sub += [{by_key[c].title: f"{prefix}/{by_key[c].path}"} for c in page.children]
            items.append({page.title: sub})
        else:
            items.append({page.title: f"{prefix}/{page.path}"})
    items.append({RECORD_TITLE: f"{prefix}/{report.meta.slug}/{RECORD_PAGE}"})
    return [{report.meta.title: items}]


def render_reports(
    reports: tuple[Report, ...], nav_prefix: str, seeds: dict[str, bytes]
) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {}
    nav: list[object] = []
    for report in reports:
        by_key = {p.key: p for p in report.pages}
        for page in report.pages:
            files[page.path] = render_page(page, report.meta, by_key)
        try:
            edits = record_edits(report.seed_text, report.normalised)
        except RecordError as exc:  # a converter bug, never to be published silently
            raise ReportError(report.meta.source, f"internal error: {exc}") from None
        rows = record_rows(report.seed_text, edits)
        folder = report.meta.slug
        files[f"{folder}/{RECORD_PAGE}"] = render_record(
            report.meta, report.encoding, rows, len(edits)
        )
        files[f"{folder}/{RECORD_TSV}"] = record_tsv(report.seed_text, edits)
        # The original as published, byte for byte, for readers to download.
        files[f"{folder}/{report.meta.source}"] = seeds[report.meta.source]
        nav += nav_entries(report, nav_prefix)
    files[NAV_FILE] = yaml.safe_dump(nav, allow_unicode=True, sort_keys=False, width=1000)
    return files


def check_unique_slugs(reports: tuple[Report, ...]) -> None:
    seen: dict[str, str] = {}
    for report in reports:
        other = seen.setdefault(report.meta.slug, report.meta.source)
        if other != report.meta.source:
            raise ReportError(
                report.meta.source,
                f"slug {report.meta.slug!r} is already used by {other}; "
                "give one of them another slug in seeds/metadata.yml",
            )


def run_pipeline(config: PipelineConfig, *, write: bool = True) -> PipelineResult:
    """Convert every seed; write all pages at once, or nothing if any seed fails."""
    raw = read_seeds(config.seeds_dir)
    reports = tuple(convert_seed(seed.name, seed.data, config) for seed in raw)
    check_unique_slugs(reports)
    nav_prefix = config.out_dir.name
    files = render_reports(reports, nav_prefix, {seed.name: seed.data for seed in raw})
    if write:
        write_tree(config.out_dir, files)
    return PipelineResult(reports=reports, files=files)
