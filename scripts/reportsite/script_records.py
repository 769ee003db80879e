"""The script step on the records: each report as the Traditional site shows it.

Every report is analysed in Simplified characters (structure, tags, figures and comparison
rules are written for it): a Traditional original is analysed in its conversion, character for
character (converter.make_simplifier keeps every offset). The Traditional site is then
rendered from records in Traditional characters, never by converting rendered pages:

- a Simplified original: every text field converted (`traditional_fields`);
- a Traditional original: every text field taken back from the original (`original_report`),
  so it is published exactly as it was received: 台灣 stays 台灣, 污染 stays 污染.

Our own wording (theme names, labels) goes through the converter in both cases; render.py's
`tr` does the same for the wording of the pages.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import fields, is_dataclass, replace
from typing import Any, TypeVar

from .decisions import Decision
from .figures import restate
from .models import Block, Comparison, Figure, Item, Page, Pair, Report, ReportMeta
from .settings import Taxonomy
from .split import heading_title

Tr = Callable[[str], str]
T = TypeVar("T")

# Fields of the records that hold the report's text, and those that hold our labels (the
# taxonomy's theme names). Every other field is an identifier, a number or a path.
TEXT_FIELDS = frozenset({
    "title", "issuer", "subtitle", "speaker", "reprinted_by", "text", "sentence", "clause",
    "unit", "lead", "subject", "review_title", "plan_title", "normalised",
})  # fmt: skip
LABEL_FIELDS = frozenset({"theme", "tags", "tag_overrides"})
# Left as they are: the seed and its record describe the file as received.
KEPT_FIELDS = frozenset({"seed_text", "record", "analysed", "own_normalised"})


def _map(value: Any, fn: Tr) -> Any:
    if isinstance(value, str):
        return fn(value)
    if isinstance(value, tuple):
        return tuple(_map(v, fn) for v in value)
    if isinstance(value, dict):
        return {k: _map(v, fn) for k, v in value.items()}
    return value


def converted(record: T, text: Tr, label: Tr) -> T:
    """`record` (a dataclass of models.py, or a tuple of them) with `text` applied to every
    text field and `label` to every label field, all the way down."""
    if isinstance(record, tuple):
        return tuple(converted(r, text, label) for r in record)  # type: ignore[return-value]
    if not is_dataclass(record) or isinstance(record, type):
        return record
    changes: dict[str, Any] = {}
    for f in fields(record):
        value = getattr(record, f.name)
        if f.name in KEPT_FIELDS or value is None:
            continue
        if f.name in TEXT_FIELDS:
            changes[f.name] = _map(value, text)
        elif f.name in LABEL_FIELDS:
            changes[f.name] = _map(value, label)
        elif isinstance(value, tuple) or is_dataclass(value):
            changes[f.name] = converted(value, text, label)
    out = replace(record, **changes)
    if isinstance(out, Figure):
        return _refind(out)  # type: ignore[return-value]
    return out


def _refind(figure: Figure) -> Figure:
    """A figure's place in its sentence, after a conversion that may change lengths."""
    if figure.sentence[figure.at : figure.at + len(figure.text)] == figure.text:
        return figure
    at = figure.sentence.find(figure.text)
    return replace(figure, at=max(at, 0))


QUOTES_CHANGED = "繁体版的引号按台湾、港澳的习惯改用「」『』"


def traditional_fields(report: Report, convert: Tr) -> Report:
    """A Simplified original as the Traditional site shows it: every text converted (and set
    in the regional typography, which the record says where it changed the quotes)."""
    cached = functools.lru_cache(maxsize=None)(convert)
    out = converted(report, cached, cached)
    if "“" in report.normalised and "“" not in cached("“"):
        out = replace(out, decisions=(*out.decisions, Decision(0, QUOTES_CHANGED, "")))
    return out


def traditional_taxonomy(taxonomy: Taxonomy, convert: Tr) -> Taxonomy:
    """Theme names in Traditional characters, in the same order (theme pages are numbered
    by it); keywords are matched on the Simplified analysis only."""
    return Taxonomy(
        themes={convert(t): k for t, k in taxonomy.themes.items()},
        fallback=convert(taxonomy.fallback),
    )


def traditional_report(report: Report, convert: Tr) -> Report:
    """The report as the Traditional site shows it: a Traditional original as received, a
    Simplified one converted."""
    if report.meta.script == "hant":
        return original_report(report, convert)
    return traditional_fields(report, convert)


# ----------------------------------------------------------------- a Traditional original


def _plain(text: str) -> str:
    """Text as derived fields hold it: no bold markers, a heading's lines on one line."""
    return text.replace("**", "").replace("\n", "\u3000")


class Restorer:
    """Takes a text of the analysis (Simplified) back to the original's characters.

    The analysis and the original have the same characters at the same offsets, but for the
    Han characters the conversion changed: a field found in the analysed text is the
    original's text at the same place. A field made of several (a title qualified with the
    place and year of delivery) is converted, each character the original has in one form
    only taking that form.
    """

    def __init__(self, report: Report, convert: Tr) -> None:
        self.pairs = [
            (_plain(report.normalised), _plain(report.own_normalised)),
            (report.analysed, report.seed_text),
        ]
        forms: dict[str, set[str]] = {}
        for a, b in zip(report.analysed, report.seed_text, strict=True):
            if a != b or a in forms:
                forms.setdefault(a, set()).add(b)
        self.forms = {a: next(iter(b)) for a, b in forms.items() if len(b) == 1}
        self.convert = convert

    @functools.lru_cache(maxsize=4096)  # noqa: B019 - one Restorer per report, short-lived
    def __call__(self, text: str) -> str:
        if not text:
            return text
        for analysed, original in self.pairs:
            at = analysed.find(text)
            if at >= 0:
                return original[at : at + len(text)]
        out = self.convert(text)
        if len(out) != len(text):
            return out
        return "".join(self.forms.get(a, b) for a, b in zip(text, out, strict=True))


def within(analysed: str, original: str, text: str, fallback: Tr) -> str:
    """`text` found in `analysed` (bold markers off), as `original` has it there."""
    a, o = _plain(analysed), _plain(original)
    at = a.find(text)
    return o[at : at + len(text)] if at >= 0 else fallback(text)


def _pages(report: Report, restore: Restorer, label: Tr) -> tuple[Page, ...]:
    """The pages with the original's blocks, in order: the normalised texts hold the same
    blocks at the same offsets, a blank line apart."""
    originals = iter(
        (a, o)
        for a, o in zip(
            report.normalised.split("\n\n"), report.own_normalised.split("\n\n"), strict=True
        )
        if a.strip()
    )
    pages = []
    for page in report.pages:
        blocks = []
        for block in page.blocks:
            a, o = next(originals)
            if a.rstrip("\n") != block.text:
                raise ValueError(f"{report.meta.source}: blocks out of step with the text")
            blocks.append(replace(block, text=o.rstrip("\n")))
        head = next((b for b in page.blocks if b.level or b.kind.value == "appendix"), None)
        title = restore(page.title)
        if head is not None and heading_title(head.text) == page.title:
            title = heading_title(blocks[page.blocks.index(head)].text)
        pages.append(replace(page, title=title, blocks=tuple(blocks), tags=_map(page.tags, label)))
    return tuple(pages)


def original_report(report: Report, convert: Tr) -> Report:
    """A Traditional original as the Traditional site shows it: its own text everywhere,
    taken back from the original by offset; our labels converted."""
    label = functools.lru_cache(maxsize=None)(convert)
    restore = Restorer(report, label)
    pages = _pages(report, restore, label)
    texts = {(p.key, n): b.text for p in pages for n, b in enumerate(p.blocks)}
    analysed = {(p.key, n): b.text for p in report.pages for n, b in enumerate(p.blocks)}

    def figure(f: Figure) -> Figure:
        return replace(restate(f, texts[(f.page, f.block)]), theme=label(f.theme))

    def item(i: Item) -> Item:
        a, o = analysed[(i.page, i.block)], texts[(i.page, i.block)]
        return replace(
            i, lead=within(a, o, i.lead, restore), text=within(a, o, i.text, restore),
            theme=label(i.theme), figures=tuple(figure(f) for f in i.figures),
        )  # fmt: skip

    def pair(p: Pair) -> Pair:
        return Pair(
            restore(p.subject),
            figure(p.review) if p.review else None,
            figure(p.plan) if p.plan else None,
        )

    comparison = report.comparison
    if comparison is not None:
        comparison = Comparison(
            restore(comparison.review_title), restore(comparison.plan_title),
            comparison.review_year, comparison.plan_year,
            tuple(
                replace(t, theme=label(t.theme), pairs=tuple(pair(p) for p in t.pairs),
                        review=tuple(item(i) for i in t.review),
                        plan=tuple(item(i) for i in t.plan))
                for t in comparison.themes
            ),
        )  # fmt: skip
    meta: ReportMeta = converted(report.meta, restore, label)
    decisions = tuple(replace(d, text=restore(d.text)) for d in report.decisions)
    return replace(
        report, meta=meta, pages=pages, figures=tuple(figure(f) for f in report.figures),
        comparison=comparison, normalised=report.own_normalised, decisions=decisions,
    )  # fmt: skip


def own_blocks(blocks: tuple[Block, ...], analysed_text: str, own_text: str) -> tuple[Block, ...]:
    """Normalised blocks (of the analysed text) with the original's characters: the two
    normalised texts have the same blocks at the same offsets."""
    out, at = [], 0
    for block in blocks:
        start = analysed_text.index(block.text, at)
        end = start + len(block.text)
        out.append(replace(block, text=own_text[start:end]))
        at = end
    return tuple(out)
