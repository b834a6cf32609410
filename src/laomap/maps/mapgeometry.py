"""Geometry for the static map: the UTM 48N projection of the dataset's layers and their matplotlib paths.

Apart from the drawing (``static.py``) and the furniture (``furniture.py``): both need the projected
layers, and projecting is the one part that knows about coordinate systems.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import shapely
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.path import Path as MplPath
from pyproj import Transformer
from shapely.geometry import box, shape
from shapely.geometry.base import BaseGeometry

from laomap.views.layers import is_line

if TYPE_CHECKING:
    from laomap.pipeline.dataset import Dataset


UTM48N = "EPSG:32648"
# Lambert conformal conic over East Asia, for the overview inset (Laos and Japan on one map).
OVERVIEW_CRS = "+proj=lcc +lat_1=18 +lat_2=38 +lat_0=28 +lon_0=118 +datum=WGS84 +units=m +no_defs"
OVERVIEW_BOUNDS = (97.5, 11.5, 146.5, 45.8)
CONTEXT_BOUNDS = (94.0, 9.0, 114.0, 27.0)  # base-map countries are clipped to this box before projecting


# --------------------------------------------------------------------------- projected geometry (cached)


@dataclass
class Projected:
    provinces: dict[str, BaseGeometry]
    lines: dict[str, BaseGeometry]
    countries: list[tuple[str, dict[str, str], BaseGeometry]]  # iso, its name_<lang> properties, geometry (UTM)
    laos: BaseGeometry
    overview: list[tuple[str, BaseGeometry]]  # iso, geometry (overview CRS)


TO_UTM = Transformer.from_crs("EPSG:4326", UTM48N, always_xy=True)
TO_OVERVIEW = Transformer.from_crs("EPSG:4326", OVERVIEW_CRS, always_xy=True)


def project(geom: BaseGeometry, transformer: Transformer) -> BaseGeometry:
    def fn(xy: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(xy[:, 0], xy[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geom, fn)


def utm(lon: float, lat: float) -> tuple[float, float]:
    """A lon/lat point in UTM 48N metres."""
    x, y = TO_UTM.transform(lon, lat)
    return float(x), float(y)


def projected(ds: Dataset) -> Projected:
    """The base map and the provinces in UTM 48N, computed once per dataset (``Dataset.derive``)."""
    return ds.derive(("static-map", "projected"), lambda: project_all(ds.gazetteer))


def project_all(g) -> Projected:
    provinces = {}
    for p in g.provinces("LA"):
        try:
            geom = g.geometry(p.place_id)
        except KeyError:
            continue
        if geom.geom_type in ("Polygon", "MultiPolygon"):
            provinces[p.place_id] = project(geom, TO_UTM)
    lines = {pid: project(g.geometry(pid), TO_UTM) for pid, p in g.places.items() if is_line(p)}
    clip = box(*CONTEXT_BOUNDS)
    countries, overview = [], []
    for f in g.layers.get("countries", {}).get("features", []):
        geom = shape(f["geometry"])
        props = f.get("properties", {})
        iso = props.get("iso_a2", "")
        near = geom.intersection(clip)
        if not near.is_empty:
            countries.append((iso, {k: v for k, v in props.items() if k.startswith("name_")}, project(near, TO_UTM)))
        overview.append((iso, project(geom.simplify(0.04, preserve_topology=True), TO_OVERVIEW)))
    laos = shapely.union_all(list(provinces.values())) if provinces else shapely.Polygon()
    return Projected(provinces, lines, countries, laos, overview)


def polygon_path(geom: BaseGeometry) -> MplPath | None:
    polys = [geom] if geom.geom_type == "Polygon" else [p for p in getattr(geom, "geoms", []) if p.geom_type == "Polygon"]
    if geom.geom_type == "GeometryCollection":
        polys = [p for part in geom.geoms for p in ([part] if part.geom_type == "Polygon" else getattr(part, "geoms", []))
                 if p.geom_type == "Polygon"]
    verts, codes = [], []
    for poly in polys:
        for ring in (poly.exterior, *poly.interiors):
            xy = np.asarray(ring.coords)[:, :2]
            if len(xy) < 3:
                continue
            c = np.full(len(xy), MplPath.LINETO, dtype=MplPath.code_type)
            c[0], c[-1] = MplPath.MOVETO, MplPath.CLOSEPOLY
            verts.append(xy)
            codes.append(c)
    if not verts:
        return None
    return MplPath(np.concatenate(verts), np.concatenate(codes))


def line_xy(geom: BaseGeometry) -> tuple[np.ndarray, np.ndarray]:
    parts = [geom] if geom.geom_type == "LineString" else list(getattr(geom, "geoms", []))
    xs, ys = [], []
    for part in parts:
        xy = np.asarray(part.coords)
        xs += [xy[:, 0], [np.nan]]
        ys += [xy[:, 1], [np.nan]]
    return (np.concatenate(xs), np.concatenate(ys)) if xs else (np.array([]), np.array([]))


# --------------------------------------------------------------------------- layout

def fit_view(ax: Axes, fig: Figure, bounds: tuple[float, float, float, float]) -> None:
    """Show at least ``bounds`` at one scale on both axes, widening the short side to fill the axes box."""
    x0, y0, x1, y1 = bounds
    w_in, h_in = fig.get_size_inches()
    pos = ax.get_position()
    box_aspect = (pos.width * w_in) / (pos.height * h_in)
    if (x1 - x0) / (y1 - y0) < box_aspect:
        grow = (y1 - y0) * box_aspect - (x1 - x0)
        x0, x1 = x0 - grow / 2, x1 + grow / 2
    else:
        grow = (x1 - x0) / box_aspect - (y1 - y0)
        y0, y1 = y0 - grow / 2, y1 + grow / 2
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal", adjustable="box")
