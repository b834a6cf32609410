"""The kinds of place a user may add, and their default precision: constants with no imports.

Apart from ``places.py`` so that the command line can offer them as ``--kind`` choices when it builds
its parser without importing the pipeline (``laomap --help`` in well under a second).
"""

USER_PLACE_KINDS = ("city", "capital", "airport", "province", "region", "district", "dam", "facility", "bridge",
                    "road", "landmark")  # kinds a point can stand for (a road: a point on it, drawn as a point, not as its line)
# a district at its seat; a dam, plant or bridge placed by a click is "near" (2); a landmark's point is a label (5)
DEFAULT_PRECISION = {"city": 3, "capital": 8, "airport": 1, "province": 4, "region": 6, "district": 3, "dam": 2, "facility": 2,
                     "bridge": 2, "road": 5, "landmark": 5}
