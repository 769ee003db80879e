"""MkDocs plugin ``reportsite``: the report pages, the nav, and the Traditional twin.

Both configs use it. ``mkdocs.yml`` (``script: hans``) builds the Simplified site; its
``on_post_build`` builds ``mkdocs.zh-Hant.yml`` (``script: hant``) into ``<site_dir>/zh-Hant``
so one ``mkdocs build`` or ``mkdocs serve`` produces both. Both sites come from
``reportsite.pipeline`` in memory: the Traditional build serves the pipeline's Traditional
pages (OpenCC plus the reviewed glossary, ``reportsite.script``) in place of docs/'s. Nothing
Traditional is ever written to docs/.

Every event is a few lines over library calls; the state of a build lives on this instance.
Warnings go to the ``mkdocs.plugins.reportsite`` logger so ``mkdocs build --strict`` fails on
them.
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build
from mkdocs.config import base, load_config
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents
from mkdocs.utils.templates import TemplateContext

from .config import load_config as load_pipeline_config
from .errors import ReportError
from .paths import GENERATED_DIR, NAV_FILE, TWIN_CONFIG
from .pipeline import HANT_VARIANT, PipelineResult, ScriptSite, run_pipeline
from .portal import keep_footer_in_reading, page_tools
from .previewcache import pipeline_memo
from .read import inputs_fingerprint, page_paths
from .render_catalogue import catalogue_order
from .safetext import head_titles, html_meta, html_nav, html_text, page_html_title
from .script import make_converter
from .settings import PipelineConfig
from .shard import Shard, report_shards
from .urls import Roots, alternates, not_found_paths, site_roots, twin_href
from .values import source_date_epoch

log = logging.getLogger("mkdocs.plugins.reportsite")

# Text of the switch shown on each site; the label is in the *target* script on purpose, so the
# leftover-Simplified test skips elements marked lang="zh-Hans".
SWITCH = {
    "hans": {"label": "繁體", "title": "切換到繁體中文", "lang": "zh-Hant"},
    "hant": {"label": "简体", "title": "切換到簡體中文", "lang": "zh-Hans"},
}
# Material's offline plugin adds iframe-worker from unpkg.com for search from file://; the
# bundle must make no request outside itself, so the same file (npm iframe-worker 1.0.4,
# MIT) ships in overrides/ and replaces the CDN address.
IFRAME_WORKER = "assets/javascripts/vendor/iframe-worker-shim-1.0.4.js"
# hant_dir and site_url end up in href attributes (the switch, hreflang links, Material's
# canonical link, which it prints as is): refused here rather than escaped in every template.
_URL_UNSAFE = re.compile(r"[\s\"'<>`\\]")


class ReportSiteConfig(base.Config):  # type: ignore[no-untyped-call]
    script = c.Choice(("hans", "hant"), default="hans")
    hant_dir = c.Type(str, default="zh-Hant/")
    # Relative to the folder of mkdocs.yml.
    seeds = c.Type(str, default="seeds")
    config = c.Type(str, default="config")
    glossary = c.Type(str, default="config/glossary.yml")
    # OpenCC base config; unset = the glossary's `config:` (s2tw, chosen by measurement).
    opencc_config = c.Optional(c.Type(str))
    # The Traditional twin's MkDocs config, built after the Simplified site (script: hans).
    twin_config = c.Type(str, default=TWIN_CONFIG)


class ReportSitePlugin(BasePlugin[ReportSiteConfig]):  # type: ignore[no-untyped-call]
    def __init__(self) -> None:
        self.roots: Roots | None = None
        self.site: ScriptSite | None = None  # what this build serves, from the pipeline
        self.files: Files | None = None  # this build's files, to release before the twin
        # The pipeline's result and the fingerprint of the inputs it came from; the twin is
        # handed the same object, so one `mkdocs build` runs the pipeline once.
        self.generated: tuple[tuple[Any, ...], PipelineConfig, PipelineResult] | None = None
        # False: the Simplified build leaves the twin to someone else (the preview builds it
        # in a second process at the same time, reportsite/previewtwin.py).
        self.with_twin = True
        # One shard of a sharded build (`reportsite build --shard`, reportsite/shard.py): the
        # shard, and each report's (by slug).
        self.shard: Shard | None = None
        self.shards: dict[str, int] = {}

    # ------------------------------------------------------------------ library calls

    def project(self, config: MkDocsConfig) -> Path:
        return Path(config.config_file_path or "mkdocs.yml").resolve().parent

    def generate(self, config: MkDocsConfig) -> PipelineResult:
        """run_pipeline for both scripts, again only when a seed, config file or hand-written
        page changed."""
        root = self.project(config)
        seeds, config_dir = root / self.config.seeds, root / self.config.config
        docs = Path(config.docs_dir)
        # The hand-written pages only: docs/reports/ (`make docs`) is output, not input.
        key = inputs_fingerprint([seeds, config_dir, *page_paths(docs, docs / GENERATED_DIR)])
        if self.generated is None or self.generated[0] != key:
            settings = load_pipeline_config(
                seeds, docs / GENERATED_DIR, config_dir,
                glossary=root / self.config.glossary, opencc_config=self.config.opencc_config,
                pages_dir=docs,
            )
            memo = pipeline_memo()
            before = memo.config_key if memo is not None else None
            result = run_pipeline(settings, write=False, memo=memo)
            if memo is not None and before and before != memo.config_key:
                log.info("The configuration changed: every report is converted and rendered "
                         "again")
            self.generated = (key, settings, result)
        return self.generated[2]

    def result(self, config: MkDocsConfig) -> PipelineResult:
        try:
            return self.generate(config)
        except ReportError as exc:
            raise PluginError(str(exc)) from None

    def _roots(self, config: MkDocsConfig) -> Roots:
        hant_dir = self.config.hant_dir.strip("/") + "/"
        site_url = config.site_url or ""
        for name, value in (("plugins.reportsite.hant_dir", hant_dir), ("site_url", site_url)):
            if _URL_UNSAFE.search(value):
                raise PluginError(f"{name} must be a URL without quotes, spaces, <, >, ` or \\: "
                                  f"{value!r}")
        roots, site_url = site_roots(self.config.script, hant_dir, site_url)
        config.site_url = site_url or None
        return roots

    # ------------------------------------------------------------------ events

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        _local_polyfills(config)
        self.roots = self._roots(config)
        try:
            # MkDocs reads it for every page's date: a bad one was a traceback mid-build.
            source_date_epoch(os.environ)
        except ReportError as exc:
            raise PluginError(str(exc)) from None
        result = self.result(config)
        self.site = result.scripts[self.config.script]
        if self.shard is not None:
            slugs = [r.meta.slug for r in catalogue_order(result.reports)]
            self.shards = report_shards(slugs, self.shard.count)
        if self.generated is not None and (self.config.script == "hant" or not self.with_twin):
            # The last build of this process (the twin, or a Simplified build whose twin is
            # built by another): the records and the other script's pages are let go before
            # MkDocs reads the pages.
            self.generated = (*self.generated[:2], result.only(self.config.script))
        if self.config.script == "hans":
            # Every build, cached result or not, so `mkdocs serve --strict` keeps failing.
            for warning in result.warnings:
                log.warning(str(warning))
        else:
            assert self.generated is not None
            settings = self.generated[1]
            convert = make_converter(settings.glossary, settings.opencc_config).convert
            config.site_name = convert(config.site_name)
            if config.site_description:
                config.site_description = convert(config.site_description)
        # Material prints the site name, description and nav labels as HTML: made HTML here,
        # once, after the conversion (safetext.py).
        config.nav = html_nav(self.site.nav)
        config.site_name = html_text(config.site_name)
        if config.site_description:
            config.site_description = html_text(config.site_description)
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Serve what the pipeline made: the generated pages instead of docs/reports/, and in
        the Traditional build the converted hand-written pages instead of docs/'s."""
        assert self.site is not None
        prefix = GENERATED_DIR + "/"
        replaced = set(self.site.pages) if self.config.script == "hant" else set()
        for file in list(files):
            # A page written for the Traditional site (x.zh-Hant.md) is not a page of either
            # build under its own name: the Traditional one serves it as x.md.
            variant = file.src_uri.endswith(HANT_VARIANT)
            if file.src_uri.startswith(prefix) or file.src_uri in replaced or variant:
                files.remove(file)
        for rel in sorted(replaced):
            files.append(File.generated(config, rel, content=self.site.pages[rel]))
        for rel, content in sorted(self.site.files.items()):
            if rel != NAV_FILE:
                files.append(File.generated(config, prefix + rel, content=content))
        self.files = files
        return files

    @event_priority(100)  # before the tags plugin (-50) reads page.meta["tags"]
    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        # Front matter is text (the pipeline's YAML); Material prints its title, description
        # and tags as HTML.
        page.meta = html_meta(page.meta)
        return markdown

    def on_page_context(self, context: TemplateContext, /, *, page: Page,
                        config: MkDocsConfig, nav: Navigation) -> TemplateContext:
        assert self.roots is not None
        page_html_title(page.meta, page.title)
        switch = dict(SWITCH[self.roots.script])
        switch["href"] = twin_href(page.url, self.roots.script, self.roots.hant_dir)
        context["rs_switch"] = switch  # type: ignore[typeddict-unknown-key]
        context["rs_alternates"] = alternates(  # type: ignore[typeddict-unknown-key]
            page.url, self.roots, config.use_directory_urls)
        # Reading tools (portal.py): public address and QR code, previous/next report; the
        # footer's 上一页/下一页 kept within the page's run of reading.
        keep_footer_in_reading(page)
        root = self.roots.hans_root if self.roots.script == "hans" else self.roots.hant_root
        context["rs_page"] = page_tools(  # type: ignore[typeddict-unknown-key]
            page, root, config.use_directory_urls)
        # <title> and Open Graph: the page, its report and the site (safetext.head_titles).
        context["rs_titles"] = head_titles(  # type: ignore[typeddict-unknown-key]
            page.meta, config.site_name)
        return context

    @event_priority(-100)  # after every other plugin's look at the page
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        # The page is written and the search index has it folded: MkDocs would hold its
        # HTML to the end of the build, every page's at once (issue 17: peak memory).
        page.content = None
        return output

    def on_env(self, env: Any, config: MkDocsConfig, files: Files) -> Any:
        # sitemap.xml is rendered without a page; give it the roots for xhtml:link alternates.
        assert self.roots is not None
        env.globals["rs_roots"] = {"hans": self.roots.hans_root, "hant": self.roots.hant_root,
                                   "script": self.roots.script}
        # The 404 page is rendered without a page: its switch goes to the other script's 404.
        paths = not_found_paths(self.roots, config.use_directory_urls)
        env.globals["rs_not_found"] = {**paths, "switch": {
            **SWITCH[self.roots.script], "href": paths["twin_404"]}}
        return env

    # After the search plugin wrote the Simplified index (-50) and before the offline plugin
    # inlines it (-100): the Simplified site is complete before its twin starts.
    @event_priority(-75)
    def on_post_build(self, config: MkDocsConfig) -> None:
        if self.config.script == "hans":
            release_pages(self.files)
            self.files = None
            if self.with_twin:
                build_twin(self, config)


def _local_polyfills(config: MkDocsConfig) -> None:
    polyfills = config.extra.get("polyfills")
    if polyfills:
        config.extra["polyfills"] = [
            IFRAME_WORKER if "iframe-worker" in str(url) and "://" in str(url) else url
            for url in polyfills
        ]


def release_pages(files: Files | None) -> None:
    """Drop the written pages' Markdown, HTML and outline: the twin is built while MkDocs
    still holds this build's pages, which would otherwise double the peak memory."""
    for file in files or ():
        page = file.page
        if page is not None:
            page.markdown = page.content = None
            page.toc = TableOfContents([])


def build_twin(plugin: ReportSitePlugin, config: MkDocsConfig, keep: bool = True) -> None:
    """Build mkdocs.zh-Hant.yml into <site_dir>/<hant_dir>, sharing what both builds use;
    without `keep`, `plugin` lets go of the pipeline's result (it builds nothing more)."""
    assert plugin.roots is not None
    overrides: dict[str, Any] = {
        "site_dir": os.path.join(config.site_dir, plugin.roots.hant_dir.rstrip("/")),
        "strict": config.strict,
        "use_directory_urls": config.use_directory_urls,
    }
    if config.site_url:
        overrides["site_url"] = plugin.roots.hant_root or None
    log.info("Building the Traditional site into %s", overrides["site_dir"])
    hant = load_config(str(plugin.project(config) / plugin.config.twin_config), **overrides)
    twin = hant.plugins.get("reportsite")
    if isinstance(twin, ReportSitePlugin):
        twin.generated = plugin.generated  # the same seeds: no second pipeline run
        twin.shard = plugin.shard
    if not keep:  # only the twin holds the pipeline's result now (what it needs: on_config)
        plugin.generated, plugin.site = None, None
    for name, own in config.plugins.items():
        other = hant.plugins.get(name)
        share = getattr(own, "share_with_twin", None)
        if other is not None and share is not None:
            share(other)
    run_build(hant)


def run_build(config: MkDocsConfig) -> None:
    """MkDocs' build of `config` as `mkdocs build` runs it: the plugins' startup and shutdown
    around it."""
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config, dirty=False)
    finally:
        config.plugins.on_shutdown()


def move_twin(plugin: ReportSitePlugin, aside: Path, site_dir: Path) -> None:
    """A twin built apart (`build_twin_alone` into `aside`) moved to where the Simplified
    build's own post-build would have put it: <site_dir>/<hant_dir>."""
    hant = plugin.config.hant_dir.strip("/")
    os.rename(aside / hant, site_dir / hant)


def build_twin_alone(config: MkDocsConfig) -> None:
    """The Traditional twin of the Simplified `config` (loaded, not built) into
    <site_dir>/<hant_dir>, as that build's on_post_build would make it. The twin runs the
    pipeline itself: nothing was generated here."""
    plugin = config.plugins.get("reportsite")
    if not isinstance(plugin, ReportSitePlugin):
        raise PluginError(f"{config.config_file_path}: the reportsite plugin is not enabled")
    plugin.roots = plugin._roots(config)
    build_twin(plugin, config, keep=False)
