"""Interface text: ``t(key, lang)``, labels of themes and kinds, and how a statement is cited."""

from laomap.i18n.core import LANGUAGE_NAMES, LANGUAGES, STRINGS, citation, kind_label, register, t, theme_label

__all__ = ["LANGUAGES", "LANGUAGE_NAMES", "STRINGS", "citation", "kind_label", "register", "t", "theme_label"]
