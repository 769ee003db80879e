"""The preview's second process: the Traditional twin, built while the server builds the
Simplified site.

`make site` builds the twin after the Simplified site, in the same process; the preview
builds both at once, one per process, which took a rebuild from about 0.9 s to 0.55 s (two
idle cores) and gives the preview twice the share of a busy machine. The outputs are the
same bytes (the twin's search postings, computed here rather than reused from the
Simplified build, are equal: they are cached by a digest of what they depend on), which
tests/test_serve.py checks file by file against `reportsite build`.

The worker (`python -m reportsite.previewtwin`) reads one job per line on stdin (JSON: the
MkDocs config file and a folder), builds the twin into <folder>/zh-Hant with the preview's
caches, and answers one line on its own copy of stdout: the warning and error lines, none if
it succeeded. It prints nothing itself: the server prints what it did not print already, so
a bad seed, which fails both builds, is still one line. It exits when stdin closes, so it
never outlives the server.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import IO, Any

from .preview import PreviewFailed, build_twin_site
from .previewcache import install_caches

log = logging.getLogger("mkdocs.reportsite.preview")


class TwinWorker:
    """The server's end: start the worker, hand it a job, wait for its answer."""

    def __init__(self) -> None:
        self.proc: subprocess.Popen[str] | None = None

    def _start(self) -> subprocess.Popen[str]:
        if self.proc is None or self.proc.poll() is not None:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "reportsite.previewtwin"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding="utf-8",
            )  # fmt: skip
        return self.proc

    def submit(self, config_file: Path, folder: Path) -> None:
        proc = self._start()
        assert proc.stdin is not None
        try:
            proc.stdin.write(json.dumps({"config": str(config_file), "folder": str(folder)}) + "\n")
            proc.stdin.flush()
        except OSError:  # it died since: answer() says so
            pass

    def answer(self) -> list[tuple[int, str]]:
        """What failed in the job submitted last (empty: built)."""
        assert self.proc is not None and self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            self.proc.wait()
            return [(logging.ERROR, "the Traditional build process stopped "
                                    f"(exit status {self.proc.returncode}); it is started again")]
        return [(int(level), str(message)) for level, message in json.loads(line)]

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            assert self.proc.stdin is not None
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def serve_jobs(jobs: IO[str], answers: IO[str]) -> None:
    install_caches()
    for line in jobs:
        job: dict[str, Any] = json.loads(line)
        try:
            build_twin_site(Path(job["config"]), Path(job["folder"]))
            failed: list[tuple[int, str]] = []
        except PreviewFailed as exc:
            failed = exc.lines
        except Exception as exc:  # a bug: its traceback goes to the server's terminal
            log.exception("the Traditional build failed")
            failed = [(logging.ERROR, f"internal error in the Traditional build: {exc!r}")]
        answers.write(json.dumps(failed, ensure_ascii=False) + "\n")
        answers.flush()


def main() -> None:
    # Answers on a private copy of stdout; anything a library prints goes to stderr.
    answers = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    # Records are collected and sent to the server (previewcache.warnings_logged); only a traceback
    # of a bug is printed here, by a handler of its own.
    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.INFO)
    logger.propagate = False
    logger.addHandler(logging.NullHandler())
    bugs = logging.StreamHandler(sys.stderr)
    bugs.addFilter(lambda record: record.exc_info is not None)
    logger.addHandler(bugs)
    try:
        serve_jobs(sys.stdin, answers)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
