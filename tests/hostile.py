"""A malicious but valid plan and two malicious places, for the security tests (library, pages and browser).

Everything goes in through the front door, as a user could do it: the places through
``userdata.add_place`` and the plan through ``userdata.add_document``, into a user data
directory of the test's own. The plan names the places, so the markup reaches every output:
statement text, section titles, the plan's title, place names on the map, in the
whole-country tray, in tables, on the timeline and in every export.
"""

from __future__ import annotations

from pathlib import Path

from laomap import userdata
from laomap.pipeline.dataset import Dataset
from laomap.pipeline.gazetteer_files import load_gazetteer

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
LINK = '<a href="javascript:alert(1)">x</a>'
SVG = '"><svg onload=alert(1)>'
TEMPLATE = "`backtick` ${alert(1)} </script>"
MONEY = "$5 million to $10 million"  # mathtext would set the words between the dollars in italics
BAD_MATH = "$\\frac{1}{2} $x^{"  # unbalanced mathtext: matplotlib would raise on it
FORMULA = '=HYPERLINK("http://example.invalid","click")'
MARKDOWN = "[go](javascript:alert(1)) :red[red] $x^2$"

PAYLOADS = (SCRIPT, IMG, LINK, SVG, TEMPLATE, MONEY)
DOC_ID = "hostile-en"
TOWN = "hostile_town"  # a city: a point on the map with a tooltip, a popup and a label
ZONE = "hostile_zone"  # a region: the whole-country tray and its caption
TOWN_EN, TOWN_JA = IMG, SVG
ZONE_EN, ZONE_JA = f"Zone {MARKDOWN}", "ゾーン`${alert(1)}`"
TITLE = f"Joint Plan {SCRIPT} {LINK} {MONEY}"

TEXT = f"""Joint Plan {SCRIPT} on Hostile Input

1 Cooperation around {IMG} and Vientiane

(1) Roads {TEMPLATE}

Japan affirmed to support the road from Vientiane to {IMG} by 2027. Both sides affirmed to build a school named {SCRIPT} in Vientiane in 2025.

Both sides affirmed to open the page {LINK} in Attapeu Province by 2026, at a cost of {MONEY} and {BAD_MATH} .

(2) Markup {SVG}

Japan affirmed to fund {TEMPLATE} {SVG} in Savannakhet from 2024 to 2026.

{FORMULA} Both sides affirmed to review the plan in Luang Prabang in 2027.

Both sides affirmed to promote tourism in {ZONE_EN} in 2028.
"""

# Sentences of TEXT, as the dataset keeps them (verbatim).
STATEMENTS = {
    "img": f"Japan affirmed to support the road from Vientiane to {IMG} by 2027.",
    "script": f"Both sides affirmed to build a school named {SCRIPT} in Vientiane in 2025.",
    "link": f"Both sides affirmed to open the page {LINK} in Attapeu Province by 2026, at a cost of {MONEY} and {BAD_MATH} .",
    "svg": f"Japan affirmed to fund {TEMPLATE} {SVG} in Savannakhet from 2024 to 2026.",
    "formula": f"{FORMULA} Both sides affirmed to review the plan in Luang Prabang in 2027.",
    "zone": f"Both sides affirmed to promote tourism in {ZONE_EN} in 2028.",
}


def make_hostile(user_dir: Path, documents_dir: Path | None = None, geodata_dir: Path | None = None) -> Dataset:
    """Add the two places and the plan to ``user_dir`` (which must be fresh); returns the dataset with them."""
    from laomap import paths

    user_dir = Path(user_dir)
    user_dir.mkdir(parents=True, exist_ok=True)
    gazetteer = load_gazetteer(Path(geodata_dir or paths.geodata_dir()))
    town = userdata.place_row(TOWN, TOWN_EN, TOWN_JA, "city", "LA", 15.12, 105.80, gazetteer=gazetteer)
    zone = userdata.place_row(ZONE, ZONE_EN, ZONE_JA, "region", "LA", 18.5, 103.5, gazetteer=gazetteer)
    for place in (town, zone):
        userdata.add_place(place, user_dir, documents_dir, geodata_dir)
    meta = userdata.document_meta(TITLE, "2024-03", "en", doc_id=DOC_ID, publisher=f"Ministry {IMG}",
                                  original_file=f"{SVG}.txt")
    return userdata.add_document(TEXT, meta, user_dir, documents_dir, geodata_dir)
