"""A dataclass field whose value may be made on first read: what a command never reads, it never pays for.

The places as a GeoDataFrame and the gazetteer's map layers cost geopandas, shapely and half a second
to make; ``laomap values``, ``links`` or a CSV export never read them. The disk cache hands them over
as ``Later(make)`` and the field makes them the first time something reads it (issue 29).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

_making = threading.RLock()


class MadeOnUse:
    """A dataclass field that may be given as a function that makes it, called on first read (then kept).

    Why: the places as a GeoDataFrame need geopandas and shapely (half a second to import), and most
    commands (``laomap values``, ``links``, a CSV export) never read them: the disk cache hands the
    dataset its places as a function, so only what draws or checks geometry pays for them.
    """

    def __init__(self, name: str):
        self.slot = name  # the value is kept in the instance's __dict__ under the field's own name (so ``vars(obj)`` and
        # ``dataclasses`` see the field as usual); this descriptor, having __set__, is looked up before it

    @classmethod
    def install(cls, owner: type, name: str) -> None:
        """Make the dataclass field ``name`` of ``owner`` one whose value may be ``Later`` (after the class is made, so
        that the field stays an ordinary required field for the dataclass and for the type checker)."""
        setattr(owner, name, cls(name))

    def __get__(self, obj: object, owner: type | None = None) -> Any:
        if obj is None:
            raise AttributeError(self.slot)  # no default: the dataclass field stays required
        value = obj.__dict__[self.slot]
        if isinstance(value, Later):
            with _making:  # two sessions reading it first at once get one and the same value
                value = obj.__dict__[self.slot]
                if isinstance(value, Later):
                    value = obj.__dict__[self.slot] = value.make()
        return value

    def __set__(self, obj: object, value: Any) -> None:
        obj.__dict__[self.slot] = value

    def is_made(self, obj: object) -> bool:
        """Whether the value is there already (a test's and a benchmark's way to see what was paid for)."""
        return not isinstance(obj.__dict__.get(self.slot), Later)


@dataclass(frozen=True)
class Later:
    """A value to make on first use (see ``MadeOnUse``)."""

    make: Callable[[], Any]
