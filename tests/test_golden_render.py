"""Golden cases for rendering: tests/golden/render/*.yml.

The Markdown we write is rendered with Python-Markdown and the extensions of
mkdocs.yml, and must show the report's text exactly as written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml

from helpers import ROOT, golden_cases
from reportsite.render import render_inline


def site_extensions() -> list[Any]:
    """The markdown_extensions of mkdocs.yml (names and options)."""

    class Loader(yaml.SafeLoader):
        pass

    for prefix in ("!", "tag:yaml.org,2002:python/"):
        Loader.add_multi_constructor(prefix, lambda loader, suffix, node: None)
    config = yaml.load(Path(ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    names: list[Any] = []
    configs: dict[str, Any] = {}
    for item in config.get("markdown_extensions", []):
        if isinstance(item, dict):
            ((name, opts),) = item.items()
            names.append(name)
            if opts:
                configs[name] = {k: v for k, v in opts.items() if v is not None}
        else:
            names.append(item)
    return [names, configs]


def to_html(md_text: str) -> str:
    names, configs = site_extensions()
    return markdown.markdown(md_text, extensions=names, extension_configs=configs)


def _cases() -> list[Any]:
    out = []
    for param in golden_cases("render"):
        (case,) = param.values
        for i, sub in enumerate(case.get("cases", [case])):
            out.append(pytest.param(sub, id=f"{param.id}-{i}"))
    return out


@pytest.mark.parametrize("case", _cases())
def test_render_golden(case: dict[str, Any]) -> None:
    md_text = render_inline(case["input"])
    if "markdown" in case:
        assert md_text == case["markdown"]
    assert to_html(md_text) == case["html"]
