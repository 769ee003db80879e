"""Step 6, tag: themes from the editable taxonomy (keywords -> theme) for each page."""

from __future__ import annotations

from dataclasses import replace

from .config import Settings, Taxonomy
from .models import Kind, Page

# A keyword in the page's own heading says more than one in passing.
TITLE_WEIGHT = 3


def theme_scores(page: Page, taxonomy: Taxonomy) -> dict[str, int]:
    body = "".join(b.text for b in page.blocks if b.kind is not Kind.HEADING)
    scores: dict[str, int] = {}
    for theme, keywords in taxonomy.themes.items():
        score = sum(body.count(k) + TITLE_WEIGHT * page.title.count(k) for k in keywords)
        if score:
            scores[theme] = score
    return scores


def tags_for(page: Page, taxonomy: Taxonomy, settings: Settings) -> tuple[str, ...]:
    """Themes scoring at least `min_score`, best first; never none for a themed page."""
    scores = theme_scores(page, taxonomy)
    ranked = sorted(scores, key=lambda t: (-scores[t], list(taxonomy.themes).index(t)))
    chosen = [t for t in ranked if scores[t] >= settings.min_score][: settings.max_tags]
    if not chosen:
        chosen = ranked[:1] or [taxonomy.fallback]
    return tuple(chosen)


def tag_pages(
    pages: tuple[Page, ...],
    taxonomy: Taxonomy,
    settings: Settings,
    overrides: dict[str, tuple[str, ...]],
) -> tuple[Page, ...]:
    """Tag every themed page (leaf section); metadata `tags:` overrides by page key."""
    out = []
    for page in pages:
        themed = page.key != "" and not page.children
        if page.key in overrides:
            tags = overrides[page.key]
        elif themed:
            tags = tags_for(page, taxonomy, settings)
        else:
            tags = ()
        out.append(replace(page, tags=tags))
    return tuple(out)
