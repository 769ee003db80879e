"""Load a YAML file and validate its shape, reporting errors with file and line."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from .errors import ReportError
from .values import visible

# YAML is written through libyaml (C) where it is installed: pure-Python YAML was 40% of the
# conversion's time and most of the Traditional build's (2,400 pages at 100x). The C emitter
# writes byte for byte what PyYAML's does only for printable BMP text (fuzzed: tabs, newlines,
# a BOM, non-BMP characters and noncharacters come out otherwise; tests/test_fast_paths.py),
# so any other value is written by PyYAML's own emitter.
_C_DUMPER: Any = getattr(yaml, "CSafeDumper", None)
_C_SAME_TEXT = re.compile("[\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd]*")


def _c_same(value: Any) -> bool:
    if isinstance(value, str):
        return _C_SAME_TEXT.fullmatch(value) is not None
    if isinstance(value, list):
        return all(map(_c_same, value))
    if isinstance(value, dict):
        # Empty keys and long ones (PyYAML counts 128 characters, libyaml 128 bytes) may be
        # written as "complex keys" (`? …`) by one emitter and not the other.
        return all(
            isinstance(k, str) and 0 < len(k.encode("utf-8")) < 100 and _c_same(k) and _c_same(v)
            for k, v in value.items()
        )
    return value is None or isinstance(value, bool | int)


def dump_yaml(data: Any, *, exact: bool = True) -> str:
    """yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), quicker.

    ``exact=False`` for files only we read back (the nav): libyaml even where its bytes
    differ from PyYAML's (e.g. a title over 128 bytes becomes a `? ` key); it loads the same.
    """
    fast = _C_DUMPER is not None and (not exact or _c_same(data))
    dumper = _C_DUMPER if fast else yaml.SafeDumper
    return yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=1000)


# Our YAML files are a few levels deep; PyYAML composes and constructs recursively, so
# thousands of nested brackets end in a RecursionError deep inside it. Stop long before.
MAX_DEPTH = 50
# The configuration files are small (metadata for 2,000 seeds with tags is about 0.5 MB);
# a bigger one is a mistake, refused before it is read.
MAX_YAML_BYTES = 4 * 1024 * 1024
# What PyYAML's constructors raise on a tagged or resolved value they cannot build
# (`!!int abc`, `!!float x`, an int of 5,000 digits, `!!binary` that is not base64).
_VALUE_ERRORS = (ValueError, TypeError, OverflowError, ArithmeticError, AttributeError)


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that remembers the line of every mapping key, and fails with a ReportError
    (file and line) where PyYAML itself would raise a bare Python exception."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                raise ReportError(
                    self.name, f"nesting deeper than {MAX_DEPTH} levels", mark.line + 1
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except _VALUE_ERRORS as exc:
            tag = node.tag.rpartition(":")[2]
            raise ReportError(
                self.name, f"invalid {tag} value {_short(node)}: {exc}", node.start_mark.line + 1
            ) from None


def _short(node: yaml.Node) -> str:
    value = node.value if isinstance(node.value, str) else "…"
    return repr(value if len(value) <= 40 else value[:40] + "…")


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    mapping = LineDict()
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        try:
            hash(key)
        except TypeError:
            raise ReportError(
                loader.name, "a key must be text, not a list or mapping (`? [...]`)", line
            ) from None
        if key in mapping:
            raise ReportError(loader.name, f"duplicate key {key!r}", line)
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.lines[key] = line
    mapping.line = node.start_mark.line + 1
    return mapping


def _construct_timestamp(loader: _LineLoader, node: yaml.ScalarNode) -> str:
    # A date stays the text it was written as, quoted or not: PyYAML would raise on
    # 2025-13-45, and whoever takes a date checks it as a calendar date (config.real_date).
    return str(loader.construct_scalar(node))


_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _construct_mapping,
)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


class LineDict(dict[Any, Any]):
    """A dict that knows the source line of itself and of each of its keys."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: dict[Any, int] = {}
        self.line = 0

    def line_of(self, key: Any) -> int:
        return self.lines.get(key, self.line)


def _read_text(path: Path, max_bytes: int) -> str:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ReportError(
                str(path), f"file is {size:,} bytes, larger than the {max_bytes:,} allowed "
                "for a YAML file; is it the right file?"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise ReportError(
            str(path), f"cannot read file: {exc.strerror}; check that it is a readable file"
        ) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ReportError(str(path), "not UTF-8 text; save it as UTF-8", line) from None


def load_yaml(path: Path, max_bytes: int = MAX_YAML_BYTES) -> Any:
    """Parse a YAML file; every error becomes a ReportError with file and line."""
    text = _read_text(path, max_bytes)
    loader = None
    try:
        loader = _LineLoader(text)  # checks the characters first: may raise ReaderError
        loader.name = str(path)
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise ReportError(str(path), f"invalid YAML: {exc.problem or exc.context}", line) from None
    except yaml.reader.ReaderError as exc:  # a control character, say; it knows its offset
        line = text[: exc.position].count("\n") + 1
        char = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        raise ReportError(str(path), f"invalid YAML: {exc.reason}: {char}", line) from None
    except yaml.YAMLError as exc:
        raise ReportError(str(path), f"invalid YAML: {exc}") from None
    except RecursionError:  # guarded by MAX_DEPTH; kept so no traceback can get through
        raise ReportError(str(path), "invalid YAML: nested too deeply") from None
    finally:
        if loader is not None:
            loader.dispose()


def expect_mapping(path: Path, data: Any, what: str, line: int | None = None) -> LineDict:
    if data is None:
        return LineDict()
    if not isinstance(data, LineDict):
        raise ReportError(str(path), f"{what} must be a mapping (key: value)", line)
    return data


def check_keys(path: Path, data: LineDict, allowed: tuple[str, ...], what: str) -> None:
    for key in data:
        if key not in allowed:
            raise ReportError(
                str(path),
                f"unknown key {key!r} in {what}; allowed: {', '.join(allowed)}",
                data.line_of(key),
            )


def expect_str_list(path: Path, value: Any, what: str, line: int) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    # A tag or keyword of only U+200B and the like would be published as an empty label.
    if not isinstance(value, list) or not all(isinstance(v, str) and visible(v) for v in value):
        raise ReportError(
            str(path), f"{what} must be a list of non-empty strings (visible text)", line
        )
    return tuple(v.strip() for v in value)
