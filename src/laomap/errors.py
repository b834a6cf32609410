"""The errors laomap raises on purpose. Anything else escaping the library is a bug."""

from __future__ import annotations


class Phrase:
    """A part of a message from the catalogs (``key`` with ``values``), shown in the language of the whole message."""

    def __init__(self, key: str, **values: object):
        self.key, self.values = key, values

    def text(self, lang: str) -> str:
        from laomap.i18n import t

        return t(self.key, lang, **self.values)

    def __str__(self) -> str:
        return self.text("en")


class LaomapError(Exception):
    """Base class: a message meant for the user, without a traceback.

    Made with ``of(key, **values)``, the message comes from the i18n catalogs: ``str(exc)``
    is the English text (logs, the command line) and ``text(lang)`` the one for the
    interface language. Made from a plain string, both are that string.
    """

    key: str | None = None
    values: dict[str, object] = {}  # noqa: RUF012 - replaced per instance by of()

    @classmethod
    def of(cls, key: str, **values: object):
        """The error whose message is the catalog text ``key`` (``err.*``) with ``values`` filled in."""
        from laomap.i18n import t

        shown = {(k[:-4] if k.endswith("_key") else k): (t(str(v), "en") if k.endswith("_key") else v) for k, v in values.items()}
        exc = cls(t(key, "en", **shown))
        exc.key, exc.values = key, values
        return exc

    def text(self, lang: str) -> str:
        """The message in ``lang`` (English where the catalogs have no such key)."""
        if self.key is None:
            return str(self)
        from laomap.i18n import t

        values = {}
        for name, value in self.values.items():  # a ``*_key`` value is a catalog key (a field's name), a nested error its own text
            if name.endswith("_key"):
                values[name[:-4]] = t(str(value), lang)
            elif isinstance(value, LaomapError | Phrase):
                values[name] = value.text(lang)
            else:
                values[name] = value
        return t(self.key, lang, **values)


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
