"""Pipeline configuration: settings, per-seed metadata and the theme taxonomy.

Everything is validated once, at load, before anything is written; errors name
the file and the line and say how to fix them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ReportError
from .normalise import SPACING_POLICIES, SpacingPolicy
from .yamlfile import check_keys, expect_mapping, expect_str_list, load_yaml

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
METADATA_FILE = "metadata.yml"
META_KEYS = ("title", "issuer", "date", "slug", "tags")
SETTINGS_KEYS = ("spacing", "max_tags", "min_score")
TAXONOMY_KEYS = ("themes", "fallback")


@dataclass(frozen=True)
class SeedMeta:
    """What an editor wrote about one seed in seeds/metadata.yml (all optional)."""

    title: str | None = None
    issuer: str | None = None
    date: str | None = None
    slug: str | None = None
    tags: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Taxonomy:
    themes: dict[str, tuple[str, ...]]  # theme -> keywords
    fallback: str = "综合"


@dataclass(frozen=True)
class Settings:
    spacing: SpacingPolicy = "remove"
    max_tags: int = 3
    min_score: int = 2


@dataclass(frozen=True)
class PipelineConfig:
    seeds_dir: Path
    out_dir: Path
    metadata: dict[str, SeedMeta]
    taxonomy: Taxonomy
    settings: Settings = Settings()


def _text(path: Path, value: Any, what: str, line: int) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str | int) or not str(value).strip():
        raise ReportError(str(path), f"{what} must be a non-empty string", line)
    return str(value).strip()


def load_metadata(path: Path) -> dict[str, SeedMeta]:
    """seeds/metadata.yml: seed file name -> {title, issuer, date, slug, tags}."""
    if not path.exists():
        return {}
    data = expect_mapping(path, load_yaml(path), "metadata file", 1)
    out: dict[str, SeedMeta] = {}
    for name, entry in data.items():
        line = data.line_of(name)
        if not isinstance(name, str) or not name.endswith(".txt"):
            raise ReportError(str(path), f"key {name!r} must be a seed file name (*.txt)", line)
        entry = expect_mapping(path, entry, f"entry {name!r}", line)
        check_keys(path, entry, META_KEYS, f"entry {name!r}")
        values = {
            k: _text(path, entry[k], k, entry.line_of(k)) for k in META_KEYS[:4] if k in entry
        }
        if "date" in values and not re.match(r"^\d{4}(-\d{2}(-\d{2})?)?$", values["date"]):
            raise ReportError(str(path), "date must look like 2025-02-05", entry.line_of("date"))
        if "slug" in values and not SLUG.match(values["slug"]):
            raise ReportError(
                str(path),
                "slug must be lowercase ASCII letters, digits and '-' (e.g. futian-2024)",
                entry.line_of("slug"),
            )
        tags: dict[str, tuple[str, ...]] = {}
        if "tags" in entry:
            tag_map = expect_mapping(path, entry["tags"], "tags", entry.line_of("tags"))
            for key, value in tag_map.items():
                tags[str(key)] = expect_str_list(
                    path, value, f"tags of {key!r}", tag_map.line_of(key)
                )
        out[name] = SeedMeta(tags=tags, **values)
    return out


def load_taxonomy(path: Path) -> Taxonomy:
    """config/taxonomy.yml: `themes: {theme: [keyword, …]}` and an optional fallback."""
    data = expect_mapping(path, load_yaml(path), "taxonomy file", 1)
    check_keys(path, data, TAXONOMY_KEYS, "taxonomy file")
    if "themes" not in data:
        raise ReportError(str(path), "missing 'themes:' (theme: [keyword, …])")
    themes_node = expect_mapping(path, data["themes"], "themes", data.line_of("themes"))
    if not themes_node:
        raise ReportError(str(path), "'themes:' is empty", data.line_of("themes"))
    themes = {
        str(theme): expect_str_list(
            path, words, f"keywords of {theme!r}", themes_node.line_of(theme)
        )
        for theme, words in themes_node.items()
    }
    fallback = _text(path, data.get("fallback", "综合"), "fallback", data.line_of("fallback"))
    return Taxonomy(themes=themes, fallback=fallback)


def load_settings(path: Path) -> Settings:
    """config/convert.yml: spacing policy and tagging thresholds (all optional)."""
    if not path.exists():
        return Settings()
    data = expect_mapping(path, load_yaml(path), "settings file", 1)
    check_keys(path, data, SETTINGS_KEYS, "settings file")
    spacing = data.get("spacing", "remove")
    if spacing not in SPACING_POLICIES:
        raise ReportError(
            str(path),
            f"spacing must be one of {', '.join(SPACING_POLICIES)}",
            data.line_of("spacing"),
        )
    ints = {}
    for key in ("max_tags", "min_score"):
        value = data.get(key, getattr(Settings, key))
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ReportError(str(path), f"{key} must be a whole number ≥ 1", data.line_of(key))
        ints[key] = value
    return Settings(spacing=spacing, **ints)


def load_config(
    seeds_dir: Path, out_dir: Path, config_dir: Path, spacing: SpacingPolicy | None = None
) -> PipelineConfig:
    settings = load_settings(config_dir / "convert.yml")
    if spacing is not None:
        settings = Settings(
            spacing=spacing, max_tags=settings.max_tags, min_score=settings.min_score
        )
    return PipelineConfig(
        seeds_dir=seeds_dir,
        out_dir=out_dir,
        metadata=load_metadata(seeds_dir / METADATA_FILE),
        taxonomy=load_taxonomy(config_dir / "taxonomy.yml"),
        settings=settings,
    )
