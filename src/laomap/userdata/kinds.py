"""The kinds of place a user may add, and their default precision: constants with no imports.

Apart from ``places.py`` so that the command line can offer them as ``--kind`` choices when it builds
its parser without importing the pipeline (``laomap --help`` in well under a second).
"""

USER_PLACE_KINDS = ("city", "capital", "airport", "province", "region")  # kinds a single point can stand for
DEFAULT_PRECISION = {"city": 3, "capital": 8, "airport": 1, "province": 4, "region": 6}
