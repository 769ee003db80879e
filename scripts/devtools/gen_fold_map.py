"""Regenerate the character-level Traditional→Simplified fold map
(reportsite/search/assets/t2s_chars.json).

Run once when OpenCC is upgraded: ``.venv/bin/python -m devtools.gen_fold_map``.

Why a character map and not OpenCC's converter: search must fold the index (Python) and
the query (JavaScript, in the browser) identically, character by character, so that
positions in the folded text line up with the original text. Phrase tables (TSPhrases)
cannot be applied in the worker cheaply, and they are not needed: both sides are folded
with the same map, so a character that OpenCC converts differently by context (干/乾/幹)
still folds to one canonical character on both sides.

Sources, in order of precedence:
- TSCharacters: Traditional → Simplified, first candidate (乾 → 干, not 乾).
- TWVariantsRev, HKVariantsRev: regional variants (為, 著) → OpenCC Traditional, then TS.
- STCharacters reversed: any Traditional candidate of a Simplified character that is not
  yet mapped (e.g. 檯 → 台), so a reader typing any listed variant still matches.
- QUOTES: corner quotation marks, which a Traditional page may print where the Simplified
  one has curly ones (the converter's ``quotes: corner``), fold to the curly ones, so
  “三会一课” finds 「三會一課」 and 「三會一課」 finds “三会一课”.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path

import opencc

OUT = Path(__file__).resolve().parent.parent / "reportsite" / "search" / "assets" / "t2s_chars.json"


def _dump(name: str) -> list[tuple[str, list[str]]]:
    """Read one OpenCC .ocd2 dictionary through the opencc_dict tool shipped with the wheel."""
    clib = Path(opencc.__file__).resolve().parent / "clib"
    env = dict(os.environ, LD_LIBRARY_PATH=str(clib / "lib64"))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / f"{name}.txt"
        source = clib / "share" / "opencc" / f"{name}.ocd2"
        subprocess.run(
            [
                str(clib / "bin" / "opencc_dict"),
                "-i",
                str(source),
                "-o",
                str(out),
                "-f",
                "ocd2",
                "-t",
                "text",
            ],
            check=True,
            env=env,
        )
        rows = []
        for line in out.read_text(encoding="utf-8").splitlines():
            key, _, values = line.partition("\t")
            rows.append((key, values.split(" ")))
        return rows


QUOTES = {"「": "“", "」": "”", "『": "‘", "』": "’"}


def build_map() -> dict[str, str]:
    fold: dict[str, str] = dict(QUOTES)
    for key, values in _dump("TSCharacters"):
        if len(key) == 1 and values and len(values[0]) == 1 and values[0] != key:
            fold[key] = values[0]
    for name in ("TWVariantsRev", "HKVariantsRev"):
        for key, values in _dump(name):
            std = values[0]
            if len(key) == 1 and len(std) == 1 and key not in fold:
                target = fold.get(std, std)
                if target != key:
                    fold[key] = target
    for simp, trads in _dump("STCharacters"):
        if len(simp) != 1:
            continue
        for trad in trads:
            if len(trad) == 1 and trad != simp and trad not in fold:
                fold[trad] = simp
    # Close chains (a → b, b → c) so folding is idempotent: fold(fold(x)) == fold(x).
    for key in list(fold):
        seen = {key}
        value = fold[key]
        while value in fold and value not in seen:
            seen.add(value)
            value = fold[value]
        fold[key] = value
    return {k: v for k, v in sorted(fold.items()) if k != v}


def main() -> None:
    fold = build_map()
    OUT.write_text(
        json.dumps(fold, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
    )
    print(f"wrote {len(fold)} entries to {OUT}")


if __name__ == "__main__":
    main()
