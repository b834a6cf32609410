"""Interface text: ``t(key, lang)`` from one gettext catalog per language (``en.po``, ``ja.po``),
labels of themes and kinds, how a statement is cited, and Babel's formatting of lists and days.

A new interface language is one more ``.po`` file in this folder. Imports: Babel and the
standard library only (any package may import this one).
"""

from laomap.i18n.core import (
    LANGUAGE_NAMES,
    LANGUAGES,
    catalog,
    citation,
    format_amount,
    format_day,
    format_list,
    has,
    kind_label,
    original_note,
    pick,
    pick_field,
    t,
    text_width,
    theme_label,
    theme_sort_key,
)

__all__ = ["LANGUAGES", "LANGUAGE_NAMES", "catalog", "citation", "format_amount", "format_day", "format_list", "has", "kind_label",
           "original_note", "pick", "pick_field", "t", "text_width",
           "theme_label", "theme_sort_key"]
