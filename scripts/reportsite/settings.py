"""Typed records of the configuration: what the loader (config.py) validates and the
steps receive as arguments. No step reads a file; none imports the loader."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from .errors import ReportError
from .yamlfile import MAX_YAML_BYTES

# Spaces between Han and digits/Latin: removed (GB/T 15835) or kept as written.
SpacingPolicy = Literal["remove", "keep"]
SPACING_POLICIES: tuple[str, ...] = ("remove", "keep")
# Quotation marks on the Traditional site: corner brackets 「」『』 as Taiwan and Hong Kong
# print them, or the Simplified text's “”‘’ kept.
QuoteStyle = Literal["corner", "keep"]
QUOTE_STYLES: tuple[str, ...] = ("corner", "keep")

MiB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Sizes past which input is refused before any heavy work (README, Input checks).

    field_chars: a title, issuer, tag, theme or keyword. Real titles are under 60
      characters; a 9 MB title was copied into every page and made docs/ 1.2 GB.
    seed_bytes: one seed. Real reports are 10-100 KB; the tests convert a 30 MB one and the
      bench builds a 50 MB one (5.8 GB, 17 min): 32 MiB is far above any real report.
    total_bytes: every seed together; 50 MiB allows the 50 MB archive a 2-core, 24 GiB
      machine is meant to build (peak memory 115-200 MB per MB of seeds, linear).
    seeds: 2,000 seeds (19 MB) built in 17 minutes and 3.3 GB; beyond that is a folder
      dropped in by mistake more likely than an archive.
    config_bytes: metadata.yml and taxonomy.yml; metadata for 2,000 seeds, ~250 bytes an
      entry, is 0.5 MB (convert.yml itself, read before the limits are known, has the default).
    """

    field_chars: int = 200
    seed_bytes: int = 32 * MiB
    total_bytes: int = 50 * MiB
    seeds: int = 2000
    config_bytes: int = MAX_YAML_BYTES
    source: str = field(default="config/convert.yml", compare=False)

    def exceeded(self, key: str, what: str) -> str:
        """The end of a message for a limit passed: which one, where to raise it."""
        value = getattr(self, key)
        return f"{what}, over the limit (limits: {key}: {value} in {self.source}; raise it there)"


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class SeedMeta:
    """What an editor wrote about one seed in seeds/metadata.yml (all optional)."""

    title: str | None = None
    issuer: str | None = None
    date: str | None = None
    slug: str | None = None
    subtitle: str | None = None
    speaker: str | None = None
    delivered: str | None = None
    tags: dict[str, tuple[str, ...]] = field(default_factory=dict)
    keep: tuple[str, ...] = ()  # lines that a furniture rule removed and the editor keeps
    # Lines in metadata.yml of the entry and of each tags key, for warnings.
    line: int = field(default=0, compare=False)
    tag_lines: dict[str, int] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Taxonomy:
    themes: dict[str, tuple[str, ...]]  # theme -> keywords
    fallback: str = "综合"


@dataclass(frozen=True)
class Settings:
    spacing: SpacingPolicy = "remove"
    max_tags: int = 3
    min_score: int = 2
    # A seed that is a symlink to a file outside seeds/ is refused unless this is true: the
    # seed is published for download, so a link could publish any file the build can read.
    follow_symlinks: bool = False
    limits: Limits = DEFAULT_LIMITS
    quotes: QuoteStyle = "corner"


# Chosen by measurement on the two seed reports (see README, "OpenCC configuration"):
# s2tw keeps every official term and only uses Taiwan standard character forms.
DEFAULT_CONFIG = "s2tw"
# Standard configs we can extend with a glossary.  s2twp/s2hkp are allowed but discouraged:
# they localise phrases (社区→社群, 信息→資訊, 项目→專案), wrong for a government report.
KNOWN_CONFIGS = ("s2t", "s2tw", "s2hk", "s2twp", "s2hkp")


@dataclass(frozen=True)
class Example:
    simplified: str
    traditional: str


@dataclass(frozen=True)
class Override:
    """One reviewed correction: a Simplified phrase and the Traditional phrase it must become."""

    simplified: str
    traditional: str
    reason: str
    example: Example | None
    line: int  # 1-based line in the glossary file, for error messages and test ids


@dataclass(frozen=True)
class Glossary:
    config: str
    overrides: tuple[Override, ...]
    path: str = "<memory>"


@dataclass(frozen=True)
class PipelineConfig:
    seeds_dir: Path
    out_dir: Path
    metadata: dict[str, SeedMeta]
    taxonomy: Taxonomy
    settings: Settings = Settings()
    # Found while loading (e.g. an invisible title); run_pipeline adds its own.
    warnings: tuple[ReportError, ...] = ()
    # With a glossary the pipeline also makes the Traditional site.
    glossary: Glossary | None = None
    opencc_config: str | None = None  # OpenCC base config; None = the glossary's
    # docs/: the hand-written pages converted for the Traditional site.
    pages_dir: Path | None = None
