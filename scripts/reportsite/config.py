"""Pipeline configuration: settings, per-seed metadata and the theme taxonomy.

Everything is validated once, at load, before anything is written; errors name
the file and the line and say how to fix them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path
from typing import Any

from .errors import ReportError
from .glossary import load_glossary
from .settings import (
    DEFAULT_LIMITS,
    QUOTE_STYLES,
    SPACING_POLICIES,
    Limits,
    PipelineConfig,
    SeedMeta,
    Settings,
    SpacingPolicy,
    Taxonomy,
)
from .values import real_date, visible
from .yamlfile import (
    LineDict,
    check_keys,
    expect_mapping,
    expect_str_list,
    load_yaml,
)

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
METADATA_FILE = "metadata.yml"
# The text-valued keys first (checked alike), then those with a shape of their own.
META_TEXT_KEYS = ("title", "issuer", "date", "slug", "subtitle", "speaker", "delivered")
META_KEYS = (*META_TEXT_KEYS, "tags", "keep")
SETTINGS_KEYS = ("spacing", "max_tags", "min_score", "follow_symlinks", "limits", "quotes")
TAXONOMY_KEYS = ("themes", "fallback")
LIMIT_KEYS = ("field_chars", "seed_bytes", "total_bytes", "seeds", "config_bytes")


def _load(path: Path, limits: Limits) -> Any:
    """load_yaml, with a file past config_bytes refused from its size, unread."""
    try:
        size = path.stat().st_size
    except OSError:
        size = 0  # load_yaml says why it cannot be read
    if size > limits.config_bytes:
        raise ReportError(str(path), limits.exceeded("config_bytes", f"file is {size:,} bytes"))
    return load_yaml(path, limits.config_bytes)


def _text(path: Path, value: Any, what: str, line: int, limits: Limits) -> str:
    if isinstance(value, dt.date):
        value = value.isoformat()
    if not isinstance(value, str | int) or isinstance(value, bool) or not str(value).strip():
        raise ReportError(str(path), f"{what} must be a non-empty string", line)
    text = str(value).strip()
    check_length(path, text, what, line, limits)
    return text


def check_length(path: Path, text: str, what: str, line: int | None, limits: Limits) -> None:
    if len(text) > limits.field_chars:
        message = limits.exceeded("field_chars", f"{what} is {len(text):,} characters")
        raise ReportError(str(path), message, line)


def _tags(
    path: Path, entry: LineDict, limits: Limits
) -> tuple[dict[str, tuple[str, ...]], dict[str, int]]:
    tags: dict[str, tuple[str, ...]] = {}
    lines: dict[str, int] = {}
    if "tags" in entry:
        tag_map = expect_mapping(path, entry["tags"], "tags", entry.line_of("tags"))
        for key, value in tag_map.items():
            line = tag_map.line_of(key)
            tags[str(key)] = expect_str_list(path, value, f"tags of {key!r}", line)
            lines[str(key)] = line
            for tag in tags[str(key)]:
                check_length(path, tag, f"a tag of {key!r}", line, limits)
    return tags, lines


def _entry(
    path: Path, name: str, entry: LineDict, line: int, limits: Limits, warnings: list[ReportError]
) -> SeedMeta:
    check_keys(path, entry, META_KEYS, f"entry {name!r}")
    values = {
        k: _text(path, entry[k], k, entry.line_of(k), limits) for k in META_TEXT_KEYS if k in entry
    }
    for key in ("title", "issuer", "subtitle", "speaker"):
        if key in values and not visible(values[key]):
            warnings.append(ReportError(
                str(path), f"{key} of {name!r} has no visible character "
                f"({values[key].encode('unicode_escape').decode()}); ignored", entry.line_of(key),
            ))  # fmt: skip
            del values[key]
    for key in ("date", "delivered"):
        if key in values and not real_date(values[key]):
            raise ReportError(
                str(path),
                f"{key} must look like 2025-02-05 (or 2025-02, 2025) and be a real date, "
                f"not {values[key]!r}",
                entry.line_of(key),
            )
    if "slug" in values and not SLUG.match(values["slug"]):
        raise ReportError(
            str(path),
            "slug must be lowercase ASCII letters, digits and '-' (e.g. futian-2024)",
            entry.line_of("slug"),
        )
    tags, tag_lines = _tags(path, entry, limits)
    keep: tuple[str, ...] = ()
    if "keep" in entry:
        # Lines of the seed that a furniture rule removed and the editor keeps, as written.
        keep = tuple(
            line.strip(" \t\u00a0\u3000")
            for line in expect_str_list(path, entry["keep"], "keep", entry.line_of("keep"))
        )
        for kept in keep:
            check_length(path, kept, "a line of keep", entry.line_of("keep"), limits)
    return SeedMeta(tags=tags, keep=keep, line=line, tag_lines=tag_lines, **values)


def load_metadata(
    path: Path, limits: Limits = DEFAULT_LIMITS
) -> tuple[dict[str, SeedMeta], list[ReportError]]:
    """seeds/metadata.yml: seed file name -> {title, issuer, date, slug, tags}; warnings."""
    try:
        path.stat()
    except FileNotFoundError:
        return {}, []
    except OSError as exc:
        raise ReportError(str(path), f"cannot read file: {exc.strerror}") from None
    data = expect_mapping(path, _load(path, limits), "metadata file", 1)
    out: dict[str, SeedMeta] = {}
    warnings: list[ReportError] = []
    for name, entry in data.items():
        line = data.line_of(name)
        if not isinstance(name, str) or not name.endswith(".txt"):
            raise ReportError(str(path), f"key {name!r} must be a seed file name (*.txt)", line)
        entry = expect_mapping(path, entry, f"entry {name!r}", line)
        out[name] = _entry(path, name, entry, line, limits, warnings)
    return out, warnings


def load_taxonomy(path: Path, limits: Limits = DEFAULT_LIMITS) -> Taxonomy:
    """config/taxonomy.yml: `themes: {theme: [keyword, …]}` and an optional fallback."""
    data = expect_mapping(path, _load(path, limits), "taxonomy file", 1)
    check_keys(path, data, TAXONOMY_KEYS, "taxonomy file")
    if "themes" not in data:
        raise ReportError(str(path), "missing 'themes:' (theme: [keyword, …])")
    themes_node = expect_mapping(path, data["themes"], "themes", data.line_of("themes"))
    if not themes_node:
        raise ReportError(str(path), "'themes:' is empty", data.line_of("themes"))
    themes = {}
    for theme, words in themes_node.items():
        line = themes_node.line_of(theme)
        check_length(path, str(theme), "a theme", line, limits)
        themes[str(theme)] = expect_str_list(path, words, f"keywords of {theme!r}", line)
        for word in themes[str(theme)]:
            check_length(path, word, f"a keyword of {theme!r}", line, limits)
    fallback = _text(
        path, data.get("fallback", "综合"), "fallback", data.line_of("fallback"), limits
    )
    if not visible(fallback):
        raise ReportError(str(path), "fallback must be visible text", data.line_of("fallback"))
    return Taxonomy(themes=themes, fallback=fallback)


def _whole(path: Path, data: LineDict, key: str, default: int, what: str = "") -> int:
    value = data.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ReportError(str(path), f"{what}{key} must be a whole number ≥ 1", data.line_of(key))
    return value


def load_limits(path: Path, data: LineDict) -> Limits:
    """The `limits:` mapping of convert.yml; every key optional."""
    if "limits" not in data:
        return Limits(source=str(path))
    node = expect_mapping(path, data["limits"], "limits", data.line_of("limits"))
    check_keys(path, node, LIMIT_KEYS, "limits")
    values = {k: _whole(path, node, k, getattr(Limits, k), "limits: ") for k in LIMIT_KEYS}
    if values["seed_bytes"] > values["total_bytes"]:
        raise ReportError(
            str(path),
            "limits: total_bytes must be at least seed_bytes",
            node.line_of("total_bytes"),
        )
    return Limits(source=str(path), **values)


def load_settings(path: Path) -> Settings:
    """config/convert.yml: spacing policy, tagging thresholds, symlinks, limits (all optional)."""
    try:
        path.stat()
    except FileNotFoundError:
        return Settings(limits=Limits(source=str(path)))
    except OSError as exc:
        raise ReportError(str(path), f"cannot read file: {exc.strerror}") from None
    data = expect_mapping(path, load_yaml(path), "settings file", 1)
    check_keys(path, data, SETTINGS_KEYS, "settings file")
    spacing = data.get("spacing", "remove")
    if spacing not in SPACING_POLICIES:
        raise ReportError(
            str(path),
            f"spacing must be one of {', '.join(SPACING_POLICIES)}",
            data.line_of("spacing"),
        )
    quotes = data.get("quotes", "corner")
    if quotes not in QUOTE_STYLES:
        raise ReportError(
            str(path), f"quotes must be one of {', '.join(QUOTE_STYLES)}", data.line_of("quotes")
        )
    follow = data.get("follow_symlinks", False)
    if not isinstance(follow, bool):
        raise ReportError(
            str(path), "follow_symlinks must be true or false", data.line_of("follow_symlinks")
        )
    return Settings(
        spacing=spacing,
        max_tags=_whole(path, data, "max_tags", Settings.max_tags),
        min_score=_whole(path, data, "min_score", Settings.min_score),
        follow_symlinks=follow,
        limits=load_limits(path, data),
        quotes=quotes,
    )


def load_config(
    seeds_dir: Path,
    out_dir: Path,
    config_dir: Path,
    spacing: SpacingPolicy | None = None,
    *,
    glossary: Path | None = None,
    opencc_config: str | None = None,
    pages_dir: Path | None = None,
) -> PipelineConfig:
    """Every input but the seeds, validated into typed records. With `glossary`, the
    pipeline makes the Traditional site too (from the seeds and `pages_dir`)."""
    settings = load_settings(config_dir / "convert.yml")
    if spacing is not None:
        settings = dataclasses.replace(settings, spacing=spacing)
    metadata, warnings = load_metadata(seeds_dir / METADATA_FILE, settings.limits)
    return PipelineConfig(
        seeds_dir=seeds_dir,
        out_dir=out_dir,
        metadata=metadata,
        taxonomy=load_taxonomy(config_dir / "taxonomy.yml", settings.limits),
        settings=settings,
        warnings=tuple(warnings),
        glossary=load_glossary(glossary) if glossary is not None else None,
        opencc_config=opencc_config,
        pages_dir=pages_dir,
    )
