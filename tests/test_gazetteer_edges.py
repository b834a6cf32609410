"""The edges of pipeline/gazetteer.py that its mutants showed untested: a place's coordinates at the ends of the globe."""

from __future__ import annotations

import re

import pytest
from pydantic import ValidationError

from laomap.pipeline.gazetteer import PlaceRow

ROW = {"place_id": "edge_place", "name_en": "Edge", "name_ja": "", "aliases_en": "Edge", "kind": "city", "country": "LA", "precision_code": 2,
       "lat": 18.0, "lon": 102.6, "geometry_ref": ""}


@pytest.mark.parametrize(("lat", "lon"), [(90, 0), (-90, 0), (0, 180), (0, -180), (90, 180), (-90, -180)])
def test_the_ends_of_the_globe_are_places(lat, lon):
    row = PlaceRow(**(ROW | {"lat": lat, "lon": lon}))
    assert (row.lat, row.lon) == (lat, lon)


@pytest.mark.parametrize(("lat", "lon", "said"), [
    (90.001, 0, "lat 90.001 is outside [-90, 90]"), (-90.001, 0, "lat -90.001 is outside [-90, 90]"),
    (0, 180.001, "lon 180.001 is outside [-180, 180]"), (0, -180.001, "lon -180.001 is outside [-180, 180]"),
    (102.6, 18.0, "lat 102.6 is outside [-90, 90] (are lat and lon swapped?)"),
])
def test_beyond_them_is_refused_saying_which(lat, lon, said):
    with pytest.raises(ValidationError, match=re.escape(said)):
        PlaceRow(**(ROW | {"lat": lat, "lon": lon}))
