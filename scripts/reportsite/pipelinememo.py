"""What run_pipeline did in the previous run, for the editors' preview (`reportsite serve`).

The pipeline is pure: the same seed, metadata entry and configuration give the same report,
the same report gives the same Traditional record, and the same report in the same place
(neighbours in the catalogue, themes, script) gives the same pages. The preview runs it on
every save; at 10x the archive that was about 1 s of each rebuild, all of it for seeds that
did not change. A memo keeps each of the three results of the last run on exactly what it
depends on, so a run does the edited seed's work only (plus what spans every report: the
catalogue, the theme pages, the nav).

The configuration (settings, taxonomy, glossary, OpenCC config) is one key for the whole
memo: when it changes, everything is done again, and `next_run` says so. `make site` never
uses a memo (`run_pipeline(memo=None)`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from .models import Report

T = TypeVar("T")


@dataclass
class Memo:
    """One kind of result, kept from the last run only: what a run did not use is dropped at
    the next, so the memo never holds more than one archive's worth."""

    entries: dict[Any, Any] = field(default_factory=dict)
    used: dict[Any, Any] = field(default_factory=dict)
    hits: int = 0
    misses: int = 0

    def get(self, key: Any, make: Callable[[], T]) -> T:
        found = self.entries.get(key, self.used.get(key))
        if found is None:
            self.misses += 1
            found = make()
        else:
            self.hits += 1
        self.used[key] = found
        return found

    def next_run(self, keep: bool) -> None:
        self.entries = self.used if keep else {}
        self.used = {}


@dataclass
class PipelineMemo:
    """Reports (by seed), Traditional records (by report) and rendered pages (by report and
    place) of the last run. Reports are kept by identity after the first memo: a report
    taken from the memo is the same object, so the later keys are cheap and exact."""

    config_key: bytes = b""
    reports: Memo = field(default_factory=Memo)
    traditional: Memo = field(default_factory=Memo)
    rendered: Memo = field(default_factory=Memo)

    def next_run(self, config_key: bytes) -> bool:
        """Start a run with this configuration; False if it changed (nothing is reused)."""
        same = config_key == self.config_key
        self.config_key = config_key
        for memo in (self.reports, self.traditional, self.rendered):
            memo.next_run(same)
        return same

    def report(self, name: str, data: bytes, meta: Any, make: Callable[[], Report]) -> Report:
        return self.reports.get((name, digest(data), repr(meta)), make)

    def traditional_report(self, report: Report, make: Callable[[], Report]) -> Report:
        # The report itself is in the key (an identity hash, held): a report made again for
        # an edited seed is a new object and misses.
        return self.traditional.get(_Same(report), make)

    def pages(self, report: Report, place: str, site: Any, make: Callable[[], T]) -> T:
        """A report's rendered pages, kept on the report, its place in the catalogue and the
        site (script, taxonomy)."""
        return self.rendered.get((_Same(report), place, site), make)


class _Same:
    """A key that is its object's identity (a Report hashes its whole text otherwise)."""

    __slots__ = ("obj",)

    def __init__(self, obj: object) -> None:
        self.obj = obj

    def __hash__(self) -> int:
        return id(self.obj)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Same) and other.obj is self.obj


def digest(data: bytes | str) -> bytes:
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    return hashlib.blake2b(raw, digest_size=20).digest()
