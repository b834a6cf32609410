"""The errors laomap raises on purpose. Anything else escaping the library is a bug."""

from __future__ import annotations


class LaomapError(Exception):
    """Base class: a message meant for the user, without a traceback."""


class DocumentError(LaomapError):
    """A document cannot be read or does not have the structure of a plan."""


class AlignmentError(DocumentError):
    """A translation no longer lines up with its original paragraph by paragraph."""


class GazetteerError(LaomapError):
    """A gazetteer or geodata file is missing, malformed or inconsistent."""


class ValidationError(LaomapError):
    """The built dataset breaks one of its invariants; ``problems`` lists each one."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        head = f"{len(self.problems)} validation problem(s):"
        super().__init__("\n".join([head, *(f"  - {p}" for p in self.problems)]))


class ExportError(LaomapError):
    """An export cannot be produced (empty selection, unwritable target, ...)."""
