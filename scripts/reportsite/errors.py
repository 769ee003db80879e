"""Errors a user can act on: they name the file and say what is wrong, in one line."""

from __future__ import annotations

import os


def shown_path(path: str) -> str:
    """`path` as printable text: bytes of a file name that are not UTF-8 (kept by Python as
    lone surrogates) become \\xNN escapes, so printing never fails and the name can be found."""
    try:
        return os.fsencode(path).decode("utf-8", "backslashreplace")
    except UnicodeError:  # not a file system name at all (e.g. an environment variable's)
        return path.encode("utf-8", "backslashreplace").decode("utf-8")


class ReportError(Exception):
    """Bad input or configuration. Printed as one line, never as a traceback.

    The same type, collected instead of raised, is a warning (PipelineResult.warnings).
    """

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        self.path = shown_path(path)
        # One printable line, whatever the message quotes (YAML problems, OS messages).
        message = message.encode("utf-8", "backslashreplace").decode("utf-8")
        self.message = " ".join(message.split())
        self.line = line
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {self.message}")
