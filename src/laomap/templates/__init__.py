"""HTML and CSS from Jinja2 templates (the files beside this module), so that markup lives in markup files.

HTML templates autoescape every value. The escaping is ``html.escape``'s (``&#x27;`` for a quote, as the
HTML built by hand before wrote it), so moving a fragment into a template leaves its bytes as they were;
a value that is already HTML (a fragment rendered by another template) is passed as ``Markup``. CSS
templates (``*.css``) are not escaped: they take only the colours of ``laomap.style`` and fixed strings.
"""

from __future__ import annotations

import html
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

__all__ = ["Markup", "render", "stylesheet"]


def _escape(value: Any) -> Any:
    """Every printed value through ``html.escape`` (quotes included), unless it is already ``Markup``."""
    if isinstance(value, Markup):
        return value
    return Markup(html.escape("" if value is None else str(value)))


@cache
def _env(escaped: bool) -> Environment:
    env = Environment(loader=PackageLoader("laomap", "templates"), autoescape=escaped, finalize=_escape if escaped else None,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False,
                      auto_reload=False)  # the templates ship with the code: no file check on every render (issue 29)
    return env


def render(name: str, /, **context: Any) -> str:
    """An HTML template rendered with ``context`` (values escaped), as a plain string.

    Plain, not ``Markup``: ``"<style>…" + Markup(…)`` would escape the left side. To put it into another template,
    wrap it in ``Markup``.
    """
    return str(_env(True).get_template(name).render(**context).strip())


def stylesheet(name: str, /, **context: Any) -> str:
    """A CSS template rendered with ``context`` (the colours of ``laomap.style``, fixed strings); callers keep the result."""
    return _env(False).get_template(name).render(**context)
