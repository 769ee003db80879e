"""Golden cases for each step of the converter: tests/golden/<step>/<case>.yml.

One schema and one loader for all (tests/support/golden.py); one test per step, run on
every case of that step. What each step is given and gives:

decode      input: the seed's bytes (`!!binary` base64, or `{hex: "…"}`; a string is
            its UTF-8); output: encoding and text.
normalise   input: seed text; settings: spacing; output: the text and the record,
            one [line, offset, kind, before, after] per edit, as the record page lists it.
structure   input: seed text; output: the blocks ([kind, level, text]) and header fields.
split       input: seed text; settings: slug, title; output: the pages.
tag         input: seed text; settings: themes, fallback, min_score, max_tags,
            overrides; output: each page's tags and each figure's theme.
figures     input: a block's text; output: each figure as [text, value, unit].
compare     input: seed text; settings: themes; output: the review next to the plan.
script      input: a Markdown page, or a nav (list); settings: config; output: Traditional.
render      input: a block's text; output: its Markdown and the HTML the site makes of it.

UPDATE_GOLDEN=1 writes what the steps give now into the cases, for review.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml

from reportsite.changes import apply_edits
from reportsite.compare import compare_report
from reportsite.decode import decode_seed
from reportsite.errors import ReportError
from reportsite.figures import find_figures, page_figures
from reportsite.glossary import load_glossary
from reportsite.models import Block, Figure, Item, Page
from reportsite.normalise import normalise
from reportsite.render import render_inline
from reportsite.script import make_converter, traditional_markdown, traditional_nav
from reportsite.settings import Settings, Taxonomy
from reportsite.split import split_pages
from reportsite.structure import find_structure, header_fields
from reportsite.tag import tag_figures, tag_pages
from support.golden import Golden, GoldenError, cases
from support.helpers import ROOT, han_digits, own_text


def _seed_bytes(value: Any) -> bytes:
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8")
    if isinstance(value, dict) and set(value) == {"hex"}:
        return bytes.fromhex(value["hex"])
    raise GoldenError(f"decode input must be bytes, text or {{hex: …}}, not {value!r}")


@pytest.mark.parametrize("golden", cases("decode"))
def test_decode(golden: Golden) -> None:
    def run() -> dict[str, str]:
        text, encoding = decode_seed("seed.txt", _seed_bytes(golden.input))
        return {"encoding": encoding, "text": text}

    got, want = golden.outcome(run, (ReportError,))
    assert got == want


@pytest.mark.parametrize("golden", cases("normalise"))
def test_normalise(golden: Golden) -> None:
    def run() -> dict[str, Any]:
        settings = {**golden.settings, "keep": tuple(golden.settings.get("keep", ()))}
        result = normalise(golden.input, **settings)
        # Whatever the case expects: wording is never touched, and the record replays.
        assert han_digits(result.text) == han_digits(own_text(golden.input, result.record))
        assert apply_edits(golden.input, result.record) == result.text
        record = [[e.line, e.start, e.kind, e.before, e.after] for e in result.record]
        return {"text": result.text, "record": record}

    got, want = golden.outcome(run)
    assert got == want


def _blocks(text: str, settings: dict[str, Any]) -> tuple[Block, ...]:
    keep = tuple(settings.get("keep", ()))
    spacing = settings.get("spacing", "remove")
    return find_structure(normalise(text, spacing=spacing, keep=keep).blocks)


@pytest.mark.parametrize("golden", cases("structure"))
def test_structure(golden: Golden) -> None:
    def run() -> dict[str, Any]:
        blocks = _blocks(golden.input, golden.settings)
        return {
            "blocks": [[b.kind.value, b.level, b.text] for b in blocks],
            "header": header_fields(blocks),
        }

    got, want = golden.outcome(run)
    assert got == want


def _pages(text: str, settings: dict[str, Any]) -> tuple[Page, ...]:
    slug, title = settings.get("slug", "r"), settings.get("title", "报告")
    return split_pages(slug, title, _blocks(text, settings))


@pytest.mark.parametrize("golden", cases("split"))
def test_split(golden: Golden) -> None:
    def run() -> list[dict[str, Any]]:
        return [
            {
                "path": p.path,
                "key": p.key,
                "title": p.title,
                "nav_parent": p.nav_parent,
                "children": p.children,
                "blocks": [b.text for b in p.blocks],
            }
            for p in _pages(golden.input, golden.settings)
        ]

    got, want = golden.outcome(run)
    assert got == want


def _taxonomy(settings: dict[str, Any]) -> Taxonomy:
    themes = {theme: tuple(words) for theme, words in settings.get("themes", {}).items()}
    return Taxonomy(themes, settings.get("fallback", "综合"))


def _tagged(golden: Golden) -> tuple[tuple[Page, ...], tuple[Figure, ...], Taxonomy]:
    """The case's pages tagged and their figures themed, as convert_seed does."""
    settings, taxonomy = golden.settings, _taxonomy(golden.settings)
    defaults = Settings()
    chosen = Settings(
        max_tags=settings.get("max_tags", defaults.max_tags),
        min_score=settings.get("min_score", defaults.min_score),
    )
    overrides = {key: tuple(tags) for key, tags in settings.get("overrides", {}).items()}
    pages = tag_pages(_pages(golden.input, settings), taxonomy, chosen, overrides)
    figures = tuple(f for page in pages for f in page_figures(page))
    return pages, tag_figures(figures, pages, taxonomy), taxonomy


@pytest.mark.parametrize("golden", cases("tag"))
def test_tag(golden: Golden) -> None:
    def run() -> dict[str, Any]:
        pages, figures, _ = _tagged(golden)
        return {
            "pages": {p.path: p.tags for p in pages},
            "figures": [[f.text, f.theme] for f in figures],
        }

    got, want = golden.outcome(run)
    assert got == want


@pytest.mark.parametrize("golden", cases("figures"))
def test_figures(golden: Golden) -> None:
    def run() -> list[list[Any]]:
        found = find_figures(golden.input)
        for start, end, text, _, _ in found:  # offsets point at the figure as written
            assert golden.input[start:end].replace("**", "") == text
        return [[text, value, unit] for _, _, text, value, unit in found]

    got, want = golden.outcome(run)
    assert got == want


def _figure(figure: Figure | None) -> str | None:
    return None if figure is None else figure.text


def _point(item: Item) -> list[str]:
    return [item.lead, item.text]


@pytest.mark.parametrize("golden", cases("compare"))
def test_compare(golden: Golden) -> None:
    def run() -> dict[str, Any] | None:
        pages, figures, taxonomy = _tagged(golden)
        comparison = compare_report(pages, figures, taxonomy)
        if comparison is None:
            return None
        return {
            "review": [comparison.review_title, comparison.review_year],
            "plan": [comparison.plan_title, comparison.plan_year],
            "themes": {
                t.theme: {
                    "pairs": [[p.subject, _figure(p.review), _figure(p.plan)] for p in t.pairs],
                    "review": [_point(i) for i in t.review],
                    "plan": [_point(i) for i in t.plan],
                }
                for t in comparison.themes
            },
        }

    got, want = golden.outcome(run)
    assert got == want


@functools.cache
def _converter(config: str | None) -> Any:
    return make_converter(load_glossary(ROOT / "config" / "glossary.yml"), config)


@pytest.mark.parametrize("golden", cases("script"))
def test_script(golden: Golden) -> None:
    converter = _converter(golden.settings.get("config"))

    def run() -> Any:
        if isinstance(golden.input, str):
            return traditional_markdown(golden.input, converter)
        return traditional_nav(golden.input, converter)

    got, want = golden.outcome(run)
    assert got == want


@functools.cache
def _site_extensions() -> tuple[list[Any], dict[str, Any]]:
    """The markdown_extensions of mkdocs.yml (names and options)."""

    class Loader(yaml.SafeLoader):
        pass

    for prefix in ("!", "tag:yaml.org,2002:python/"):
        Loader.add_multi_constructor(prefix, lambda loader, suffix, node: None)
    config = yaml.load(Path(ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    names: list[Any] = []
    configs: dict[str, Any] = {}
    for item in config.get("markdown_extensions", []):
        if isinstance(item, dict):
            ((name, opts),) = item.items()
            names.append(name)
            if opts:
                configs[name] = {k: v for k, v in opts.items() if v is not None}
        else:
            names.append(item)
    return names, configs


@pytest.mark.parametrize("golden", cases("render"))
def test_render(golden: Golden) -> None:
    """The Markdown written for a block, and what the site's Markdown makes of it: the
    report's text exactly as written."""
    names, configs = _site_extensions()

    def run() -> dict[str, str]:
        md_text = render_inline(golden.input)
        html = markdown.markdown(md_text, extensions=names, extension_configs=configs)
        return {"markdown": md_text, "html": html}

    got, want = golden.outcome(run)
    assert got == want
