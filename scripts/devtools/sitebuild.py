"""Build the report site for search tests and measurements (never touches ./site).

    python -m devtools.sitebuild OUT [--seeds DIR] [--offline] [--stock]

Builds the Simplified site into OUT and the Traditional twin into OUT/zh-Hant, optionally
from other seeds, with Material's offline plugin (file:// bundle) or with stock Material
search (--stock, for the side-by-side comparison). Runs in its own process so jieba and the
REPORTSITE_STOCK_SEARCH switch never leak between builds.

The twin is built once, by the reportsite plugin as in ``make site``. Other seeds are given
to both builds by two throwaway configs beside mkdocs.yml that inherit from the real ones
and set the plugin's ``seeds`` (and the Simplified one's ``twin_config``).

Beside OUT (not in it), ``OUT.search-excluded.json`` lists the pages whose front matter says
``search: {exclude: true}``, as MkDocs read it: the search tests' ground truth
(``devtools.truth``) leaves them out, whatever the search plugin does with them.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent.parent


def _configs(seeds: Path) -> tuple[Path, Path]:
    """mkdocs.yml and mkdocs.zh-Hant.yml, each with the plugin reading ``seeds``."""
    import yaml

    tag = f".sitebuild-{os.getpid()}"
    hans, hant = ROOT / f"{tag}.yml", ROOT / f"{tag}.zh-Hant.yml"
    for path, parent, options in (
        (hans, "mkdocs.yml", {"seeds": str(seeds), "twin_config": hant.name}),
        (hant, "mkdocs.zh-Hant.yml", {"seeds": str(seeds)}),
    ):
        body = {"INHERIT": parent, "plugins": {"reportsite": options}}
        path.write_text(yaml.safe_dump(body, allow_unicode=True), encoding="utf-8")
    return hans, hant


def excluded_file(out: Path) -> Path:
    """Where the build of ``out`` lists its pages excluded from search (module docstring)."""
    return out.with_name(out.name + ".search-excluded.json")


def _build(config_file: Path, out: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.plugins import BasePlugin

    from reportsite.search.pages import excluded

    class Excluded(BasePlugin):
        """Records the built path of every page its front matter excludes from search."""

        def __init__(self) -> None:
            super().__init__()
            self.paths: list[str] = []

        def on_page_markdown(self, markdown: str, page: Any, **kwargs: Any) -> str:
            if excluded(page.meta):  # the index's own test
                self.paths.append(page.file.dest_uri)
            return markdown

    cfg = load_config(str(config_file), site_dir=str(out))
    # The Traditional twin has the same pages at the same paths: one list serves both.
    cfg.plugins["devtools-search-excluded"] = recorder = Excluded()
    cfg.plugins.on_startup(command="build", dirty=False)
    try:
        build(cfg)
    finally:
        cfg.plugins.on_shutdown()
    excluded_file(out).write_text(json.dumps(sorted(recorder.paths)), encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("out", type=Path)
    ap.add_argument("--seeds", type=Path)
    ap.add_argument("--offline", action="store_true")
    ap.add_argument("--stock", action="store_true")
    args = ap.parse_args(argv)
    # The search plugin's one line per script (pages, reuse, seconds) goes to stderr.
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("mkdocs.plugins.reportsite.search").setLevel(logging.INFO)
    if args.stock:
        os.environ["REPORTSITE_STOCK_SEARCH"] = "1"
    if args.offline:
        os.environ["REPORTSITE_OFFLINE"] = "true"  # mkdocs.yml: offline: enabled: !ENV …
    os.chdir(ROOT)
    out: Path = args.out.resolve()
    if out.exists():
        shutil.rmtree(out)
    made: tuple[Path, ...] = ()
    try:
        if args.seeds:
            made = _configs(args.seeds.resolve())
        _build(made[0] if made else ROOT / "mkdocs.yml", out)
    finally:
        for path in made:
            path.unlink(missing_ok=True)
    if not (out / "zh-Hant" / "index.html").exists():
        raise RuntimeError("the reportsite plugin did not build the Traditional twin")


def build_site(
    out: Path, *, seeds: Path | None = None, offline: bool = False, stock: bool = False
) -> None:
    """Run the build in a fresh interpreter (see module docstring)."""
    cmd = [sys.executable, "-m", "devtools.sitebuild", str(out)]
    if seeds is not None:
        cmd += ["--seeds", str(seeds)]
    if offline:
        cmd.append("--offline")
    if stock:
        cmd.append("--stock")
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("REPORTSITE_STOCK_SEARCH", "REPORTSITE_OFFLINE")
    }
    res = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8")
    if res.returncode != 0:
        raise RuntimeError(f"site build failed:\n{res.stdout}\n{res.stderr}")


# Dates and times stay as they are (a shifted month or day may be no date at all, which the
# converter refuses); the alternation matches them first so the numbers inside are skipped.
_DIGITS = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}:\d{2}(?::\d{2})?|(\d+)")


def synthesise(src: Path, dst: Path, copies: int) -> int:
    """Write a seeds directory holding every seed report ``copies`` times (for 100x tests).

    The site builds its report pages from seeds in memory (the reportsite plugin), so
    the copies are made at the seed level: copy k of a seed gets slug ``<slug>-k``, a title
    ending in "（第k辑）" and every number shifted by k (so a numeric query hits some copies,
    not all). Returns the number of seed files written.
    """
    import yaml

    if dst.exists():
        shutil.rmtree(dst)
    dst.mkdir(parents=True)
    meta_file = src / "metadata.yml"
    meta: dict[str, Any] = {}
    if meta_file.exists():
        meta = yaml.safe_load(meta_file.read_text(encoding="utf-8")) or {}
    out_meta: dict[str, Any] = {}
    count = 0
    for seed in sorted(src.glob("*.txt")):
        text = seed.read_text(encoding="utf-8")
        entry = dict(meta.get(seed.name) or {})
        slug = entry.get("slug") or re.sub(r"[^a-z0-9]+", "-", seed.stem.lower()).strip("-")
        title = entry.get("title") or next(line for line in text.splitlines() if line.strip())
        for k in range(copies):
            name = seed.name if k == 0 else f"{seed.stem}_c{k}.txt"
            body = text if k == 0 else _vary(text, k)
            (dst / name).write_text(body, encoding="utf-8")
            copy = dict(entry)
            if k:
                copy.update(slug=f"{slug}-{k}", title=f"{title.strip()}（第{k}辑）")
            out_meta[name] = copy
            count += 1
    (dst / "metadata.yml").write_text(
        yaml.safe_dump(out_meta, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return count


def _vary(text: str, k: int) -> str:
    def shift(m: re.Match[str]) -> str:
        number = m[1]
        return str(int(number) + k) if number and len(number) < 9 else m[0]

    return _DIGITS.sub(shift, text)


if __name__ == "__main__":
    main()
