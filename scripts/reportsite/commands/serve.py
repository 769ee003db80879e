"""`reportsite serve [--config-file F] [--dev-addr HOST:PORT]`: the editors' live preview.

What `make serve` runs. Both scripts are built as `make site` builds them
(reportsite.preview) into a private folder, served with live reload by
reportsite.previewserver, and rebuilt once per save of a seed, seeds/metadata.yml, config/,
docs/, the overrides or either MkDocs config. A failed rebuild prints its one line and
shows it in every open tab over the last good build until the file is fixed.
"""

from __future__ import annotations

import argparse
import itertools
import logging
import shutil
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Any

from ..plugin import move_twin
from ..preview import Inputs, PreviewFailed, build_site, scratch_root, watched
from ..previewcache import install_caches
from ..previewserver import PreviewServer, PreviewState
from ..previewtwin import TwinWorker

log = logging.getLogger("mkdocs.reportsite.preview")

# After the first change of a save, wait until the files are quiet this long: an editor's
# save is several events (truncate, write, close; or write aside, rename) within
# milliseconds, and one save must be one rebuild.
QUIET_SECONDS = 0.05
# Only what changes a file's content or existence; a build reading the seeds (open, close
# without writing) must not trigger the next build.
EVENTS = {"created", "modified", "moved", "deleted", "closed"}


class Changes:
    """Files saved among the inputs, gathered until the builder takes them."""

    def __init__(self, inputs: Inputs) -> None:
        self.inputs = inputs
        self.cond = threading.Condition()
        self.changed: set[str] = set()
        self.last = 0.0

    def on_any_event(self, event: Any) -> None:
        if event.is_directory or event.event_type not in EVENTS:
            return
        names = [n for n in (event.src_path, getattr(event, "dest_path", "")) if n]
        names = [str(n, "utf-8", "replace") if isinstance(n, bytes) else n for n in names]
        hits = [n for n in names if self.inputs.holds(Path(n))]
        if hits:
            with self.cond:
                self.changed.update(hits)
                self.last = time.monotonic()
                self.cond.notify_all()

    def take(self) -> set[str]:
        """Block until something changed and the files are quiet; what changed."""
        with self.cond:
            self.cond.wait_for(lambda: bool(self.changed))
            while (quiet := self.last + QUIET_SECONDS - time.monotonic()) > 0:
                self.cond.wait(quiet)
            changed, self.changed = self.changed, set()
            return changed


def start_watching(changes: Changes) -> Any:
    """inotify (or the platform's own) observer: an event arrives within milliseconds, where
    MkDocs' half-second polling took 0.25 s on average before a rebuild could start. Polling
    where the native one cannot start (e.g. no inotify watches left)."""
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer
    from watchdog.observers.polling import PollingObserver

    handler = FileSystemEventHandler()
    handler.on_any_event = changes.on_any_event  # type: ignore[method-assign]
    for make in (Observer, lambda: PollingObserver(timeout=0.25)):
        observer = make()
        try:
            for path in changes.inputs.paths:
                if path.is_dir():
                    observer.schedule(handler, str(path), recursive=True)
            # Single files (mkdocs.yml): their folder, not recursively; holds() filters.
            for folder in {p.parent for p in changes.inputs.paths if not p.is_dir()}:
                observer.schedule(handler, str(folder), recursive=False)
            observer.start()
            return observer
        except OSError as exc:
            log.warning("file watching: %s; polling instead", exc)
    raise RuntimeError("unreachable")


def rebuild(config_file: Path, scratch: Path, state: PreviewState, twin: TwinWorker,
            number: int) -> None:
    """One build into a new folder, swapped in when complete: the Simplified site here, its
    Traditional twin in the worker process at the same time."""
    started = time.perf_counter()
    folder, aside = scratch / str(number), scratch / f"{number}.hant"
    twin.submit(config_file, aside)
    failed: list[tuple[int, str]] = []
    try:
        config = build_site(config_file, folder)
    except PreviewFailed as exc:
        failed = exc.lines
    except Exception as exc:  # a bug: say so in the tab too, and keep serving
        log.exception("the preview build failed")
        failed = [(logging.ERROR, f"internal error: {exc!r}")]
    printed = {message for _, message in failed}
    for level, message in twin.answer():
        if message not in printed:  # a bad seed stops both builds: one line
            log.log(level, "%s", message)
            failed.append((level, message))
            printed.add(message)
    if not failed:
        try:
            move_twin(config.plugins["reportsite"], aside, folder)
        except OSError as exc:
            log.error("%s", exc)
            failed.append((logging.ERROR, str(exc)))
    shutil.rmtree(aside, ignore_errors=True)
    if failed:
        shutil.rmtree(folder, ignore_errors=True)
        state.fail([message for _, message in failed])
        return
    state.publish(folder)
    log.info("Preview %d built in %.2f s (both scripts)", number, time.perf_counter() - started)


def serve(config_file: Path, dev_addr: str | None) -> None:
    # mkdocs.yml as MkDocs reads it, for what to watch and where to serve; one it refuses
    # stops here, with its one line.
    config = _load_config(config_file=str(config_file))
    host, port = _address(dev_addr or config.dev_addr)
    mount = _mount(config.site_url)
    install_caches()
    scratch = scratch_root()
    state = PreviewState()
    twin = TwinWorker()
    server = observer = None
    try:
        # Served at once (a page that says it is being built, and reloads when it is), so a
        # port in use stops here and a tab can be opened before the first build ends.
        server = PreviewServer((host, port), state, mount)
        threading.Thread(target=server.serve_forever, name="preview-http", daemon=True).start()
        log.info("Serving both scripts on http://%s:%d%s (繁體: %szh-Hant/)", host, port, mount,
                 mount)
        # Watching before the first build: a save during it is the next build.
        changes = Changes(watched(config))
        observer = start_watching(changes)
        seen = changes.inputs.fingerprint()
        log.info("Building the preview (1)")
        rebuild(config_file, scratch, state, twin, 1)
        for number in itertools.count(2):
            changed = changes.take()
            while (now := changes.inputs.fingerprint()) == seen:  # nothing a build reads
                changed = changes.take()
            seen = now
            names = ", ".join(sorted(_shown(n, config_file.parent) for n in changed))
            log.info("Building the preview (%d): %s changed", number, names)
            rebuild(config_file, scratch, state, twin, number)
    finally:
        if server is not None:
            server.shutdown()
            server.server_close()
        if observer is not None:
            observer.stop()
        twin.stop()
        shutil.rmtree(scratch, ignore_errors=True)


def _load_config(**kwargs: Any) -> Any:
    from mkdocs.config import load_config as load

    return load(**kwargs)


def _address(value: Any) -> tuple[str, int]:
    if isinstance(value, str):
        host, _, port = value.rpartition(":")
        return host or "127.0.0.1", int(port)
    return str(value.host), int(value.port)


def _mount(site_url: str | None) -> str:
    from urllib.parse import urlsplit

    return urlsplit(site_url or "/").path or "/"


def _shown(name: str, root: Path) -> str:
    path = Path(name)
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else name


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="reportsite serve", description=__doc__.splitlines()[0])
    parser.add_argument("--config-file", type=Path, default=Path("mkdocs.yml"),
                        help="the Simplified MkDocs config (default: mkdocs.yml)")
    parser.add_argument("-a", "--dev-addr", default=None, metavar="HOST:PORT",
                        help="where to serve (default: dev_addr of mkdocs.yml, 127.0.0.1:8000)")
    args = parser.parse_args(argv)
    import click

    from .build import log_like_mkdocs

    log_like_mkdocs()
    # SIGTERM (the tests, a supervisor) unwinds like Ctrl-C: the scratch folder goes too.
    signal.signal(signal.SIGTERM, lambda signum, _frame: sys.exit(128 + signum))
    try:
        serve(args.config_file.resolve(), args.dev_addr)
    except KeyboardInterrupt:
        log.info("Shutting down")
        return 0
    except click.ClickException as exc:  # a config MkDocs refuses: it says why
        exc.show()
        return 1
    except OSError as exc:  # the port is taken, the scratch folder cannot be made
        log.error("%s", exc)
        return 1
    return 0
