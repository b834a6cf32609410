"""The History page under AppTest: the diagram's doors, a flow's statements beside their earlier versions, odd URLs,
and corrections through the buttons that write carried.csv and survive a rebuild."""

from __future__ import annotations

import csv
import html
import os
import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from laomap.pipeline.dataset import build
from laomap.ui.historyview import SHARES_FIRST
from laomap.views.filters import Filter
from laomap.views.history import flow_items, history

from .apptest import open_app
from .conftest import DOCUMENTS, GEODATA

PAGE = "app_pages/history.py"
PAIR = {"earlier": "joint-plan-2016", "later": "action-plan-en"}


def bodies(at: AppTest) -> str:
    return " ".join(h.proto.body for h in at.main.get("html"))


def shown_ids(at: AppTest) -> list[str]:
    """Statement ids of the flow's cards, in order (each card names its statement in a <code>)."""
    return [html.unescape(s) for s in re.findall(r'<div class="lm-card-meta"><span>[^<]*</span><code>([^<]+)</code>', bodies(at))]


def button(at: AppTest, key_start: str):
    return next(b for b in at.main.button if (b.key or "").startswith(key_start))


def first_carried(ds, links: int = 1) -> str:
    """The first later statement the carried flow lists (strongest link first) with at least ``links`` earlier versions."""
    items = flow_items(ds, history(ds, Filter()), "carried", PAIR["earlier"], PAIR["later"], "en")
    return next(i.statement.statement_id for i in items if len(i.earlier) >= links)


def carried_csv() -> list[dict[str, str]]:
    path = Path(os.environ["LAOMAP_DATA_DIR"]) / "carried.csv"
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_the_diagram_s_bands_and_the_shares_are_doors(ds):
    at = open_app(PAGE, theme="energy")
    page = html.unescape(bodies(at))
    hist = history(ds, Filter(themes=("energy",)))
    for flow in ("carried", "new", "dropped"):
        row = hist.flow(flow, **PAIR)
        if row.n:
            assert (f'href="history?theme=energy&flow={flow}&earlier=joint-plan-2016&later=action-plan-en"' in page)
            assert f'data-flow="{flow}" data-from="joint-plan-2016" data-to="action-plan-en" data-n="{row.n}"' in page
    n = int(hist.themes[(hist.themes.key == "energy") & (hist.themes.plan_id == "joint-plan-2016")].n.iloc[0])
    assert f'href="statements?doc=joint-plan-2016&theme=energy" title="Energy & power in Joint Plan (2016): {n} of ' in page


def test_the_places_past_the_first_are_drawn_when_asked_and_keep_their_bars(ds):
    hist = history(ds, Filter())
    themes, places = hist.themes.key.nunique(), list(dict.fromkeys(hist.places.label))
    assert len(places) > SHARES_FIRST

    def rows(at: AppTest) -> list[tuple[str, str]]:
        """(place, its row's cells) of the places table, as drawn."""
        return re.findall(r'<tr><td class="lm-sh-key">([^<]*)</td>(.*?)</tr>', html.unescape(bodies(at)))[themes:]

    at = open_app(PAGE)
    first = rows(at)
    assert [p for p, _ in first] == places[:SHARES_FIRST]
    more = at.main.button(key="history_shares_places")
    assert more.label == f"Show {len(places) - SHARES_FIRST} more"
    more.click().run()
    every = rows(at)
    assert [p for p, _ in every] == places and every[:SHARES_FIRST] == first  # the same cells, links and bar lengths
    assert not [b for b in at.main.button if b.key == "history_shares_places"]
    at.sidebar.multiselect(key="theme").set_value(["energy"]).run()
    at.sidebar.multiselect(key="theme").set_value([]).run()  # another selection, then this one again: folded
    assert rows(at) == first and at.main.button(key="history_shares_places")


def test_a_flow_url_lists_its_statements_beside_their_earlier_versions(ds):
    at = open_app(PAGE, flow="carried", **PAIR)
    row = history(ds, Filter()).flow("carried", **PAIR)
    ids = shown_ids(at)
    later = [i for i in ids if i.startswith("action-plan-en:")]
    listed = [i.statement.statement_id for i in flow_items(ds, history(ds, Filter()), "carried", PAIR["earlier"], PAIR["later"], "en")]
    assert later == listed[: len(later)] and later and set(listed) == set(row.ids)  # strongest first
    shown = bodies(at)
    assert shown.index("strong link") < shown.rindex("weak link")  # the word scale, strongest first
    links = ds.carried[ds.carried.later_id == later[0]]
    assert set(links.earlier_id) <= set(ids)  # the earlier versions are beside it
    assert [m.value for m in at.main.markdown][0] == "## Carried from Joint Plan (2016) to Action Plan (2021)"
    assert "suggested by the method" in bodies(at) and "Joint Plan (2016), section" in bodies(at)

    new = open_app(PAGE, flow="new", lang="ja", **PAIR)
    assert shown_ids(new) == list(history(ds, Filter(lang="ja")).flow("new", **PAIR).ids)[:15]
    assert not new.error


def test_odd_urls_are_notes_not_tracebacks():
    for query, said in (({"flow": "sideways"}, "ignored flow='sideways'"),
                        ({"flow": "new", "earlier": "nope", "later": "action-plan-en"}, "'nope' is not a plan"),
                        ({"flow": "new", "earlier": "action-plan-en", "later": "joint-plan-2016"}, "not consecutive"),
                        ({"carried": "since:nope"}, "ignored carried='since:nope'")):
        at = open_app(PAGE, **query)
        assert not at.exception and not at.error
        assert any(said in w.value.replace("\\", "") for w in at.warning), [w.value for w in at.warning]
        assert not shown_ids(at)


def test_corrections_through_the_buttons_write_carried_csv_and_survive_a_rebuild(ds):
    at = open_app(PAGE, flow="carried", **PAIR)
    first = ds.carried[ds.carried.later_plan == "action-plan-en"].sort_values("later_id")
    later = first_carried(ds, links=2)  # still listed after one of its links is rejected
    earlier = sorted(ds.carried[ds.carried.later_id == later].earlier_id)
    assert len(first) >= 1
    button(at, f"hc_{later}|{earlier[0]}").click().run()
    assert not at.exception and not at.error
    assert [(r["later_id"], r["earlier_id"], r["verdict"]) for r in carried_csv()] == [(later, earlier[0], "confirm")]
    assert any("Link confirmed" in s.value for s in at.toast)
    assert "confirmed by a user" in bodies(at)
    rebuilt = build(DOCUMENTS, GEODATA, Path(os.environ["LAOMAP_DATA_DIR"]))
    hit = rebuilt.carried[(rebuilt.carried.later_id == later) & (rebuilt.carried.earlier_id == earlier[0])]
    assert list(hit.origin) == ["confirmed"]

    button(at, f"hu_{later}|{earlier[0]}").click().run()  # undo: the method decides again
    assert carried_csv() == [] and "confirmed by a user" not in bodies(at)

    button(at, f"hr_{later}|{earlier[0]}").click().run()  # reject: the link is gone, and can be undone from the page
    assert [r["verdict"] for r in carried_csv()] == ["reject"]
    rebuilt = build(DOCUMENTS, GEODATA, Path(os.environ["LAOMAP_DATA_DIR"]))
    assert rebuilt.carried[(rebuilt.carried.later_id == later) & (rebuilt.carried.earlier_id == earlier[0])].empty
    rejected = next(c.value for c in at.main.caption if earlier[0] in c.value)
    text = ds.commitments[ds.commitments.statement_id == earlier[0]].text.iloc[0]
    assert text[:40] in rejected  # a rejected link shows the earlier statement's text, not a bare id


def test_a_link_added_in_the_form_is_kept_with_its_kind_and_origin(ds):
    at = open_app(PAGE, flow="new", **PAIR)
    later = history(ds, Filter()).flow("new", **PAIR).ids[0]
    at.selectbox(key="history_add_later").set_value(later)
    at.selectbox(key="history_add_earlier").set_value("joint-plan-2016:2:1.1")
    at.selectbox(key="history_add_kind").set_value("narrowed")
    at.text_input(key="history_add_note").set_value("checked by hand")
    next(b for b in at.main.button if "Add the link" in b.label).click().run()
    assert not at.exception and not at.error
    assert [(r["later_id"], r["earlier_id"], r["verdict"], r["kind"], r["note"]) for r in carried_csv()] == [
        (later, "joint-plan-2016:2:1.1", "add", "narrowed", "checked by hand")]
    rebuilt = build(DOCUMENTS, GEODATA, Path(os.environ["LAOMAP_DATA_DIR"]))
    hit = rebuilt.carried[rebuilt.carried.later_id == later]
    assert list(zip(hit.earlier_id, hit.kind, hit.origin)) == [("joint-plan-2016:2:1.1", "narrowed", "added")]
    assert later not in history(rebuilt, Filter()).flow("new", **PAIR).ids


def test_a_refused_correction_is_a_message(ds, monkeypatch):
    from laomap import userdata
    from laomap.errors import DocumentError

    def refuse(*_a, **_k):
        raise DocumentError("The data directory is read-only.")

    at = open_app(PAGE, flow="carried", **PAIR)
    monkeypatch.setattr(userdata, "correct_link", refuse)
    later = first_carried(ds)
    earlier = sorted(ds.carried[ds.carried.later_id == later].earlier_id)[0]
    button(at, f"hr_{later}|{earlier}").click().run()
    assert not at.exception and any("read-only" in e.value for e in at.error)
    assert not (Path(os.environ["LAOMAP_DATA_DIR"]) / "carried.csv").exists()


def test_the_plan_history_filter_in_the_sidebar_narrows_every_page_and_the_url(ds):
    from laomap.views.filters import apply

    at = open_app("app_pages/commitments.py", carried="since:joint-plan-2016")
    expected = apply(ds, Filter(carried="since:joint-plan-2016"))
    total = len(apply(ds, Filter()))  # every statement of the built-in plans
    assert at.sidebar.selectbox(key="carried").value == "since:joint-plan-2016"
    head = " ".join(h.proto.body for h in at.main.get("html") if "lm-filters" in h.proto.body)
    assert f"<b>{len(expected)} of {total} statements selected</b>" in head
    assert "Plan history: in Action Plan (2021), carried since Joint Plan (2016)" in head
    at.sidebar.selectbox(key="carried").set_value("new").run()
    assert at.query_params["carried"] == "new"
    new = apply(ds, Filter(carried="new"))
    assert set(new.plan_id) == {"action-plan-en"} and len(new) > 0 and not set(new.statement_id) & set(expected.statement_id)
    head = " ".join(h.proto.body for h in at.main.get("html") if "lm-filters" in h.proto.body)
    assert f"<b>{len(new)} of {total} statements selected</b>" in head
    at.switch_page("app_pages/map.py").run()
    assert not at.exception and at.sidebar.selectbox(key="carried").value == "new"


def test_a_plan_too_long_to_list_is_searched_in_the_add_link_form(ds, monkeypatch):
    """Above PICKER_LIMIT statements (a plan of 10,000) a picker lists the first matches of a search box (issue 29)."""
    import laomap.ui.historyview as view
    from laomap.views.history import statement_choices

    monkeypatch.setattr(view, "PICKER_LIMIT", 5)
    earlier_all = statement_choices(ds, ["joint-plan-2016"], "en")
    at = open_app(PAGE, flow="new", **PAIR)
    assert len(at.selectbox(key="history_add_earlier").options) == 5
    assert f"5 of {len(earlier_all)} statements listed" in " ".join(c.value for c in at.main.caption)
    at.text_input(key="history_add_search_earlier").set_value("2:1.1 Joint").run()
    options = at.selectbox(key="history_add_earlier").options
    wanted = [label for label in earlier_all.values() if "2:1.1" in label]
    assert wanted and options == wanted[:5]
    later = history(ds, Filter()).flow("new", **PAIR).ids[0]
    at.text_input(key="history_add_search_later").set_value(later.split(":", 1)[1]).run()
    at.selectbox(key="history_add_later").set_value(later)
    at.selectbox(key="history_add_earlier").set_value("joint-plan-2016:2:1.1")
    next(b for b in at.main.button if "Add the link" in b.label).click().run()
    assert not at.exception and not at.error
    assert [(r["later_id"], r["earlier_id"], r["verdict"]) for r in carried_csv()] == [(later, "joint-plan-2016:2:1.1", "add")]


def test_matching_choices_needs_every_word_and_counts_all_it_found():
    from laomap.views.history import matching_choices

    choices = {f"p:{i}": f"Plan {i} — {'Road bridge' if i % 2 else 'School'} in Attapeu" for i in range(1, 11)}
    assert matching_choices(choices, "", 3) == (dict(list(choices.items())[:3]), 10)
    shown, found = matching_choices(choices, "bridge ATTAPEU", 2)
    assert found == 5 and list(shown) == ["p:1", "p:3"]
    assert matching_choices(choices, "bridge school", 5) == ({}, 0)
