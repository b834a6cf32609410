"""Add document: upload a plan, review what was found (add or ignore unknown places), add it; remove additions."""

from __future__ import annotations

from laomap.ui import add_document as page
from laomap.ui.data import dataset
from laomap.ui.session import figure_drawn
from laomap.ui.state import current_filter

ds = dataset()
lang = current_filter(ds).lang
page.header(lang)
page.flash(lang)
page.upload_form(ds, lang)
figure_drawn()  # a first visit's first run ends with the file field: what the user added follows with the filters
draft = page.draft()
if draft is not None:
    page.review_panel(draft, ds, lang)
    page.add_buttons(draft, lang)
page.manage(lang)
