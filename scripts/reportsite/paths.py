"""File and folder names shared by the pipeline, the plugins and the commands."""

from __future__ import annotations

# Below docs/: the pages generated from the seeds (in memory during a build; `reportsite
# convert` writes them there for anyone who wants to read the Markdown).
GENERATED_DIR = "reports"
# The generated nav, written for readers of docs/; every output of the converter has it.
NAV_FILE = ".nav.yml"
# Per report: the normalisation record, as a page and as a table.
RECORD_PAGE = "changes.md"
RECORD_TSV = "changes.tsv"
# The Traditional twin's MkDocs config, beside the Simplified one.
TWIN_CONFIG = "mkdocs.zh-Hant.yml"
# Per report: the seed as received, shown with its line numbers (render_original.py).
ORIGINAL_PAGE = "original.md"
