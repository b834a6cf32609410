"""export.prepare: the one preparation every export, the Export panel and the Present page start from."""

from __future__ import annotations

import pytest

from laomap.errors import ExportError
from laomap.export import prepare as prepare_module
from laomap.export.prepare import prepare
from laomap.views.filters import Filter, apply
from laomap.views.layers import map_layers


def test_prepare_is_the_filter_applied_and_the_map_s_layers(ds):
    flt = Filter(themes=("energy",), lang="ja")
    sel = prepare(ds, flt)
    assert list(sel.rows.commitment_id) == list(apply(ds, flt).commitment_id)
    expected = map_layers(ds, apply(ds, flt), "ja")
    assert [(a.place_id, a.count) for a in sel.layers.areas] == [(a.place_id, a.count) for a in expected.areas]
    assert sel.themes == ["energy"]


def test_prepare_refuses_an_empty_selection_unless_asked_not_to(ds):
    flt = Filter(text="no statement says zqxj")
    with pytest.raises(ExportError):
        prepare(ds, flt)
    assert prepare(ds, flt, require=False).rows.empty


def test_a_theme_step_is_the_selection_narrowed_to_that_theme(ds):
    sel = prepare(ds, Filter(places=("vientiane",)))
    step = sel.theme(sel.themes[0])
    assert step.flt.themes == (sel.themes[0],) and step.flt.places == ("vientiane",)
    assert set(step.rows.commitment_id) <= set(sel.rows.commitment_id)
    assert all(sel.themes[0] in themes for themes in step.rows.themes)


def test_prepared_selections_and_layers_are_made_once_per_dataset_and_filter(ds):
    flt = Filter(themes=("health",))
    first = prepare(ds, flt)
    assert prepare(ds, flt).rows is first.rows
    assert prepare(ds, flt).layers is first.layers


@pytest.mark.parametrize("export", ["image", "deck", "html"])
def test_every_export_starts_from_prepare(ds, monkeypatch, export):
    calls = []
    real = prepare_module.prepare

    def counting(ds_, flt, **kw):
        calls.append(flt)
        return real(ds_, flt, **kw)

    flt = Filter(themes=("energy",))
    if export == "image":
        from laomap.export import image as module
        monkeypatch.setattr(module, "prepare", counting)
        module.export_map(ds, flt)
    elif export == "deck":
        from laomap.export import deck as module
        monkeypatch.setattr(module, "prepare", counting)
        module.build_deck(ds, flt)
    else:
        from laomap.export import html as module
        monkeypatch.setattr(module, "prepare", counting)
        module.export_html(ds, flt)
    assert calls and calls[0] == flt
