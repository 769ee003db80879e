"""MkDocs glue for the report site: nav from the generated .nav.yml, and the Traditional twin.

Both configs load this file.  ``mkdocs.yml`` (``extra.reportsite.script: hans``) builds the
Simplified site; its ``on_post_build`` builds ``mkdocs.zh-Hant.yml`` (``script: hant``) into
``<site_dir>/zh-Hant`` so one ``mkdocs build`` or ``mkdocs serve`` produces both.  The Traditional
build reads the same docs/ and converts every page in memory with reportsite.script (OpenCC
plus the reviewed glossary); nothing Traditional is ever written to docs/.

Warnings go to the ``mkdocs.plugins.reportsite`` logger so ``mkdocs build --strict`` fails on them.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

# The hooks file is loaded by path, so make `reportsite` importable from scripts/.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from reportsite.config import load_config as load_pipeline_config
from reportsite.errors import ReportError
from reportsite.pipeline import NAV_FILE as GENERATED_NAV
from reportsite.pipeline import PipelineResult, run_pipeline
from reportsite.safetext import html_meta, html_nav, html_text, page_html_title
from reportsite.script import (
    Converter,
    GlossaryError,
    convert_markdown,
    convert_nav,
    load_glossary,
    make_converter,
)
from reportsite.values import source_date_epoch

log = logging.getLogger("mkdocs.plugins.reportsite")

LANG = {"hans": "zh-Hans", "hant": "zh-Hant"}
# Text of the switch shown on each site; the label is in the *target* script on purpose, so the
# leftover-Simplified test skips elements marked lang="zh-Hans".
SWITCH = {
    "hans": {"label": "繁體", "title": "切換到繁體中文", "lang": "zh-Hant"},
    "hant": {"label": "简体", "title": "切換到簡體中文", "lang": "zh-Hans"},
}
HOME_LABEL = "首页"
TAGS_LABEL = "标签"


@dataclass(frozen=True)
class Settings:
    script: str  # "hans" or "hant"
    hant_dir: str  # Traditional site relative to the Simplified one, with trailing slash
    hans_root: str  # absolute URL of the Simplified site root ("" when site_url is unset)
    hant_root: str
    glossary: str
    opencc_config: str | None


_settings: Settings | None = None
_converter: Converter | None = None
_root = Path(__file__).resolve().parent.parent


_URL_UNSAFE = re.compile(r"[\s\"'<>`\\]")


def _read_settings(config: MkDocsConfig) -> Settings:
    extra: dict[str, Any] = dict(config.extra.get("reportsite") or {})
    script = str(extra.get("script", "hans"))
    if script not in LANG:
        raise PluginError(f"extra.reportsite.script must be hans or hant, not {script!r}")
    hant_dir = str(extra.get("hant_dir", "zh-Hant/")).strip("/") + "/"
    site_url = config.site_url or ""
    # Both end up in href attributes (the switch, hreflang links, Material's canonical link,
    # which it prints as is): refused here rather than escaped in every template.
    for name, value in (("extra.reportsite.hant_dir", hant_dir), ("site_url", site_url)):
        if _URL_UNSAFE.search(value):
            raise PluginError(f"{name} must be a URL without quotes, spaces, <, >, ` or \\: "
                              f"{value!r}")
    if site_url and not site_url.endswith("/"):
        site_url += "/"
    if script == "hant":
        hans_root = site_url.removesuffix(hant_dir) if site_url else ""
        if site_url and not site_url.endswith(hant_dir):
            # Built on its own with the inherited site_url: the Traditional site lives below it.
            hans_root, site_url = site_url, site_url + hant_dir
        config.site_url = site_url or None
    else:
        hans_root = site_url
    hant_root = hans_root + hant_dir if hans_root else ""
    glossary = str(_root / str(extra.get("glossary", "config/glossary.yml")))
    opencc_config = extra.get("opencc_config")
    return Settings(script, hant_dir, hans_root, hant_root, glossary,
                    str(opencc_config) if opencc_config else None)


# The pages generated from seeds/ live in memory under docs/<GENERATED_DIR>/: the build never
# writes them, so `mkdocs serve` sees one change per edit and rebuilds once. (`make site` also
# writes them to docs/reports/ for reading; on disk or not, the build uses these.)
GENERATED_DIR = "reports"
_cache: dict[str, Any] = {}


def _inputs_fingerprint(paths: list[Path]) -> tuple[Any, ...]:
    """Names, sizes and mtimes of every file under `paths`: changes when an editor saves."""
    stamp = []
    for base in paths:
        for path in sorted(base.rglob("*")) if base.is_dir() else [base]:
            if path.is_file():
                st = path.stat()
                stamp.append((str(path), st.st_size, st.st_mtime_ns))
    return tuple(stamp)


def generated(config: MkDocsConfig) -> PipelineResult:
    """run_pipeline over seeds/ (cached while no seed or config file changes)."""
    extra: dict[str, Any] = dict(config.extra.get("reportsite") or {})
    seeds = _root / str(extra.get("seeds", "seeds"))
    config_dir = _root / str(extra.get("config", "config"))
    key = _inputs_fingerprint([seeds, config_dir])
    if _cache.get("key") != key:
        out = Path(config.docs_dir) / GENERATED_DIR
        try:
            fresh = run_pipeline(load_pipeline_config(seeds, out, config_dir), write=False)
        except ReportError as exc:
            raise PluginError(str(exc)) from None
        _cache.update(key=key, result=fresh)
    result: PipelineResult = _cache["result"]
    return result


# Material's offline plugin adds iframe-worker from unpkg.com for search from file://; the
# bundle must make no request outside itself, so the same file (npm iframe-worker 1.0.4,
# MIT) ships in overrides/ and replaces the CDN address.
IFRAME_WORKER = "assets/javascripts/vendor/iframe-worker-shim-1.0.4.js"


def _local_polyfills(config: MkDocsConfig) -> None:
    polyfills = config.extra.get("polyfills")
    if polyfills:
        config.extra["polyfills"] = [
            IFRAME_WORKER if "iframe-worker" in str(url) and "://" in str(url) else url
            for url in polyfills
        ]


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _settings, _converter
    _local_polyfills(config)
    _settings = settings = _read_settings(config)
    try:
        # MkDocs reads it for every page's date: a bad one was a traceback mid-build.
        source_date_epoch(os.environ)
    except ReportError as exc:
        raise PluginError(str(exc)) from None
    # The glossary is checked by both builds, so a broken one stops the Simplified build
    # before it touches site/, with one line naming the file and line.
    try:
        glossary = load_glossary(settings.glossary)
    except GlossaryError as exc:
        raise PluginError(str(exc)) from None
    result = generated(config)
    nav: list[Any] = [{HOME_LABEL: "index.md"}, *result.nav, {TAGS_LABEL: "tags.md"}]
    if settings.script == "hans":
        # Every build, cached result or not, so `mkdocs serve --strict` keeps failing on them.
        for warning in result.warnings:
            log.warning(str(warning))
    if settings.script == "hant":
        _converter = make_converter(glossary, settings.opencc_config)
        nav = convert_nav(nav, _converter)
        config.site_name = _converter.convert(config.site_name)
        if config.site_description:
            config.site_description = _converter.convert(config.site_description)
    else:
        _converter = None
    # Material prints the site name, description and nav labels as HTML: made HTML here, once,
    # after the conversion (safetext.py).
    config.nav = html_nav(nav)
    config.site_name = html_text(config.site_name)
    if config.site_description:
        config.site_description = html_text(config.site_description)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Swap docs/reports/ for the pages generated in memory from the seeds."""
    result = generated(config)
    prefix = GENERATED_DIR + "/"
    for file in list(files):
        if file.src_uri.startswith(prefix):
            files.remove(file)
    for rel, content in sorted(result.files.items()):
        if rel != GENERATED_NAV:
            files.append(File.generated(config, prefix + rel, content=content))
    return files


def on_page_read_source(page: Page, config: MkDocsConfig) -> str | None:
    if _converter is None:
        return None  # Simplified: MkDocs reads the file itself
    source = page.file.content_string
    return convert_markdown(source, _converter)


@event_priority(100)  # before the tags plugin (-50) reads page.meta["tags"]
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    # Front matter is text (the pipeline's YAML); Material prints its title, description and
    # tags as HTML.
    page.meta = html_meta(page.meta)
    return markdown


def twin_href(page_url: str, script: str, hant_dir: str) -> str:
    """Relative link from a page to the same page in the other script.

    Works with and without directory URLs (``reports/a/`` or ``reports/a.html``), so the
    switch also works from file:// where the offline build uses ``use_directory_urls: false``.
    """
    directory = page_url.rpartition("/")[0]
    up = "../" * (len([p for p in directory.split("/") if p]))
    if script == "hans":
        return f"{up}{hant_dir}{page_url}"
    return f"{up}{'../' * hant_dir.count('/')}{page_url}"


def alternates(page_url: str, settings: Settings, use_directory_urls: bool) -> list[dict[str, str]]:
    """hreflang alternates for a page: both scripts and x-default (the Simplified page).

    Absolute (site_url based) for a served site, as search engines want; relative for a
    file:// build (no directory URLs), because there is no host to point at and Material's
    JavaScript fetches sitemap.xml next to every alternate, which must stay local.
    """
    if use_directory_urls and settings.hans_root:
        hans, hant = settings.hans_root + page_url, settings.hant_root + page_url
    else:
        own = page_url.rpartition("/")[2] or "./"
        twin = twin_href(page_url, settings.script, settings.hant_dir)
        hans, hant = (own, twin) if settings.script == "hans" else (twin, own)
    return [{"lang": "zh-Hans", "href": hans}, {"lang": "zh-Hant", "href": hant},
            {"lang": "x-default", "href": hans}]


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig,
                    nav: Any) -> dict[str, Any]:
    assert _settings is not None
    page_html_title(page.meta, page.title)
    switch = dict(SWITCH[_settings.script])
    switch["href"] = twin_href(page.url, _settings.script, _settings.hant_dir)
    context["rs_switch"] = switch
    context["rs_alternates"] = alternates(page.url, _settings, config.use_directory_urls)
    return context


def on_env(env: Any, config: MkDocsConfig, files: Files) -> Any:
    # sitemap.xml is rendered without a page; give it the roots for xhtml:link alternates.
    assert _settings is not None
    env.globals["rs_roots"] = {"hans": _settings.hans_root, "hant": _settings.hant_root,
                               "script": _settings.script}
    return env


# After the search hook wrote the Simplified index (-50) and before the offline plugin
# inlines it (-100): the Simplified site is complete before its twin starts. (Hook modules
# are loaded once and shared by both builds; the search hook keys its state by site_dir.)
@event_priority(-75)
def on_post_build(config: MkDocsConfig) -> None:
    assert _settings is not None
    if _settings.script != "hans":
        return
    settings = _settings
    hant_file = _root / "mkdocs.zh-Hant.yml"
    overrides: dict[str, Any] = {
        "site_dir": os.path.join(config.site_dir, settings.hant_dir.rstrip("/")),
        "strict": config.strict,
        "use_directory_urls": config.use_directory_urls,
    }
    if config.site_url:
        overrides["site_url"] = settings.hant_root or None
    log.info("Building the Traditional site into %s", overrides["site_dir"])
    hant = load_config(str(hant_file), **overrides)
    # Building the twin re-enters this same module's hooks with script "hant": module globals
    # (_settings, _converter) now hold the twin's; on_config resets them for the next build.
    hant.plugins.on_startup(command="build", dirty=False)
    try:
        build(hant)
    finally:
        hant.plugins.on_shutdown()
