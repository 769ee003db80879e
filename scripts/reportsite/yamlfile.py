"""Load a YAML file and validate its shape, reporting errors with file and line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import ReportError


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
