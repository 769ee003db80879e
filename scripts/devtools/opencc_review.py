"""Review helpers for the Simplified → Traditional conversion (no MkDocs import).

``python -m devtools.opencc_review [FILES…]`` (default: tests/fixtures/corpus/*.txt and
seeds/*.txt) lists every place where the site's converter (word-guided, s2tw +
config/glossary.yml) and plain OpenCC (the same config and glossary, unguided) disagree:
file, line, the Simplified context, what each makes of it, and the totals.  A reviewer reads
each one and decides which is right (README, "OpenCC configuration").

``--ambiguities`` prints the older listing instead: for each character of the texts that has
several Traditional candidates in OpenCC's STCharacters table, every context and what the
site's converter makes of it.  ``leftover_simplified`` is the check behind the "no
Simplified left on the Traditional site" test.
"""

from __future__ import annotations

import functools
import os
import subprocess
from collections.abc import Iterable, Sequence
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


@dataclass(frozen=True)
class Difference:
    """One place where unguided and guided conversion differ (contexts of equal span)."""

    path: str
    line: int  # 1-based
    column: int  # 1-based, first differing character
    simplified: str
    unguided: str
    guided: str


def _places(a: str, b: str, gap: int) -> list[tuple[int, int]]:
    """Runs of differing positions (a and b of one length), joined when closer than gap."""
    runs: list[tuple[int, int]] = []
    for i, (x, y) in enumerate(zip(a, b, strict=True)):
        if x == y:
            continue
        if runs and i - runs[-1][1] <= gap:
            runs[-1] = (runs[-1][0], i + 1)
        else:
            runs.append((i, i + 1))
    return runs


def differences(
    path: str, text: str, unguided: Converter, guided: Converter, width: int = 6
) -> list[Difference]:
    """Every place in ``text`` where the two converters disagree, line by line."""
    found = []
    lines = text.split("\n")
    plain = unguided.convert(text).split("\n")
    words = guided.convert(text).split("\n")
    for number, (src, a, b) in enumerate(zip(lines, plain, words, strict=True), 1):
        if a == b:
            continue
        if not len(src) == len(a) == len(b):  # a length-changing config (s2twp): whole line
            found.append(Difference(path, number, 1, src, a, b))
            continue
        for lo, hi in _places(a, b, gap=2):
            s, e = max(0, lo - width), hi + width
            found.append(Difference(path, number, lo + 1, src[s:e], a[s:e], b[s:e]))
    return found


def default_files(root: Path) -> list[Path]:
    return sorted((root / "tests" / "fixtures" / "corpus").glob("*.txt")) + sorted(
        (root / "seeds").glob("*.txt")
    )


def main(argv: Sequence[str] | None = None) -> int:
    """List where word-guided and plain OpenCC conversion differ, for a reviewer to check."""
    import argparse

    root = Path(__file__).resolve().parent.parent.parent
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("files", nargs="*", help="default: the corpus reports and the seeds")
    parser.add_argument("--glossary", default=str(root / "config" / "glossary.yml"))
    parser.add_argument("--config", default=None, help="OpenCC base config (default: glossary's)")
    parser.add_argument("--width", type=int, default=6, help="context characters either side")
    parser.add_argument("--ambiguities", action="store_true",
                        help="list one-to-many characters in context instead")
    args = parser.parse_args(argv)
    glossary = load_glossary(args.glossary) if Path(args.glossary).exists() else None
    files = [Path(f) for f in args.files] or default_files(root)
    guided = make_converter(glossary, args.config)
    if args.ambiguities:
        texts = [f.read_text(encoding="utf-8") for f in files]
        for amb in review_ambiguities(texts, guided):
            print(f"{amb.char} → {' '.join(amb.candidates)}")
            for src, out in amb.contexts:
                print(f"    {src}  →  {out}")
        return 0
    unguided = make_converter(glossary, args.config, guided=False)
    total = characters = 0
    for path in files:
        full = path.resolve()
        shown = str(full.relative_to(root)) if full.is_relative_to(root) else str(path)
        found = differences(shown, path.read_text(encoding="utf-8"), unguided, guided, args.width)
        for d in found:
            print(f"{d.path}:{d.line}:{d.column}  {d.simplified}")
            print(f"    unguided  {d.unguided}")
            print(f"    guided    {d.guided}")
        total += len(found)
        characters += sum(x != y for d in found for x, y in zip(d.unguided, d.guided, strict=False))
        print(f"# {shown}: {len(found)} differences")
    print(f"# total: {total} differences ({characters} characters) in {len(files)} files")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
