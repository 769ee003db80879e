"""Errors a user can act on: they name the file and say what is wrong, in one line."""

from __future__ import annotations


class ReportError(Exception):
    """Bad input or configuration. Printed as one line, never as a traceback."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        self.path = path
        self.message = message
        self.line = line
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {message}")
