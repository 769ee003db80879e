"""Review helpers for the Simplified → Traditional conversion (no MkDocs import).

``python scripts/opencc_review.py seeds/*.txt`` lists, for each character of the texts that has
several Traditional candidates in OpenCC's STCharacters table, every context and what the site's
converter (s2tw + config/glossary.yml) makes of it: the list we checked by hand to write the
glossary.  ``leftover_simplified`` is the check behind the "no Simplified left on the
Traditional site" test.
"""

from __future__ import annotations

import functools
import os
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from reportsite.glossary import load_glossary
from reportsite.script import Converter, cache_dir, make_converter, opencc_share_dir


@functools.lru_cache(maxsize=1)
def st_characters() -> dict[str, tuple[str, ...]]:
    """OpenCC's STCharacters table: Simplified character → Traditional candidates.

    The package ships it only as .ocd2, so we dump it with the package's own opencc_dict tool.
    """
    share = opencc_share_dir()
    tool = share.parent.parent / "bin" / "opencc_dict"
    out = cache_dir() / "STCharacters.txt"
    if not out.exists():
        tmp = out.with_suffix(f".{os.getpid()}.tmp")
        subprocess.run(
            [
                str(tool),
                "-i",
                str(share / "STCharacters.ocd2"),
                "-o",
                str(tmp),
                "-f",
                "ocd2",
                "-t",
                "text",
            ],
            check=True,
            capture_output=True,
        )
        os.replace(tmp, out)
    table: dict[str, tuple[str, ...]] = {}
    for line in out.read_text(encoding="utf-8").splitlines():
        key, _, values = line.partition("\t")
        table[key] = tuple(values.split(" "))
    return table



@dataclass(frozen=True)
class Leftover:
    index: int
    char: str
    converted: str
    context: str


def leftover_simplified(text: str, converter: Converter) -> list[Leftover]:
    """Characters in (supposedly Traditional) ``text`` that OpenCC would still convert.

    A character is flagged when converting the text changes it *and* the character is not
    itself one of its Traditional candidates.  The exception is needed because a converted
    text is not a fixed point of OpenCC: ``干預`` is correct Traditional, but OpenCC's phrase
    table is keyed by Simplified ``干预``, so re-converting ``干預`` turns 干 into 幹.
    """
    table = st_characters()
    converted = converter.convert(text)
    if len(converted) != len(text):
        # Phrase tables may change length (s2twp); fall back to per-character conversion.
        converted = "".join(converter.convert(ch) for ch in text)
    found = []
    for i, (a, b) in enumerate(zip(text, converted, strict=True)):
        if a != b and a not in table.get(a, ()):
            found.append(Leftover(i, a, b, text[max(0, i - 6) : i + 7]))
    return found


@dataclass(frozen=True)
class Ambiguity:
    """A one-to-many character in the source, with each context and what OpenCC made of it."""

    char: str
    candidates: tuple[str, ...]
    contexts: tuple[tuple[str, str], ...]  # (Simplified context, converted context)


def review_ambiguities(
    texts: Iterable[str], converter: Converter, width: int = 5
) -> list[Ambiguity]:
    """List every one-to-many character occurring in ``texts`` with deduplicated contexts."""
    table = st_characters()
    found: dict[str, dict[tuple[str, str], None]] = {}
    for text in texts:
        out = converter.convert(text)
        if len(out) != len(text):
            continue  # phrase-localising configs; review those with s2t/s2tw instead
        for i, ch in enumerate(text):
            if len(table.get(ch, ())) > 1:
                lo, hi = max(0, i - width), i + width + 1
                ctx = (text[lo:hi].replace("\n", " "), out[lo:hi].replace("\n", " "))
                found.setdefault(ch, {})[ctx] = None
    return [Ambiguity(ch, table[ch], tuple(ctxs)) for ch, ctxs in sorted(found.items())]


def main(argv: list[str] | None = None) -> int:
    """Print every one-to-many character in the given texts with its contexts."""
    import argparse

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("files", nargs="+")
    parser.add_argument("--glossary", default="config/glossary.yml")
    parser.add_argument("--config", default=None)
    args = parser.parse_args(argv)
    glossary = load_glossary(args.glossary) if Path(args.glossary).exists() else None
    conv = make_converter(glossary, args.config)
    texts = [Path(f).read_text(encoding="utf-8") for f in args.files]
    for amb in review_ambiguities(texts, conv):
        print(f"{amb.char} → {' '.join(amb.candidates)}")
        for src, out in amb.contexts:
            print(f"    {src}  →  {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
