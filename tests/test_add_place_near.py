"""`laomap add-place NAME --near PLACE_ID | --in DISTRICT_OR_PROVINCE_ID`: a place no index knows, placed without typing coordinates."""

from __future__ import annotations

from laomap import userdata
from laomap.cli import main

from .conftest import GEODATA


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_in_a_district_and_near_a_town_claim_no_more_precision_than_known(capsys, tmp_path):
    user = tmp_path / "user"
    common = ("--geodata-dir", GEODATA, "--data-dir", user)
    assert run(capsys, "add-place", "--name-en", "Ban Nongbua", "--in", "gnommalath_district", *common)[0] == 0
    assert run(capsys, "add-place", "--name-en", "Ban Nakham", "--near", "paksong", *common)[0] == 0
    assert run(capsys, "add-place", "--name-en", "Ban Phonxay", "--near", "gnot_ou_district", *common)[0] == 0
    places = {p.place_id: p for p in userdata.user_places(user)}
    nongbua, nakham, phonxay = places["ban_nongbua"], places["ban_nakham"], places["ban_phonxay"]
    assert (nongbua.parent_id, nongbua.precision_code) == ("gnommalath_district", 4)  # the district is known only by its province
    assert (nakham.parent_id, nakham.precision_code, nakham.country) == ("champasak", 2, "LA")
    assert (phonxay.parent_id, phonxay.precision_code) == ("gnot_ou_district", 4)


def test_in_needs_a_division_and_near_a_known_place(capsys, tmp_path):
    common = ("--geodata-dir", GEODATA, "--data-dir", tmp_path / "user")
    code, _, err = run(capsys, "add-place", "--name-en", "X Village", "--in", "pakse", *common)
    assert code != 0 and "--in expects a district or a province; pakse is a city" in err
    code, _, err = run(capsys, "add-place", "--name-en", "X Village", "--near", "nowhere_at_all", *common)
    assert code != 0 and "'nowhere_at_all' is not a place id" in err
    assert not (tmp_path / "user" / "gazetteer.csv").exists()  # nothing half-written
