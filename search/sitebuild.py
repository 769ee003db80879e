"""Build the report site for search tests and measurements (never touches ./site).

    python search/sitebuild.py OUT [--seeds DIR] [--offline] [--stock]

Builds the Simplified site into OUT and the Traditional twin into OUT/zh-Hant, both with the
n-gram search hook (search/hook.py) whether or not mkdocs.yml lists it yet, optionally with
Material's offline plugin (file:// bundle) or with stock Material search (--stock, for the
side-by-side comparison). Runs in its own process so hook module state, jieba and the
REPORTSITE_STOCK_SEARCH switch never leak between builds.

The twin is built once, by the glue hook (scripts/mkdocs_hooks.py) as in ``make site``: the
config it loads for the twin gets the same overrides (our hook, other seeds) here.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HOOK = "search/hook.py"


def _overrides(config_file: Path, out: Path, seeds: Path | None, offline: bool) -> dict[str, Any]:
    from mkdocs.utils import yaml_load

    with open(ROOT / "mkdocs.yml", encoding="utf-8") as fh:
        raw = yaml_load(fh)
    hooks = list(raw.get("hooks") or [])
    if HOOK not in hooks:
        hooks.append(HOOK)
    over: dict[str, Any] = {"site_dir": str(out), "hooks": hooks}
    if seeds is not None:
        with open(config_file, encoding="utf-8") as fh:
            own = yaml_load(fh)
        # Overriding `extra` replaces it whole, so redo INHERIT's deep merge by hand.
        extra = dict(raw.get("extra") or {})
        own_extra = dict(own.get("extra") or {})
        reportsite = {**(extra.get("reportsite") or {}), **(own_extra.pop("reportsite", {}))}
        extra.update(own_extra)
        reportsite["seeds"] = str(seeds)  # absolute: the glue hook joins it to the repo root
        extra["reportsite"] = reportsite
        over["extra"] = extra
    if offline:
        plugins = list(raw.get("plugins") or [])
        names = [p if isinstance(p, str) else next(iter(p)) for p in plugins]
        if "offline" not in names:
            plugins.append("offline")
        over["plugins"] = plugins
    return over


GLUE = "scripts/mkdocs_hooks.py"


def _build(config_file: Path, over: dict[str, Any], twin: dict[str, Any] | None = None) -> None:
    """Build ``config_file``; ``twin``: extra overrides for the twin the glue hook builds."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    cfg = load_config(str(config_file), **over)
    glue: Any = sys.modules.get(GLUE)  # MkDocs registers hook modules under their path
    inner = getattr(glue, "load_config", None)
    if twin and inner is not None:
        glue.load_config = lambda path, **kw: inner(path, **{**kw, **twin})
    cfg.plugins.on_startup(command="build", dirty=False)
    try:
        build(cfg)
    finally:
        cfg.plugins.on_shutdown()
        if inner is not None:
            glue.load_config = inner


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("out", type=Path)
    ap.add_argument("--seeds", type=Path)
    ap.add_argument("--offline", action="store_true")
    ap.add_argument("--stock", action="store_true")
    args = ap.parse_args(argv)
    # The search hook's one line per script (pages, reuse, seconds) goes to stderr.
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("mkdocs.hooks.ngram_search").setLevel(logging.INFO)
    if args.stock:
        os.environ["REPORTSITE_STOCK_SEARCH"] = "1"
    if args.offline:
        os.environ["REPORTSITE_OFFLINE"] = "true"  # mkdocs.yml: offline: enabled: !ENV …
    os.chdir(ROOT)
    out: Path = args.out.resolve()
    if out.exists():
        shutil.rmtree(out)
    seeds = args.seeds.resolve() if args.seeds else None
    # Simplified first: its post-build hook builds the twin into OUT/zh-Hant with the
    # twin's own config plus these overrides (the glue hook sets site_dir and URLs).
    hant = ROOT / "mkdocs.zh-Hant.yml"
    twin = _overrides(hant, out / "zh-Hant", seeds, args.offline)
    del twin["site_dir"]
    _build(ROOT / "mkdocs.yml", _overrides(ROOT / "mkdocs.yml", out, seeds, args.offline), twin)
    if hant.exists() and not (out / "zh-Hant" / "index.html").exists():
        raise RuntimeError("the glue hook did not build the Traditional twin")


def build_site(
    out: Path, *, seeds: Path | None = None, offline: bool = False, stock: bool = False
) -> None:
    """Run the build in a fresh interpreter (see module docstring)."""
    cmd = [sys.executable, str(Path(__file__).resolve()), str(out)]
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

    The site builds its report pages from seeds in memory (scripts/mkdocs_hooks.py), so
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
