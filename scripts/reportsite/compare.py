"""Step 6c, compare: a report's review of one year next to its plan for the next, by theme.

A report qualifies when two of its top-level parts are headed by a year and a review word
(`2024年工作总结`) and by the next year and a plan word (`2025年工作计划`). Each part is cut
into points (a bold lead-in and the text it opens, else a paragraph), each point gets one
theme, and figures of the review are paired with figures of the plan when their clauses
share a subject of at least `MIN_SUBJECT` Han characters (`儿童友好社区覆盖率`: 60% achieved,
100% planned). Pure data; render_derived.py writes the pages.
"""

from __future__ import annotations

import re
from collections import Counter
from difflib import SequenceMatcher

from .models import Comparison, Figure, Item, Kind, Page, Pair, ThemeComparison
from .settings import Taxonomy
from .tag import text_theme

_YEAR = r"((?:19|20)\d{2})\s*年"
REVIEW_RE = re.compile(_YEAR + r".*(总结|回顾|成效|工作情况)")
PLAN_RE = re.compile(_YEAR + r".*(计划|打算|安排|思路|要点|重点|目标)")
MIN_SUBJECT = 4
COMMON_GRAM = 64  # a run shared by more review clauses than this is not a subject
MAX_CANDIDATES = 16  # review clauses compared with each plan clause
_HAN = re.compile(r"[\u3400-\u9fff]+")
# A lead-in: a bold run opening the paragraph or a sentence.
_LEAD = re.compile(r"(?:^|(?<=[。！？；]))\*\*(?P<lead>[^*]+)\*\*")


def find_parts(pages: tuple[Page, ...]) -> tuple[Page, Page, int, int] | None:
    """(review part, plan part, review year, plan year), or None for other reports."""
    top = [p for p in pages if p.key and p.nav_parent is None and p.children]
    reviews = [(p, int(m[1])) for p in top if (m := REVIEW_RE.search(p.title))]
    plans = [(p, int(m[1])) for p in top if (m := PLAN_RE.search(p.title))]
    for review, year in reviews:
        for plan, plan_year in plans:
            if plan is not review and plan_year == year + 1:
                return review, plan, year, plan_year
    return None


def split_items(page: Page, taxonomy: Taxonomy, figures: tuple[Figure, ...]) -> list[Item]:
    """The page's points, in order, each with its theme and its figures."""
    items: list[Item] = []
    fallback = page.tags[0] if page.tags else taxonomy.fallback
    by_block: dict[int, list[Figure]] = {}
    for figure in figures:
        if figure.page == page.key:
            by_block.setdefault(figure.block, []).append(figure)
    for n, block in enumerate(page.blocks):
        if block.kind is not Kind.PARAGRAPH:
            continue
        starts = [m.start() for m in _LEAD.finditer(block.text)]
        if not starts or starts[0] != 0:
            starts.insert(0, 0)
        for i, start in enumerate(starts):
            end = starts[i + 1] if i + 1 < len(starts) else len(block.text)
            segment = block.text[start:end]
            match = _LEAD.match(segment)
            lead = match["lead"] if match else ""
            rest = segment[match.end():] if match else segment
            text = rest.replace("**", "")
            mine = tuple(f for f in by_block.get(n, ()) if start <= f.start < end)
            theme = text_theme(lead + text, taxonomy) or fallback
            items.append(Item(page.key, n, lead.rstrip("。；，"), text, theme, mine))
    return items


def _subject(review: Figure, plan: Figure) -> str:
    """The longest run of Han characters both clauses share, figures left out."""
    a = " ".join(_HAN.findall(review.clause.replace(review.text, " ")))
    b = " ".join(_HAN.findall(plan.clause.replace(plan.text, " ")))
    match = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return a[match.a:match.a + match.size].strip()


def _grams(figure: Figure) -> set[str]:
    runs = _HAN.findall(figure.clause.replace(figure.text, " "))
    return {run[k:k + MIN_SUBJECT] for run in runs for k in range(len(run) - MIN_SUBJECT + 1)}


def _distance(figure: Figure, subject: str) -> int:
    return abs(figure.clause.find(subject) - figure.clause.find(figure.text))


def pair_figures(review: list[Figure], plan: list[Figure]) -> list[Pair]:
    """Best matches first, each figure used once; the rest stand alone, in reading order."""
    # Only clauses sharing a run of MIN_SUBJECT Han characters can pair: index the review's
    # runs, so a long report does not compare every figure with every other.
    grams: dict[str, set[int]] = {}
    for i, r in enumerate(review):
        for gram in _grams(r):
            grams.setdefault(gram, set()).add(i)
    # A run found in very many clauses tells nothing (and a text repeated a hundred times
    # would make this quadratic): such runs are skipped, and only the review clauses that
    # share the most runs with a plan clause are compared with it.
    candidates = []
    for j, p in enumerate(plan):
        shared: Counter[int] = Counter()
        for gram in _grams(p):
            found = grams.get(gram, ())
            if len(found) <= COMMON_GRAM:
                shared.update(found)
        for i, _ in shared.most_common(MAX_CANDIDATES):
            r = review[i]
            subject = _subject(r, p)
            if len(subject) >= MIN_SUBJECT and " " not in subject:
                # Ties go to the figure nearest the subject: in 为252位困境儿童结对187名“爱心妈妈”
                # the subject 爱心妈妈 counts the 187, not the 252.
                near = _distance(r, subject) + _distance(p, subject)
                candidates.append((-len(subject), near, j, i, subject))
    candidates.sort()
    used_r: set[int] = set()
    used_p: set[int] = set()
    pairs: dict[int, Pair] = {}
    for _, _, j, i, subject in candidates:
        if i in used_r or j in used_p:
            continue
        used_r.add(i)
        used_p.add(j)
        pairs[j] = Pair(subject, review[i], plan[j])
    out = [pairs[j] for j in sorted(pairs)]
    out += [Pair(p.clause, None, p) for j, p in enumerate(plan) if j not in used_p]
    out += [Pair(r.clause, r, None) for i, r in enumerate(review) if i not in used_r]
    return out


def compare_report(
    pages: tuple[Page, ...], figures: tuple[Figure, ...], taxonomy: Taxonomy
) -> Comparison | None:
    """The review/plan comparison of one report, or None when it is not such a report."""
    parts = find_parts(pages)
    if parts is None:
        return None
    review_part, plan_part, review_year, plan_year = parts
    by_key = {p.key: p for p in pages}

    def points(part: Page) -> list[Item]:
        out = split_items(part, taxonomy, figures)
        for key in part.children:
            out += split_items(by_key[key], taxonomy, figures)
        return out

    review_items, plan_items = points(review_part), points(plan_part)
    # Pair across the whole parts: the same subject may sit under two themes (爱心妈妈 is
    # 维权关爱 in one year and 留守困境儿童 in the next); a pair shows on both themes' pages.
    theme_of = {(f.page, f.anchor): i.theme for i in review_items + plan_items for f in i.figures}
    pairs = pair_figures(
        [f for i in review_items for f in i.figures], [f for i in plan_items for f in i.figures]
    )
    themes = []
    for theme in [*taxonomy.themes, taxonomy.fallback]:
        done = tuple(i for i in review_items if i.theme == theme)
        planned = tuple(i for i in plan_items if i.theme == theme)
        if not done or not planned:
            continue  # nothing to put side by side: no page that is half empty
        mine = tuple(
            p for p in pairs
            if any(f is not None and theme_of[(f.page, f.anchor)] == theme
                   for f in (p.review, p.plan))
        )
        themes.append(ThemeComparison(theme, mine, done, planned))
    return Comparison(
        review_title=review_part.title,
        plan_title=plan_part.title,
        review_year=review_year,
        plan_year=plan_year,
        themes=tuple(themes),
    )
