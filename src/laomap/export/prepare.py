"""One way to prepare an export: the filter applied, an empty selection refused, the map's layers built.

Every output of a selection (map image, deck and its theme slides, offline HTML map, data
files, the dashboard's Export panel and Present page) starts from ``prepare(ds, flt)``, so
they all show the same statements and the same layers as the interactive map.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

import pandas as pd

from laomap.views import captions
from laomap.views.filters import Filter, selected
from laomap.views.layers import MapLayers, focus, map_layers

if TYPE_CHECKING:
    from laomap.pipeline.dataset import Dataset

LAYERS = 32  # prepared layers remembered per dataset (the Present page steps through one per theme)


@dataclass(frozen=True, eq=False)
class Prepared:
    """A selection ready to draw: its dataset, filter, statement rows and (made on first use) map layers."""

    ds: Dataset
    flt: Filter
    rows: pd.DataFrame = field(repr=False)

    @property
    def lang(self) -> str:
        return self.flt.lang

    @cached_property
    def layers(self) -> MapLayers:
        return self.ds.recent("layers", LAYERS).get(
            self.flt, lambda: map_layers(self.ds, self.rows, self.lang, include_mentions=self.flt.include_mentions))

    @cached_property
    def focused(self) -> MapLayers:
        """The layers drawn for the place filter (``layers.focus``): only the selected places keep their counts."""
        return focus(self.layers, self.flt.places, self.ds.gazetteer) if self.flt.places else self.layers

    @property
    def themes(self) -> list[str]:
        """The themes of the selection, one step (slide) each, in the vocabulary's order."""
        return captions.theme_steps(self.rows, self.flt)

    def theme(self, theme: str) -> Prepared:
        """The same selection narrowed to one theme (a deck's theme slide, a Present step)."""
        return prepare(self.ds, self.flt.with_(themes=(theme,)), require=False)


def prepare(ds: Dataset, flt: Filter, *, require: bool = True) -> Prepared:
    """The selection of ``flt``; with ``require``, ExportError when it holds no statement."""
    rows = selected(ds, flt)
    if require:
        captions.require_rows(rows)
    return Prepared(ds, flt, rows)
