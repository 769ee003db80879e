"""The benchmark's baseline: a plain Material build of the same generated Markdown.

Used by devtools.bench (`make site` against it) and devtools.bench_preview (`mkdocs serve`).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from reportsite.paths import NAV_FILE
from reportsite.script import Converter, traditional_markdown, traditional_nav


def prepare_plain(proj: Path, plain: Path, markdown: Path, converter: Converter) -> None:
    """The baseline's inputs: the hand-written pages and the generated Markdown (`markdown`,
    what `reportsite convert` writes), in both scripts, and a nav."""
    from mkdocs.utils import yaml_load

    from reportsite.nav import site_nav
    from reportsite.pipeline import HANT_VARIANT

    if plain.exists():
        shutil.rmtree(plain)
    hans, hant = plain / "docs-hans", plain / "docs-hant"
    shutil.copytree(proj / "docs", hans, ignore=shutil.ignore_patterns("reports"))
    shutil.copytree(markdown, hans / "reports")
    # A page written for the Traditional site (index.zh-Hant.md) stands in for its Simplified
    # twin there, as in our build, and is no page of the Simplified site.
    variants = {v: v.with_name(v.name.removesuffix(HANT_VARIANT) + ".md")
                for v in hans.rglob(f"*{HANT_VARIANT}")}  # fmt: skip
    for variant, twin in variants.items():
        dst = hant / twin.relative_to(hans)
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(variant, dst)
        variant.unlink()
    for src in hans.rglob("*"):
        dst = hant / src.relative_to(hans)
        if src.is_dir() or src in variants.values():
            continue
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.suffix == ".md":
            text = traditional_markdown(src.read_text(encoding="utf-8"), converter)
            dst.write_text(text, encoding="utf-8")
        else:
            shutil.copy2(src, dst)
    reports = yaml_load((hans / "reports" / NAV_FILE).read_text(encoding="utf-8"))
    nav = site_nav(list(reports))
    with open(proj / "mkdocs.yml", encoding="utf-8") as fh:
        site_name = str(yaml_load(fh)["site_name"])
    plan = {
        "hans": {"docs": str(hans), "nav": nav, "site_name": site_name, "language": "zh"},
        "hant": {"docs": str(hant), "nav": traditional_nav(nav, converter),
                 "site_name": converter.convert(site_name), "language": "zh-Hant"},
    }  # fmt: skip
    (plain / "plan.json").write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")


def plain_build(proj: Path, plain: Path) -> None:
    """Both scripts with Material alone (run in a child process: see `_run`)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config as mkdocs_config
    from mkdocs.utils import yaml_load

    with open(proj / "mkdocs.yml", encoding="utf-8") as fh:
        raw = yaml_load(fh)
    plan = json.loads((plain / "plan.json").read_text(encoding="utf-8"))
    # Our extra keys drive our overrides; Material's own `alternate` wants a list.
    extra = {k: v for k, v in raw.get("extra", {}).items() if k != "alternate"}
    plugins = {k: v for k, v in raw["plugins"].items() if not k.startswith("reportsite")}
    site = plain / "site"
    nav_only = plain / "overrides"
    (nav_only / "partials").mkdir(parents=True, exist_ok=True)
    partial = Path(raw["theme"]["custom_dir"]) / "partials" / "nav-item.html"
    shutil.copy2(proj / partial, nav_only / "partials" / "nav-item.html")
    for script, site_dir in (("hans", site), ("hant", site / "zh-Hant")):
        # Stock templates but for our nav partial: it sets how much nav each page carries
        # (under 报告 the report being read, not every report), so both builds render pages
        # of the same size; stock Material would expand every report on every report page.
        theme = dict(raw["theme"], custom_dir=str(nav_only))
        theme["language"] = plan[script]["language"]
        cfg = mkdocs_config(
            str(proj / "mkdocs.yml"), plugins=plugins, theme=theme, extra=extra, watch=[],
            strict=True,
            nav=plan[script]["nav"], docs_dir=plan[script]["docs"], site_dir=str(site_dir),
            site_name=plan[script]["site_name"],
        )  # fmt: skip
        cfg.plugins.on_startup(command="build", dirty=False)
        try:
            build(cfg)
        finally:
            cfg.plugins.on_shutdown()
