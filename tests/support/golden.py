"""One schema and one loader for every golden case: tests/golden/<step>/<case>.yml.

A case is a YAML mapping with these keys, in this order:

``description``  optional: what the case shows, for the reader;
``settings``     optional: a mapping of options for the step;
``input``        what the step is given;
``output``       what it must give, or
``error``        the message it must fail with (exactly one of the two).

A test runs the step through `Golden.outcome` and asserts that what it got equals what the
case expects. With ``UPDATE_GOLDEN=1`` in the environment, `outcome` writes what the step
gives now into the case file (review the diff before committing); without it, any
difference fails.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
KEYS = ("description", "settings", "input", "output", "error")
OUTCOMES = ("output", "error")


class GoldenError(Exception):
    """A case file that does not follow the schema."""


@dataclass(frozen=True)
class Golden:
    path: Path
    input: Any
    expected: dict[str, Any]  # {"output": …} or {"error": …}
    settings: dict[str, Any] = field(default_factory=dict)
    description: str | None = None

    def outcome(
        self, run: Callable[[], Any], errors: tuple[type[BaseException], ...] = ()
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """(what the step gave, what the case expects), each {"output": …} or {"error": …}.

        `errors` are the exceptions the step raises for bad input: their message is the
        outcome. Any other exception fails the test as it is.
        """
        try:
            got = {"output": plain(run())}
        except errors as exc:
            got = {"error": str(exc)}
        if UPDATE and got != self.expected:
            self.write(got)
            return got, got
        return got, self.expected

    def write(self, outcome: dict[str, Any]) -> None:
        data: dict[str, Any] = {}
        if self.description is not None:
            data["description"] = self.description
        if self.settings:
            data["settings"] = self.settings
        data["input"] = self.input
        data.update(outcome)
        text = dump(data)
        if yaml.safe_load(text) != data:  # the dumper must never change a case
            raise GoldenError(f"{self.path}: would not read back as written")
        self.path.write_text(text, encoding="utf-8")


def plain(value: Any) -> Any:
    """`value` as YAML gives it back: tuples as lists, mappings as dicts."""
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, Mapping):
        return {k: plain(v) for k, v in value.items()}
    return value


def load(path: Path) -> Golden:
    with open(path, encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    if not isinstance(data, dict):
        raise GoldenError(f"{path}: a case is a mapping of {', '.join(KEYS)}")
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        raise GoldenError(f"{path}: unknown keys {unknown}; a case has {', '.join(KEYS)}")
    if "input" not in data:
        raise GoldenError(f"{path}: no input")
    expected = {k: data[k] for k in OUTCOMES if k in data}
    # A new case may leave the outcome out for UPDATE_GOLDEN=1 to fill in; a run without it
    # would have nothing to compare with.
    if len(expected) > 1 or (not expected and not UPDATE):
        raise GoldenError(f"{path}: give exactly one of output and error")
    settings = data.get("settings") or {}
    if not isinstance(settings, dict):
        raise GoldenError(f"{path}: settings must be a mapping")
    return Golden(path, data["input"], expected, settings, data.get("description"))


def cases(step: str) -> list[Any]:
    """pytest params, one per case file of the step, with the file's stem as id."""
    paths = sorted((GOLDEN / step).glob("*.yml"))
    if not paths:
        raise GoldenError(f"no cases in {GOLDEN / step}")
    return [pytest.param(load(p), id=p.stem) for p in paths]


class _Dumper(yaml.SafeDumper):
    """Cases as a person would write them: text of several lines as a literal block, short
    lists of plain values on one line, keys in the order given."""


# Characters a reader would not see (ideographic and other spaces, zero-width ones): a string
# holding one is written double-quoted with the character as an escape, \u3000.
_INVISIBLE = re.compile("[\u00a0\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]")
_TAG_STR, _TAG_SEQ = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq"


def _str(dumper: yaml.SafeDumper, text: str, in_line: bool = False) -> yaml.ScalarNode:
    style = None
    if _INVISIBLE.search(text) or ("\n" in text and (in_line or not text.strip())):
        style = '"'  # escapes show what is there; line breaks in a one-line list, too
    elif "\n" in text:
        style = "|"
    return dumper.represent_scalar(_TAG_STR, text, style=style)


def _list(dumper: yaml.SafeDumper, items: list[Any]) -> yaml.SequenceNode:
    if not all(isinstance(v, str | int | float | bool | None) for v in items):
        return dumper.represent_sequence(_TAG_SEQ, items, flow_style=False)
    nodes = [
        _str(dumper, v, in_line=True) if isinstance(v, str) else dumper.represent_data(v)
        for v in items
    ]
    return yaml.SequenceNode(_TAG_SEQ, nodes, flow_style=True)


_Dumper.add_representer(str, _str)
_Dumper.add_representer(list, _list)


def dump(data: Any) -> str:
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    # Only double-quoted strings hold them (_str), where an escape means the character.
    return _INVISIBLE.sub(lambda m: f"\\u{ord(m[0]):04x}", text)
