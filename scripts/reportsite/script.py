"""The script step: Simplified → Traditional with OpenCC plus a reviewed glossary.

Pure functions, no MkDocs import: ``pipeline.script_sites`` runs them over every page and
the nav (``traditional_files``, ``traditional_nav``); the tests call them directly. (The
word "convert" is kept for the seed → Markdown conversion and for OpenCC's own method.)

Conversion is guided by word boundaries (``guided.py``): jieba segments the text and OpenCC
never reads one of its phrases across a word boundary (汕头|发挥 is not 头发 "hair").

The glossary is applied through OpenCC's own dictionary mechanism, not by search-and-replace
after conversion: we write a custom OpenCC JSON config that copies the chosen standard config
(e.g. ``s2tw``) and puts an extra tab-separated ``text`` dictionary *first* in both the
segmentation dictionary and the first conversion step.  That way the glossary phrase wins the
maximum-match segmentation (so ``并为`` is one segment, not ``并|为``) and its value wins the
conversion, while regional variant steps that follow (``TWVariants``/``HKVariants``) still apply.
Where a glossary phrase stands as words (``guided.Guide``) the guide makes it a segment of its
own, so jieba never splits it.

``make_simplifier`` is the other direction (t2s), keeping every character at its offset, and
``detect_script`` tells which of the two scripts a text is written in (``scriptdetect.py``).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import opencc
import yaml

from .guided import Guide, convert_guided, tokenizer
from .scriptdetect import detect_script
from .settings import DEFAULT_CONFIG, Glossary, Override
from .yamlfile import dump_yaml

__all__ = ["Converter", "detect_script", "make_converter", "make_simplifier"]


def opencc_share_dir() -> Path:
    """Directory holding the installed opencc package's JSON configs and .ocd2 dictionaries."""
    return Path(opencc.__file__).resolve().parent / "clib" / "share" / "opencc"


def _with_text_dict(section: Mapping[str, Any], text_dict: Mapping[str, str]) -> dict[str, Any]:
    """Return a dict group whose first member is the glossary, then the original dictionary.

    ``short_circuit`` makes the first dictionary that knows a key win, so the glossary overrides
    the standard phrase and character tables for exactly the phrases it lists.
    """
    return {
        "type": "group",
        "match_policy": "short_circuit",
        "dicts": [dict(text_dict), dict(section)],
    }


def _absolutise(node: Any, share: Path) -> Any:
    # A custom config lives in a cache directory, so OpenCC would not find the standard .ocd2
    # files by their bare names; point every "file" at the installed package instead.
    if isinstance(node, dict):
        out = {k: _absolutise(v, share) for k, v in node.items()}
        if isinstance(out.get("file"), str) and not os.path.isabs(out["file"]):
            out["file"] = str(share / out["file"])
        return out
    if isinstance(node, list):
        return [_absolutise(v, share) for v in node]
    return node


def custom_config(base: str, dictionary_file: str) -> dict[str, Any]:
    """Build the OpenCC JSON config: ``base`` with a glossary text dictionary in front."""
    share = opencc_share_dir()
    with (share / f"{base}.json").open(encoding="utf-8") as fh:
        cfg: dict[str, Any] = _absolutise(json.load(fh), share)
    text_dict = {"type": "text", "file": dictionary_file}
    chain = cfg["conversion_chain"]
    first = chain[0]["dict"]
    chain[0] = {"dict": _with_text_dict(first, text_dict)}
    # Some configs (s2t in opencc 1.4) omit "segmentation"; segment with the first step's
    # dictionary then, so that glossary phrases and standard phrases are both whole segments.
    seg_dict = cfg.get("segmentation", {}).get("dict", first)
    cfg["segmentation"] = {
        "type": "mmseg",
        "dict": {"type": "group", "match_policy": "union", "dicts": [dict(text_dict), seg_dict]},
    }
    cfg["name"] = f"{cfg.get('name', base)} + reportsite glossary"
    return cfg


def cache_dir() -> Path:
    root = os.environ.get("REPORTSITE_CACHE") or os.path.join(
        tempfile.gettempdir(), f"reportsite-opencc-{os.getuid()}"
    )
    path = Path(root)
    path.mkdir(parents=True, exist_ok=True)
    return path


def write_opencc_files(glossary: Glossary, cache: Path | None = None) -> Path:
    """Write the glossary dictionary and custom config; return the config path.

    File names carry a hash of their content so concurrent builds never see half-written
    files and a changed glossary never reuses a stale config. The hash covers the installed
    OpenCC's folder too: the config names its dictionaries by absolute path, so a config
    written by another virtualenv (since removed) must not be reused.
    """
    cache = cache or cache_dir()
    lines = "".join(f"{o.simplified}\t{o.traditional}\n" for o in glossary.overrides)
    key = f"{glossary.config}\n{opencc_share_dir()}\n{lines}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    dict_path = cache / f"glossary-{digest}.txt"
    cfg_path = cache / f"{glossary.config}-glossary-{digest}.json"
    if not cfg_path.exists():
        _atomic_write(dict_path, lines)
        cfg = custom_config(glossary.config, str(dict_path))
        _atomic_write(cfg_path, json.dumps(cfg, ensure_ascii=False, indent=2) + "\n")
    return cfg_path


def _atomic_write(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
    os.replace(tmp, path)


@dataclass(frozen=True)
class Converter:
    """A ready OpenCC converter; ``convert`` is safe to call on any text.

    ``guide`` None converts as plain OpenCC does (the review tool compares the two);
    ``same_length`` keeps every character at its offset (the simplifier).
    """

    config: str
    config_path: str
    _cc: Any
    guide: Guide | None = None
    same_length: bool = False

    def convert(self, text: str) -> str:
        if not text:
            return text
        if self.guide is None:
            return str(self._cc.convert(text))
        return convert_guided(self._cc, self.guide, text, self.same_length)


@functools.lru_cache(maxsize=8)
def _build(config: str, overrides: tuple[Override, ...], guided: bool) -> Converter:
    guide = Guide(tokenizer(cache_dir()), (o.simplified for o in overrides)) if guided else None
    if not overrides:
        return Converter(config, config, opencc.OpenCC(config), guide)
    path = write_opencc_files(Glossary(config=config, overrides=overrides))
    return Converter(config, str(path), opencc.OpenCC(str(path)), guide)


def make_converter(
    glossary: Glossary | None = None, config: str | None = None, *, guided: bool = True
) -> Converter:
    """Converter for ``config`` (default: the glossary's, else s2tw) plus glossary overrides,
    guided by word boundaries unless ``guided`` is false."""
    overrides = glossary.overrides if glossary else ()
    chosen = config or (glossary.config if glossary else DEFAULT_CONFIG)
    return _build(chosen, overrides, guided)


@functools.lru_cache(maxsize=4)
def make_simplifier(config: str = "t2s") -> Converter:
    """Traditional → Simplified, guided like make_converter, whose output has exactly the
    length of its input: character i of the result is the Simplified form of character i.

    For reading a Traditional report with the Simplified rules and mapping what they find
    back by offset.  t2s in OpenCC 1.4 never changes a length; a config or a later table
    that would is converted segment by segment, character by character where needed.
    """
    guide = Guide(tokenizer(cache_dir()))
    return Converter(config, config, opencc.OpenCC(config), guide, same_length=True)


class Converts(Protocol):
    """What the script step converts text with: a Converter, or one that also typesets."""

    def convert(self, text: str) -> str: ...


# “ ” ‘ ’ as Taiwan and Hong Kong print them; an apostrophe inside a Latin word (it’s) stays.
_CORNER = str.maketrans({"“": "「", "”": "」", "‘": "『"})
_CLOSING_SINGLE = re.compile(r"(?<![A-Za-z0-9])’|’(?![A-Za-z0-9])")


def corner_quotes(text: str) -> str:
    """Double quotes become 「」 and single ones 『』, the Traditional sites' typography."""
    if "“" not in text and "‘" not in text and "’" not in text and "”" not in text:
        return text
    return _CLOSING_SINGLE.sub("』", text.translate(_CORNER))


@dataclass(frozen=True)
class Typeset:
    """A converter whose Traditional text also follows the regional typography (quotes)."""

    converter: Converter
    quotes: str = "corner"

    def convert(self, text: str) -> str:
        out = self.converter.convert(text)
        return corner_quotes(out) if self.quotes == "corner" else out


# --------------------------------------------------------------------------- Markdown pages

# Front-matter keys whose values are reader-facing text.  `source`, `slug`, `date` and any
# unknown key are identifiers or paths and stay byte for byte.
FRONT_MATTER_TEXT_KEYS = frozenset({"title", "tags", "report", "issuer", "description"})

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.S)
# Spans that must not be converted: code, HTML comments (e.g. the <!-- material/tags -->
# directive), HTML tags (attributes hold class names and URLs), link destinations, reference
# definitions, autolinks and attr_list blocks.  Order matters: earlier alternatives win.
# A backslash-escaped mark (render.escape_text) is report text, not markup: code spans, link
# destinations and attribute lists only start at an unescaped one, or `\`代码\``, `\](说明)` or
# `\{.属性\}` in a report would stay Simplified. No `~~~` fences: no extension here reads them,
# and report text shows `~` unescaped, so two `~~~` would have left the text between them as is.
_PROTECTED = re.compile(
    r"(?<!\\)```.*?```|(?<!\\)`[^`\n]+`"
    r"|<!--.*?-->"
    r"|<(?:https?|mailto|file):[^>\s]*>"
    r"|</?[A-Za-z][^>]*>"
    r"|(?<!\\)\]\((?:<[^>]*>|[^()\s]|\([^()\s]*\))*(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)"
    r"|^[ ]{0,3}\[[^\]\n]+\]:[^\n]*$"
    r"|(?<!\\)\{[:#.][^}\n]*\}",
    re.S | re.M,
)
_PLACEHOLDER = "\ue000"  # private-use: OpenCC passes it through untouched


def traditional_keep_markup(text: str, converter: Converts) -> str:
    """Convert Markdown/HTML text, leaving link targets, tags, code and attributes as they are.

    Protected spans are swapped for a placeholder so the prose is converted in one call and
    OpenCC still sees each phrase whole.
    """
    if _PLACEHOLDER in text:  # cannot happen in our reports; stay correct anyway
        parts = _PROTECTED.split(text)
        spans = _PROTECTED.findall(text)
        out = [converter.convert(parts[0])]
        for span, part in zip(spans, parts[1:], strict=True):
            out += [span, converter.convert(part)]
        return "".join(out)
    spans = [m.group(0) for m in _PROTECTED.finditer(text)]
    converted = converter.convert(_PROTECTED.sub(_PLACEHOLDER, text)).split(_PLACEHOLDER)
    if len(converted) != len(spans) + 1:
        raise RuntimeError("OpenCC changed a placeholder; cannot restore protected markup")
    return converted[0] + "".join(s + c for s, c in zip(spans, converted[1:], strict=True))


def traditional_value(value: Any, converter: Converts) -> Any:
    """Convert strings inside a YAML value (str, list, dict values), leave other types."""
    if isinstance(value, str):
        return converter.convert(value)
    if isinstance(value, list):
        return [traditional_value(v, converter) for v in value]
    if isinstance(value, dict):
        return {k: traditional_value(v, converter) for k, v in value.items()}
    return value


# Front matter is read through libyaml (C) where it is installed: pure-Python YAML was most
# of the Traditional build's time (2,400 pages at 100x); written by yamlfile.dump_yaml.
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def traditional_markdown(source: str, converter: Converts) -> str:
    """Convert one Markdown page: the reader-facing front-matter values and the body."""
    match = _FRONT_MATTER.match(source)
    if not match:
        return traditional_keep_markup(source, converter)
    meta = yaml.load(match.group(1) or "", Loader=_LOADER) or {}
    if not isinstance(meta, dict):
        return traditional_keep_markup(source, converter)
    meta = {
        k: traditional_value(v, converter) if k in FRONT_MATTER_TEXT_KEYS else v
        for k, v in meta.items()
    }
    head = dump_yaml(meta)
    body = traditional_keep_markup(source[match.end() :], converter)
    return f"---\n{head}---\n{body}"


def traditional_nav(nav: Any, converter: Converts) -> Any:
    """Convert the labels of an mkdocs ``nav`` structure; paths and URLs stay as they are."""
    if isinstance(nav, list):
        return [traditional_nav(item, converter) for item in nav]
    if isinstance(nav, dict):
        return {converter.convert(str(k)): traditional_nav(v, converter) for k, v in nav.items()}
    return nav


def traditional_files(
    files: Mapping[str, str | bytes], converter: Converts
) -> dict[str, str | bytes]:
    """The script step for a set of generated or hand-written files: every Markdown page
    converted (front matter and body), everything else (the seed as published, the record
    table) kept byte for byte."""
    return {
        rel: traditional_markdown(body, converter)
        if rel.endswith(".md") and isinstance(body, str)
        else body
        for rel, body in files.items()
    }

