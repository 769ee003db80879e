"""Step 6, tag: themes from the editable taxonomy (keywords -> theme) for each page."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from .models import Figure, Kind, Page
from .settings import Settings, Taxonomy

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


def site_taxonomy(taxonomy: Taxonomy, pages: Iterable[Page]) -> Taxonomy:
    """The taxonomy with every tag an editor set in metadata that it lacks, as a theme of its
    own (no keywords: it tags only the pages it was given to), after the taxonomy's themes
    and before the fallback, in the order first used. A page's themes are its tags, so each
    one has its page like the others, rather than a tag that leads nowhere."""
    known = {*taxonomy.themes, taxonomy.fallback}
    extra = dict.fromkeys(t for page in pages for t in page.tags if t not in known)
    if not extra:
        return taxonomy
    return Taxonomy(themes={**taxonomy.themes, **dict.fromkeys(extra, ())},
                    fallback=taxonomy.fallback)  # fmt: skip


def text_theme(text: str, taxonomy: Taxonomy) -> str | None:
    """The theme whose keywords `text` mentions most (taxonomy order breaks ties), or None."""
    best, best_score = None, 0
    for theme, keywords in taxonomy.themes.items():
        score = sum(text.count(k) for k in keywords)
        if score > best_score:
            best, best_score = theme, score
    return best


def tag_figures(
    figures: tuple[Figure, ...], pages: tuple[Page, ...], taxonomy: Taxonomy
) -> tuple[Figure, ...]:
    """One theme per figure: its sentence's, else its paragraph's, else its page's first tag.

    One theme and not several, so that each figure appears once on the key-figures page.
    """
    by_key = {p.key: p for p in pages}
    # One paragraph may hold many figures: its theme is worked out once.
    paragraph_theme: dict[tuple[str, int], str] = {}
    sentence_theme: dict[str, str | None] = {}  # figures often share a sentence
    out = []
    for figure in figures:
        if figure.sentence not in sentence_theme:
            sentence_theme[figure.sentence] = text_theme(figure.sentence, taxonomy)
        theme = sentence_theme[figure.sentence]
        if theme is None:
            where = (figure.page, figure.block)
            if where not in paragraph_theme:
                page = by_key[figure.page]
                paragraph = page.blocks[figure.block].text.replace("**", "")
                paragraph_theme[where] = (
                    text_theme(paragraph, taxonomy)
                    or (page.tags[0] if page.tags else None)
                    or text_theme(page.title, taxonomy)
                    or taxonomy.fallback
                )
            theme = paragraph_theme[where]
        out.append(replace(figure, theme=theme))
    return tuple(out)
