"""Load a YAML file and validate its shape, reporting errors with file and line."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from .errors import ReportError

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


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that remembers the line of every mapping key."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    mapping = LineDict()
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise ReportError(loader.name, f"duplicate key {key!r}", key_node.start_mark.line + 1)
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.lines[key] = key_node.start_mark.line + 1
    mapping.line = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _construct_mapping,
)


class LineDict(dict[Any, Any]):
    """A dict that knows the source line of itself and of each of its keys."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: dict[Any, int] = {}
        self.line = 0

    def line_of(self, key: Any) -> int:
        return self.lines.get(key, self.line)


def load_yaml(path: Path) -> Any:
    """Parse a YAML file; a syntax error becomes a ReportError with its line."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ReportError(str(path), f"cannot read file: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise ReportError(str(path), "not UTF-8 text") from None
    loader = _LineLoader(text)
    loader.name = str(path)
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise ReportError(str(path), f"invalid YAML: {exc.problem}", line) from None
    except yaml.YAMLError as exc:
        raise ReportError(str(path), f"invalid YAML: {exc}") from None
    finally:
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
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ReportError(str(path), f"{what} must be a list of non-empty strings", line)
    return tuple(v.strip() for v in value)
