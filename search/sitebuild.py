"""Build the report site for search tests and measurements (never touches ./site).

    python search/sitebuild.py OUT [--docs DIR] [--offline] [--stock]

Builds the Simplified site into OUT and the Traditional twin into OUT/zh-Hant, both with the
n-gram search hook (search/hook.py) whether or not mkdocs.yml lists it yet, optionally with
Material's offline plugin (file:// bundle) or with stock Material search (--stock, for the
side-by-side comparison). Runs in its own process so hook module state, jieba and the
REPORTSITE_STOCK_SEARCH switch never leak between builds.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HOOK = "search/hook.py"


def _overrides(config_file: Path, out: Path, docs: Path | None, offline: bool) -> dict[str, Any]:
    from mkdocs.utils import yaml_load

    with open(ROOT / "mkdocs.yml", encoding="utf-8") as fh:
        raw = yaml_load(fh)
    hooks = list(raw.get("hooks") or [])
    if HOOK not in hooks:
        hooks.append(HOOK)
    over: dict[str, Any] = {"site_dir": str(out), "hooks": hooks}
    if docs is not None:
        over["docs_dir"] = str(docs)
    if offline:
        plugins = list(raw.get("plugins") or [])
        names = [p if isinstance(p, str) else next(iter(p)) for p in plugins]
        if "offline" not in names:
            plugins.append("offline")
        over["plugins"] = plugins
    return over


def _build(config_file: Path, over: dict[str, Any]) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    cfg = load_config(str(config_file), **over)
    cfg.plugins.on_startup(command="build", dirty=False)
    try:
        build(cfg)
    finally:
        cfg.plugins.on_shutdown()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("out", type=Path)
    ap.add_argument("--docs", type=Path)
    ap.add_argument("--offline", action="store_true")
    ap.add_argument("--stock", action="store_true")
    args = ap.parse_args(argv)
    if args.stock:
        os.environ["REPORTSITE_STOCK_SEARCH"] = "1"
    os.chdir(ROOT)
    out: Path = args.out.resolve()
    if out.exists():
        shutil.rmtree(out)
    # Simplified first: its post-build hook builds a twin into OUT/zh-Hant (without our hook
    # unless mkdocs.yml lists it); we then rebuild the twin with the same overrides.
    _build(ROOT / "mkdocs.yml", _overrides(ROOT / "mkdocs.yml", out, args.docs, args.offline))
    hant = ROOT / "mkdocs.zh-Hant.yml"
    if hant.exists():
        _build(hant, _overrides(hant, out / "zh-Hant", args.docs, args.offline))


def build_site(
    out: Path, *, docs: Path | None = None, offline: bool = False, stock: bool = False
) -> None:
    """Run the build in a fresh interpreter (see module docstring)."""
    cmd = [sys.executable, str(Path(__file__).resolve()), str(out)]
    if docs is not None:
        cmd += ["--docs", str(docs)]
    if offline:
        cmd.append("--offline")
    if stock:
        cmd.append("--stock")
    env = {k: v for k, v in os.environ.items() if k != "REPORTSITE_STOCK_SEARCH"}
    res = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8")
    if res.returncode != 0:
        raise RuntimeError(f"site build failed:\n{res.stdout}\n{res.stderr}")


_DIGITS = re.compile(r"\d+")


def synthesise(src: Path, dst: Path, copies: int) -> int:
    """Copy the docs tree with every report repeated ``copies`` times (numbers and titles changed).

    Copy k of report ``slug`` lives in ``reports/slug-k``; its numbers are shifted by k (so
    numeric queries hit some copies, not all) and its titles gain "（第k辑）". The nav file is
    extended the same way. Returns the number of Markdown pages written.
    """
    import yaml
    from mkdocs.utils import yaml_load

    if dst.exists():
        shutil.rmtree(dst)
    shutil.copytree(src, dst)
    reports = dst / "reports"
    slugs = sorted(p.name for p in reports.iterdir() if p.is_dir())
    nav_file = reports / ".nav.yml"
    nav_text = nav_file.read_text(encoding="utf-8") if nav_file.exists() else ""
    nav = yaml_load(nav_text) if nav_text else []

    def relabel(node: Any, slug: str, k: int) -> Any:
        if isinstance(node, str):
            return node.replace(f"reports/{slug}/", f"reports/{slug}-{k}/")
        if isinstance(node, list):
            return [relabel(n, slug, k) for n in node]
        if isinstance(node, dict):
            return {f"{key}（第{k}辑）": relabel(v, slug, k) for key, v in node.items()}
        return node

    new_nav = list(nav)
    for k in range(1, copies):
        for slug in slugs:
            for md in (reports / slug).rglob("*.md"):
                target = reports / f"{slug}-{k}" / md.relative_to(reports / slug)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(_vary(md.read_text(encoding="utf-8"), k), encoding="utf-8")
            for entry in nav:
                if f"reports/{slug}/" in yaml.safe_dump(entry, allow_unicode=True):
                    new_nav.append(relabel(entry, slug, k))
    nav_file.write_text(
        yaml.safe_dump(new_nav, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return sum(1 for _ in dst.rglob("*.md"))


def _vary(text: str, k: int) -> str:
    head, sep, body = text.partition("\n---\n") if text.startswith("---") else ("", "", text)
    head = re.sub(
        r"^(title: )(.*)$", lambda m: f"{m.group(1)}{_title(m.group(2), k)}", head, flags=re.M
    )
    body = re.sub(
        r"^(# )(.*)$", lambda m: f"{m.group(1)}{m.group(2)}（第{k}辑）", body, count=1, flags=re.M
    )
    body = _DIGITS.sub(lambda m: str(int(m.group()) + k) if len(m.group()) < 9 else m.group(), body)
    return head + sep + body


def _title(value: str, k: int) -> str:
    quote = value[:1] if value[:1] in "'\"" else ""
    inner = value[1:-1] if quote else value
    return f"{quote}{inner}（第{k}辑）{quote}"


if __name__ == "__main__":
    main()
