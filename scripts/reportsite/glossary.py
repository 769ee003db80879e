"""Loader of config/glossary.yml, the reviewed Simplified → Traditional overrides.

Part of the configuration layer (with config.py): validated once, at load, into the typed
records of settings.py, with one error type (ReportError: file, line, what to fix). The
script step (script.py) receives the Glossary and never reads the file.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import yaml

from .errors import ReportError
from .settings import DEFAULT_CONFIG, KNOWN_CONFIGS, Example, Glossary, Override

GLOSSARY_TOP_KEYS = frozenset({"config", "overrides"})
OVERRIDE_KEYS = frozenset({"simplified", "traditional", "reason", "example"})
EXAMPLE_KEYS = frozenset({"simplified", "traditional"})


def _fail(path: str, node: yaml.Node, message: str) -> ReportError:
    return ReportError(path, message, node.start_mark.line + 1)


def _scalar_str(path: str, node: yaml.Node, what: str) -> str:
    # yaml.compose keeps every scalar as text; only plain strings (tag str) are accepted so
    # that e.g. `traditional: 2024` or `traditional: yes` is caught instead of coerced.
    if not isinstance(node, yaml.ScalarNode) or node.tag != "tag:yaml.org,2002:str":
        raise _fail(path, node, f"{what} must be a string")
    value = str(node.value)
    if not value.strip():
        raise _fail(path, node, f"{what} must not be empty")
    return value


def _mapping(
    path: str, node: yaml.Node, what: str, allowed: frozenset[str]
) -> dict[str, yaml.Node]:
    if not isinstance(node, yaml.MappingNode):
        raise _fail(path, node, f"{what} must be a mapping")
    out: dict[str, yaml.Node] = {}
    for key_node, value_node in node.value:
        key = _scalar_str(path, key_node, f"key in {what}")
        if key not in allowed:
            raise _fail(
                path,
                key_node,
                f"unknown key {key!r} in {what} (allowed: {', '.join(sorted(allowed))})",
            )
        if key in out:
            raise _fail(path, key_node, f"duplicate key {key!r} in {what}")
        out[key] = value_node
    return out


# Both sides of an override are Han characters, one Traditional form per Simplified character:
# the glossary chooses character forms, it does not add text. Nothing else may pass, because
# the Traditional pages are made by converting Markdown: a `<`, `[`, `*`, `` ` ``, `&` or a
# newline in a value would become markup on every page holding the phrase.
_HAN = re.compile(r"[\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")


def _phrase(path: str, node: yaml.Node, name: str, length: int | None = None) -> str:
    value = _scalar_str(path, node, name)
    # OpenCC's text dictionary is "key<TAB>candidate candidate…": a tab, newline or space
    # inside a phrase would silently split it.
    if any(ch.isspace() for ch in value):
        raise _fail(path, node, f"{name} must not contain whitespace")
    if not _HAN.fullmatch(value):
        raise _fail(path, node, f"{name} must be Han characters only, not {value!r}")
    if length is not None and len(value) != length:
        raise _fail(path, node, f"{name} {value!r} must have one character per simplified one")
    return value


def _override(path: str, item: yaml.Node, seen: dict[str, int]) -> Override:
    fields = _mapping(path, item, "override", OVERRIDE_KEYS)
    for required in ("simplified", "traditional", "reason"):
        if required not in fields:
            raise _fail(path, item, f"override is missing {required!r}")
    simplified = _phrase(path, fields["simplified"], "simplified")
    traditional = _phrase(path, fields["traditional"], "traditional", len(simplified))
    if simplified in seen:
        raise _fail(
            path,
            fields["simplified"],
            f"duplicate override {simplified!r} (first at line {seen[simplified]})",
        )
    line = item.start_mark.line + 1
    seen[simplified] = line
    example = None
    if "example" in fields:
        ex = _mapping(path, fields["example"], "example", EXAMPLE_KEYS)
        if set(ex) != EXAMPLE_KEYS:
            raise _fail(path, fields["example"], "example needs simplified and traditional")
        example = Example(
            _scalar_str(path, ex["simplified"], "example.simplified"),
            _scalar_str(path, ex["traditional"], "example.traditional"),
        )
    reason = _scalar_str(path, fields["reason"], "reason")
    return Override(simplified, traditional, reason, example, line)


def parse_glossary(text: str, path: str = "<memory>") -> Glossary:
    """Parse and validate glossary YAML; raise ReportError with file:line on any problem."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 1
        raise ReportError(path, f"invalid YAML: {exc.problem}", line) from None
    except yaml.YAMLError as exc:
        raise ReportError(path, f"invalid YAML: {exc}") from None
    if root is None:
        return Glossary(config=DEFAULT_CONFIG, overrides=(), path=path)
    top = _mapping(path, root, "glossary", GLOSSARY_TOP_KEYS)
    config = DEFAULT_CONFIG
    if "config" in top:
        config = _scalar_str(path, top["config"], "config")
        if config not in KNOWN_CONFIGS:
            raise _fail(path, top["config"], f"config must be one of {', '.join(KNOWN_CONFIGS)}")
    seen: dict[str, int] = {}
    items = top.get("overrides")
    if items is None:
        return Glossary(config=config, overrides=(), path=path)
    if not isinstance(items, yaml.SequenceNode):
        raise _fail(path, items, "overrides must be a list")
    overrides = tuple(_override(path, item, seen) for item in items.value)
    return Glossary(config=config, overrides=overrides, path=path)


def load_glossary(path: str | os.PathLike[str]) -> Glossary:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise ReportError(str(p), f"cannot read file: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise ReportError(str(p), "not UTF-8 text") from None
    return parse_glossary(text, str(p))


# --------------------------------------------------------------------------- converter
