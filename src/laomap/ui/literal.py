"""Text from documents, users or links shown through Streamlit's Markdown exactly as written.

``st.error``, ``st.warning``, ``st.caption``, ``st.markdown`` and the labels of expanders and
buttons all read Markdown, with Streamlit's extensions: a ``$`` in a place name starts a
formula, ``[x](url)`` in a shared link becomes a link to anywhere, ``:red[...]`` colours
text, a backtick starts code. HTML is already shown as text by Streamlit; everything else
that Markdown would act on is escaped here, so the reader sees the characters themselves.
Statement text is shown through escaped HTML (``st.html``) instead, never through Markdown.
"""

from __future__ import annotations

import re

_PUNCTUATION = re.compile(r"([\\`*_{}\[\]<>$~|#])")  # inline Markdown, formulas, tables
_DIRECTIVE = re.compile(r":(?=[A-Za-z])")  # :red[...], :material/icon:, :smile:
_LINE_START = re.compile(r"^([ \t]*)([-+=]|\d+(?=[.)]))", re.MULTILINE)  # list items, rules, setext headings


def literal(text: object) -> str:
    """``text`` escaped so that Streamlit's Markdown renders it character for character."""
    escaped = _PUNCTUATION.sub(r"\\\1", str(text))
    escaped = _DIRECTIVE.sub(r"\\:", escaped)
    return _LINE_START.sub(lambda m: m.group(1) + ("\\" + m.group(2) if not m.group(2).isdigit() else m.group(2) + "\\"), escaped)
