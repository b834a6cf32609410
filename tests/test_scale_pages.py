"""The History and Statements pages at 10,000 statements (issue 29 item 5), under AppTest.

What the pages must show is still there at that size (every flow of the diagram with its count, a row per theme and
place in the shares, the first statements of a flow, 50 rows of the table, a link to any statement and its detail,
the downloads of the selection), and the work per statement is bounded by what is shown, not by the plan's size: a
flow of thousands makes its 15 listed statements, the table its 50 rows, and the plan history is made once per
filter whatever the reruns and sessions. Timings are bench/bench_scale_pages.py's, not tested here.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable, Iterator

import pytest

import laomap.ui.data as ui_data
import laomap.ui.detail as ui_detail
import laomap.views.history as vh
from laomap.pipeline.dataset import Dataset
from laomap.ui.historyview import BATCH, PICKER_LIMIT, SHARES_FIRST
from laomap.views.filters import Filter, apply, href

from .apptest import open_app
from .test_history_page import bodies, shown_ids

pytestmark = pytest.mark.slow  # conftest's 10,000-statement corpus (bin/test --fast leaves it out)

HISTORY, STATEMENTS = "app_pages/history.py", "app_pages/commitments.py"


@pytest.fixture
def served(big: Dataset, monkeypatch) -> Iterator[Dataset]:
    """The dashboard serves the 10,000-statement dataset, nothing made from it yet."""
    monkeypatch.setattr(ui_data, "load_dataset", lambda: big)
    big.derived.clear()
    yield big
    big.derived.clear()


def counting(monkeypatch, module: object, name: str, counts: Counter[str], key: Callable[..., str] | None = None) -> None:
    """Count the calls of ``module.name`` (by ``key(*args)`` when given, else by the function's name)."""
    real = getattr(module, name)

    def wrapper(*args, **kwargs):
        counts[key(*args) if key else name] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, wrapper)


def test_the_history_page_at_10000_statements_shows_every_flow_and_share(served):
    hist = vh.history(served, Filter())
    assert len(hist.order) == 4 and hist.plans.statements.sum() == 10_000
    at = open_app(HISTORY)
    page = html.unescape(bodies(at))
    for a, b in zip(hist.order, hist.order[1:]):
        for flow in vh.FLOWS:
            row = hist.flow(flow, a, b)
            if row.n:
                assert f'data-flow="{flow}" data-from="{a}" data-to="{b}" data-n="{row.n}"' in page
                assert f'href="history?flow={flow}&earlier={a}&later={b}"' in page
    # a row per theme, the first places (the most statements first), the rest drawn when asked: a row per place
    themes, places = hist.themes.key.nunique(), list(dict.fromkeys(hist.places.label))
    assert len(places) > 100
    assert re.findall(r'<td class="lm-sh-key">([^<]*)</td>', page)[themes:] == places[:SHARES_FIRST]
    more = at.main.button(key="history_shares_places")
    assert more.label == f"Show {len(places) - SHARES_FIRST} more"
    more.click().run()
    page = html.unescape(bodies(at))
    assert re.findall(r'<td class="lm-sh-key">([^<]*)</td>', page)[themes:] == places
    assert not [b for b in at.main.button if b.key == "history_shares_places"]
    pickers = [s for s in at.main.selectbox if s.key in ("history_add_later", "history_add_earlier")]
    assert len(pickers) == 2 and all(0 < len(s.options) <= PICKER_LIMIT for s in pickers)


def test_a_flow_of_thousands_makes_only_the_statements_it_lists(served, monkeypatch):
    made: Counter[str] = Counter()
    counting(monkeypatch, vh, "_version", made, key=lambda ds, texts, sid, *rest: sid)
    hist = vh.history(served, Filter())
    a, b = hist.order[-2:]
    row = hist.flow("new", a, b)
    assert row.n > 1000
    at = open_app(HISTORY, flow="new", earlier=a, later=b)
    first = list(row.ids)[:BATCH]
    assert shown_ids(at) == first
    assert set(made) == set(first) and sum(made.values()) == BATCH  # not the flow's thousands
    more = next(x for x in at.main.button if x.key == "history_more")
    assert more.label == f"Show {BATCH} more ({row.n - BATCH} not shown)"
    made.clear()
    more.click().run()
    assert shown_ids(at) == list(row.ids)[: 2 * BATCH] and sum(made.values()) == 2 * BATCH


def test_the_plan_history_is_made_once_per_filter_whatever_the_reruns_and_sessions(served, monkeypatch):
    made: Counter[str] = Counter()
    counting(monkeypatch, vh, "_history", made)
    at = open_app(HISTORY)
    at.run()
    open_app(HISTORY)  # another session
    assert made == {"_history": 1}
    at.sidebar.multiselect(key="theme").set_value(["energy"]).run()
    assert made == {"_history": 2}


def test_the_add_link_pickers_label_only_the_statements_they_list_until_a_search(served, monkeypatch):
    labelled: Counter[str] = Counter()
    counting(monkeypatch, vh, "choice_label", labelled, key=lambda plans, sid, *rest: sid)
    hist = vh.history(served, Filter())
    a, b = hist.order[-2:]
    at = open_app(HISTORY, flow="new", earlier=a, later=b)
    later, earlier = at.selectbox(key="history_add_later"), at.selectbox(key="history_add_earlier")
    assert len(later.options) == len(earlier.options) == PICKER_LIMIT
    assert sum(labelled.values()) == len(labelled) == 2 * PICKER_LIMIT  # not the plans' 10,000, each made once
    at.run()
    assert sum(labelled.values()) == 2 * PICKER_LIMIT  # a rerun makes none
    choices = vh.statement_choices(served, [b], "en")
    plan_b = list(choices)
    at.text_input(key="history_add_search_later").set_value(plan_b[-1].split(":", 1)[1]).run()
    assert at.selectbox(key="history_add_later").options == [choices[plan_b[-1]]]  # the search reaches the plan's last one
    assert set(plan_b) <= set(labelled) and max(labelled.values()) == 1  # every label of that plan, once, for the search


def test_the_sidebar_s_choices_are_made_once_per_dataset_and_language(served, monkeypatch):
    import laomap.ui.state as ui_state

    made: Counter[str] = Counter()
    counting(monkeypatch, ui_state, "place_options", made, key=lambda ds, lang="en": lang)
    at = open_app(HISTORY)
    at.run()
    at.switch_page(STATEMENTS).run()
    open_app(HISTORY)  # another session
    assert made == {"en": 1}  # not twice a run (the filter, then the sidebar), nor once a rerun or a session
    at.sidebar.button(key="lang_ja").click().run()
    assert made == {"en": 1, "ja": 1}


def test_the_statements_page_at_10000_statements_makes_only_the_page_shown(served, monkeypatch):
    sizes: Counter[int] = Counter()  # rows made into table cells or picker labels, per call
    counting(monkeypatch, ui_detail, "statement_table", sizes, key=lambda ds, rows, lang: len(rows))
    counting(monkeypatch, ui_detail, "statement_labels", sizes, key=lambda ds, rows, lang: len(rows))
    everything = apply(served, Filter())
    target = everything.statement_id.iloc[ui_detail.PAGE_SIZE * 37 + 5]  # a statement on page 38 of 200
    at = open_app(STATEMENTS, stmt=target)
    assert not at.exception and not at.error
    pages = at.selectbox(key="stmt_page")
    assert len(pages.options) == 200 and pages.value == 37  # the page with the linked statement
    (table,) = [h.proto.body for h in at.main.get("html") if 'class="lm-rows"' in h.proto.body]
    ids = [html.unescape(i) for i in re.findall(r'data-stmt="([^"]+)"', table)]
    assert ids == list(everything.statement_id[37 * 50: 38 * 50]) and target in ids
    assert f'href="{href("statements", Filter(), stmt=target)}"' in html.unescape(table)  # its row opens it
    picker = at.selectbox(key="stmt")
    assert picker.value == target and len(picker.options) <= ui_detail.PAGE_SIZE  # not 10,000 options
    text = everything.set_index("statement_id").text[target]
    assert any(text[:40] in h.proto.body for h in at.main.get("html") if "lm-text-block" in h.proto.body)  # its detail
    assert [b.proto.label for b in at.main.get("download_button")] == ["CSV (Excel)", "GeoJSON", "IATI XML"]
    assert sizes and max(sizes) <= ui_detail.PAGE_SIZE  # the table's cells and labels for the page, not the selection
    at.selectbox(key="stmt_page").set_value(199).run()  # the last page; the chosen statement stays chosen
    (table,) = [h.proto.body for h in at.main.get("html") if 'class="lm-rows"' in h.proto.body]
    assert table.count("data-stmt=") == len(everything) - 199 * 50
    assert at.selectbox(key="stmt").value == target
    assert len(at.selectbox(key="stmt").options) == table.count("data-stmt=") + 1  # the page's statements and the one chosen
    assert max(sizes) == ui_detail.PAGE_SIZE + 1  # labels for the page and the one chosen, on another page
