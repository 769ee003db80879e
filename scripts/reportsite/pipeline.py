"""run_pipeline: every step, in order, from the seeds folder to the output files."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from .changes import RecordError, apply_edits, in_original, record_rows, record_tsv
from .compare import compare_report
from .config import METADATA_FILE
from .decisions import meta_decisions, outline_decisions
from .decode import decode_seed
from .errors import ReportError
from .figures import page_figures
from .masthead import read_masthead
from .models import Figure, Report
from .nav import nav_entries, site_nav, theme_nav
from .normalise import normalise
from .paths import NAV_FILE, RECORD_PAGE, RECORD_TSV
from .pipelinememo import PipelineMemo, digest
from .read import read_pages, read_seeds
from .render import Around, Tr, render_page, render_record, same
from .render_catalogue import CATALOGUE_PAGE, CATALOGUE_TITLE, catalogue_order, render_catalogue
from .render_derived import (
    THEMES_DIR,
    render_compare_pages,
    render_figures_page,
    render_theme_pages,
    theme_slug,
)
from .render_original import render_original
from .reportmeta import report_meta
from .script import (
    Converter,
    Converts,
    Typeset,
    make_converter,
    make_simplifier,
    traditional_files,
    traditional_nav,
)
from .script_records import traditional_report, traditional_taxonomy
from .scriptdetect import detect_script
from .settings import PipelineConfig, SeedMeta, Taxonomy
from .split import split_pages
from .structure import find_structure
from .tag import site_taxonomy, tag_figures, tag_pages
from .write import write_tree
from .yamlfile import dump_yaml


@dataclass(frozen=True)
class ScriptSite:
    """What one script's MkDocs build serves: generated files, hand-written pages, nav."""

    files: dict[str, str | bytes]  # below the generated folder (docs/reports/)
    pages: dict[str, str]  # hand-written pages below docs/ (home, tags)
    nav: list[object]  # the whole site's nav: home, the reports, tags


@dataclass(frozen=True)
class PipelineResult:
    reports: tuple[Report, ...]
    files: dict[str, str | bytes]
    # The MkDocs nav of the generated pages; files[NAV_FILE] is the same, written as YAML for
    # readers of docs/ (the plugin takes this one rather than parse the file back).
    nav: list[object]
    # Mistakes that do not stop the conversion (a metadata entry matching no seed…); the
    # command prints them, the plugin logs them so `mkdocs build --strict` fails.
    warnings: tuple[ReportError, ...] = ()
    # Each script's site ("hans", and "hant" when run with a converter).
    scripts: dict[str, ScriptSite] = field(default_factory=dict)
    # The reports as the Traditional site shows them (script_records.py), when it is made.
    traditional: tuple[Report, ...] = ()

    def only(self, script: str) -> PipelineResult:
        """What a build of one script still needs once it has its pages: that site and the
        warnings. The records and the other script's pages are no longer held."""
        return PipelineResult(reports=(), files={}, nav=[], warnings=self.warnings,
                              scripts={script: self.scripts[script]})


def script_sites(
    files: dict[str, str | bytes],
    nav: list[object],
    pages: dict[str, str],
    converter: Converts | None,
    traditional: tuple[dict[str, str | bytes], list[object]] | None = None,
) -> dict[str, ScriptSite]:
    """The script step's sites: the Simplified one as rendered, and with a converter the
    Traditional one: its generated pages and nav as `traditional` (render_reports of the
    reports in Traditional characters), or, without, converted from the Simplified ones;
    the hand-written pages and every label of the nav converted."""
    whole = site_nav(nav)
    own, variants = split_variants(pages)
    sites = {"hans": ScriptSite(files, own, whole)}
    if converter is not None:
        converted_pages = {k: str(v) for k, v in traditional_files(own, converter).items()}
        converted_pages.update(variants)
        if traditional is None:
            generated = {k: v for k, v in files.items() if k != NAV_FILE}
            sites["hant"] = ScriptSite(traditional_files(generated, converter), converted_pages,
                                       traditional_nav(whole, converter))
        else:
            hant_files, hant_nav = traditional
            generated = {k: v for k, v in hant_files.items() if k != NAV_FILE}
            sites["hant"] = ScriptSite(generated, converted_pages,
                                       site_nav(hant_nav, converter.convert))
    return sites


# A hand-written page written for the Traditional site itself: docs/index.zh-Hant.md is the
# Traditional site's index.md, instead of docs/index.md converted.
HANT_VARIANT = ".zh-Hant.md"


def split_variants(pages: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """(the Simplified pages, the Traditional pages written as such, under their base name)."""
    own = {k: v for k, v in pages.items() if not k.endswith(HANT_VARIANT)}
    variants = {k.removesuffix(HANT_VARIANT) + ".md": v for k, v in pages.items()
                if k.endswith(HANT_VARIANT)}  # fmt: skip
    return own, variants


def convert_seed(name: str, data: bytes, config: PipelineConfig) -> Report:
    """One seed through decode, normalise, structure, split and tag.

    A seed in Traditional characters is analysed in its Simplified conversion, character
    for character (the rules are written for Simplified text); the report keeps both, and
    the script step publishes the original's own characters on the Traditional site."""
    text, encoding = decode_seed(name, data)
    seed_meta = config.metadata.get(name, SeedMeta())
    script = detect_script(text)
    analysed, keep = text, seed_meta.keep
    if script == "hant":
        simplifier = make_simplifier()
        analysed, keep = simplifier.convert(text), tuple(map(simplifier.convert, keep))
    try:
        normalised = normalise(analysed, spacing=config.settings.spacing, keep=keep)
        record = in_original(normalised.record, text)
        own = apply_edits(text, record) if script == "hant" else ""
    except RecordError as exc:  # a converter bug, never to be published silently
        raise ReportError(name, f"internal error: {exc}") from None
    blocks = find_structure(normalised.blocks)
    meta = report_meta(name, blocks, seed_meta, analysed, config.settings.limits,
                       normalised.removed, script)  # fmt: skip
    pages = split_pages(meta.slug, meta.title, blocks)
    pages = tag_pages(pages, config.taxonomy, config.settings, meta.tag_overrides)
    figures = tag_figures(
        tuple(f for page in pages for f in page_figures(page)), pages, config.taxonomy
    )
    decisions = (
        *meta_decisions(meta, seed_meta, read_masthead(blocks).title, name, script),
        *outline_decisions(pages, analysed),
    )
    return Report(
        meta=meta,
        pages=pages,
        seed_text=text,
        normalised=normalised.text,
        record=record,
        encoding=encoding,
        figures=figures,
        comparison=compare_report(pages, figures, config.taxonomy),
        analysed=analysed if script == "hant" else "",
        own_normalised=own,
        decisions=decisions,
    )


def render_reports(
    reports: tuple[Report, ...],
    nav_prefix: str,
    seeds: dict[str, bytes],
    taxonomy: Taxonomy,
    tr: Tr = same,
    excerpts: Callable[[Report], Tr] | None = None,
    memo: Callable[[Report, Around, Callable[[], Rendered]], Rendered] | None = None,
) -> tuple[dict[str, str | bytes], list[object]]:
    """Every generated page of one script's site, and its nav. `reports` are in the site's
    script; `tr` puts our own wording in it; `excerpts(report)`, the seed's excerpts on the
    record page (by default as received). `memo(report, around, render)` may return what
    `render()` returned for the same report in the same place before (the preview's)."""
    files: dict[str, str | bytes] = {CATALOGUE_PAGE: render_catalogue(reports, tr)}
    # One 报告 tab holding every report (its index page lists them): a tab per report does
    # not fit the header past a handful, and made every page carry every report.
    catalogue: list[object] = [f"{nav_prefix}/{CATALOGUE_PAGE}"]
    nav: list[object] = [{tr(CATALOGUE_TITLE): catalogue}]
    ordered = catalogue_order(reports)
    themes_at = {t: f"{THEMES_DIR}/{theme_slug(t, taxonomy)}.md"
                 for t in [*taxonomy.themes, taxonomy.fallback]}  # fmt: skip
    for n, report in enumerate(ordered):
        around = Around(
            themes=themes_at,
            compared=bool(report.comparison and report.comparison.themes),
            prev_report=_report_link(ordered[n - 1], nav_prefix) if n > 0 else None,
            next_report=_report_link(ordered[n + 1], nav_prefix) if n + 1 < len(ordered)
            else None,
        )  # fmt: skip
        show = excerpts(report) if excerpts is not None else None

        def render(report: Report = report, around: Around = around,
                   show: Tr | None = show) -> Rendered:
            return render_report(report, around, nav_prefix, seeds, taxonomy, tr, show)

        pages, entries = render() if memo is None else memo(report, around, render)
        files.update(pages)
        catalogue += entries
    themes = render_theme_pages(ordered, taxonomy, tr)
    files.update(themes)
    nav += theme_nav(themes, nav_prefix, taxonomy, tr)
    files[NAV_FILE] = dump_yaml(nav, exact=False)
    return files, nav


# One report's generated files (below the generated folder) and its entries in the nav.
Rendered = tuple[dict[str, str | bytes], list[object]]


def render_report(
    report: Report,
    around: Around,
    nav_prefix: str,
    seeds: dict[str, bytes],
    taxonomy: Taxonomy,
    tr: Tr = same,
    show: Tr | None = None,
) -> Rendered:
    """The pages of one report (text, original, key figures, comparison, record) where
    `around` places it, and its nav entries; `show` puts the record's excerpts in the
    site's script (None: as received)."""
    files: dict[str, str | bytes] = {}
    by_key = {p.key: p for p in report.pages}
    on_page: dict[str, list[Figure]] = {}
    for figure in report.figures:
        on_page.setdefault(figure.page, []).append(figure)
    for page in report.pages:
        if not page.published:
            continue  # a part without text of its own (split.py)
        mine = tuple(on_page.get(page.key, ()))
        files[page.path] = render_page(page, report.meta, by_key, mine, tr, around)
    originals = render_original(report, tr)
    files.update(originals)
    figure_files = render_figures_page(report, taxonomy, tr)
    files.update(figure_files)
    files.update(render_compare_pages(report, taxonomy, tr))
    rows = record_rows(report.seed_text, report.record)
    if show is not None:
        rows = [(*row[:2], tr(row[2]), show(row[3]), show(row[4])) for row in rows]
    folder = report.meta.slug
    files[f"{folder}/{RECORD_PAGE}"] = render_record(
        report.meta, report.encoding, rows, len(report.record), tr, report.decisions
    )
    files[f"{folder}/{RECORD_TSV}"] = record_tsv(report.seed_text, report.record)
    # The original as published, byte for byte, for readers to download.
    files[f"{folder}/{report.meta.source}"] = seeds[report.meta.source]
    entries = nav_entries(report, nav_prefix, taxonomy, len(figure_files), tr, len(originals))
    return files, entries


def _report_link(report: Report, nav_prefix: str) -> dict[str, str]:
    """{title, url} of a report's overview, the url from the site's root (上一篇/下一篇)."""
    return {"title": report.meta.title, "url": f"{nav_prefix}/{report.meta.slug}/"}


def check_unique_slugs(reports: tuple[Report, ...]) -> None:
    seen: dict[str, str] = {}
    for report in reports:
        if report.meta.slug == THEMES_DIR:  # the theme pages live in reports/themes/
            raise ReportError(
                report.meta.source,
                f"slug {THEMES_DIR!r} is reserved for the theme pages; "
                "give this report another slug in seeds/metadata.yml",
            )
        other = seen.setdefault(report.meta.slug, report.meta.source)
        if other != report.meta.source:
            raise ReportError(
                report.meta.source,
                f"slug {report.meta.slug!r} is already used by {other}; "
                "give one of them another slug in seeds/metadata.yml",
            )


def metadata_warnings(config: PipelineConfig, reports: tuple[Report, ...]) -> list[ReportError]:
    """Entries of metadata.yml that match no seed, and `tags` keys that match no page: typos
    that would otherwise be ignored without a word."""
    path = str(config.seeds_dir / METADATA_FILE)
    by_name = {r.meta.source: r for r in reports}
    warnings = []
    for name, meta in config.metadata.items():
        report = by_name.get(name)
        if report is None:
            warnings.append(ReportError(
                path, f"entry {name!r} matches no seed in {config.seeds_dir}; "
                "check the file name", meta.line,
            ))  # fmt: skip
            continue
        keys = {p.key for p in report.pages}
        for key in meta.tags:
            if key not in keys:
                pages = ", ".join(repr(k) for k in sorted(keys) if k)
                warnings.append(ReportError(
                    path, f"tags for page {key!r} of {name!r}: no such page (pages: {pages})",
                    meta.tag_lines.get(key, meta.line),
                ))  # fmt: skip
    return warnings


def run_pipeline(
    config: PipelineConfig,
    *,
    write: bool = True,
    strict: bool = False,
    converter: Converter | None = None,
    memo: PipelineMemo | None = None,
) -> PipelineResult:
    """Convert every seed; write all pages at once, or nothing if any seed fails.

    With `strict`, a warning also means nothing is written (the caller reports them). With a
    glossary in `config` (or a `converter`), the result also holds the Traditional site,
    including the hand-written pages of `config.pages_dir` (docs/, without the generated
    folder). Only the Simplified pages are written: the Traditional ones exist only in the
    build. With a `memo` (the preview's), what the last run made from the same inputs is
    taken from it instead of being made again (pipelinememo.py): the same result.
    """
    settings = config.settings
    raw = read_seeds(config.seeds_dir, settings.limits, settings.follow_symlinks)
    if memo is not None:
        memo.next_run(config_key(config))
    reports = tuple(_convert(seed.name, seed.data, config, memo) for seed in raw)
    check_unique_slugs(reports)
    warnings = (*config.warnings, *metadata_warnings(config, reports))
    nav_prefix = config.out_dir.name
    seeds = {seed.name: seed.data for seed in raw}
    taxonomy = site_taxonomy(config.taxonomy, (p for r in reports for p in r.pages))
    files, nav = render_reports(reports, nav_prefix, seeds, taxonomy,
                                memo=_placed(memo, "hans", taxonomy, nav_prefix))
    if write and not (strict and warnings):
        write_tree(config.out_dir, files)
    if converter is None and config.glossary is not None:
        converter = make_converter(config.glossary, config.opencc_config)
    traditional = None
    hant: tuple[Report, ...] = ()
    typeset = Typeset(converter, settings.quotes) if converter is not None else None
    if typeset is not None:
        tr = functools.lru_cache(maxsize=None)(typeset.convert)
        if memo is None:
            hant = tuple(traditional_report(r, tr) for r in reports)
        else:
            hant = tuple(memo.traditional_report(r, functools.partial(traditional_report, r, tr))
                         for r in reports)  # fmt: skip
        traditional = render_reports(
            hant, nav_prefix, seeds, traditional_taxonomy(taxonomy, tr), tr,
            excerpts=lambda report: same if report.meta.script == "hant" else tr,
            memo=_placed(memo, "hant", taxonomy, nav_prefix),
        )
    pages = read_pages(config.pages_dir, skip=config.out_dir) if config.pages_dir else {}
    return PipelineResult(reports=reports, files=files, nav=nav, warnings=warnings,
                          scripts=script_sites(files, nav, pages, typeset, traditional),
                          traditional=hant)


def config_key(config: PipelineConfig) -> bytes:
    """Everything of the configuration a report or its pages depend on, but the seeds'
    own metadata entries (each report's key holds its own)."""
    return digest(repr((config.settings, config.taxonomy, config.glossary,
                        config.opencc_config, config.out_dir.name)))


def _convert(name: str, data: bytes, config: PipelineConfig, memo: PipelineMemo | None) -> Report:
    make = functools.partial(convert_seed, name, data, config)
    if memo is None:
        return make()
    return memo.report(name, data, config.metadata.get(name), make)


def _placed(
    memo: PipelineMemo | None, script: str, taxonomy: Taxonomy, nav_prefix: str
) -> Callable[[Report, Around, Callable[[], Rendered]], Rendered] | None:
    """render_reports' memo for one script: a report's pages are kept on the report (by
    identity), its place (`Around`: themes, neighbours) and the site's taxonomy (which tags
    have theme pages)."""
    if memo is None:
        return None
    site = (script, digest(repr(taxonomy)), nav_prefix)

    def placed(report: Report, around: Around, render: Callable[[], Rendered]) -> Rendered:
        return memo.pages(report, repr(around), site, render)

    return placed
