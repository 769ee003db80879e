"""The `reportsite` command: `reportsite convert|build|serve|bundle …` (see each `--help`)."""

from __future__ import annotations

import sys
from collections.abc import Callable

USAGE = """usage: reportsite COMMAND [ARGS]

commands:
  convert   the seeds as Markdown pages in a folder (docs/reports for `make docs`)
  build     both scripts into site/, published whole (`make site`)
  merge     the shards of a sharded build (`build --shard K/N`) as one site
  serve     live preview of both scripts, rebuilt on each save (`make serve`)
  bundle    zip an offline build (`make offline`)
"""


def _command(name: str) -> Callable[[list[str]], int] | None:
    # Imported on demand: `reportsite convert` need not load MkDocs.
    if name == "convert":
        from .commands.convert import main
    elif name == "build":
        from .commands.build import main
    elif name == "merge":
        from .commands.merge import main
    elif name == "serve":
        from .commands.serve import main
    elif name == "bundle":
        from .commands.bundle import main
    else:
        return None
    return main


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] in ("-h", "--help"):
        print(USAGE, end="")
        return 0 if args else 2
    command = _command(args[0])
    if command is None:
        print(f"reportsite: unknown command {args[0]!r}\n{USAGE}", end="", file=sys.stderr)
        return 2
    return command(args[1:])


if __name__ == "__main__":
    sys.exit(main())
