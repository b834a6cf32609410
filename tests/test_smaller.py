"""The smaller findings of the issue-30 probe (item 10): file modes, control characters in stored names."""

from __future__ import annotations

import os
import stat

import pytest

from laomap import atomic, userdata
from laomap.errors import LaomapError

from .datafiles import data_digest


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_a_written_file_gets_the_mode_the_umask_allows_not_0600(tmp_path, umask_022):
    path = atomic.write_text(tmp_path / "export.csv", "a,b\n")
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_a_replaced_file_keeps_its_own_mode(tmp_path, umask_022):
    path = tmp_path / "shared.json"
    path.write_text("{}", encoding="utf-8")
    path.chmod(0o664)
    atomic.write_text(path, "[]")
    assert stat.S_IMODE(path.stat().st_mode) == 0o664 and path.read_text(encoding="utf-8") == "[]"


def test_the_user_data_files_follow_the_umask(tmp_path, umask_022):
    user = tmp_path / "user"
    userdata.ignore_name("Bolaven Plateau", user)
    assert stat.S_IMODE((user / "ignored-names.txt").stat().st_mode) == 0o644


@pytest.mark.parametrize("name", ["Vientiane\x96", "Pakse\x9b2J", "Luang\u202eProbang", "Xam\x07Neua"])
def test_ignore_name_refuses_control_characters(tmp_path, name):
    user = tmp_path / "user"
    userdata.ignore_name("Bolaven Plateau", user)
    before = data_digest(user)
    with pytest.raises(LaomapError, match="control character U\\+"):
        userdata.ignore_name(name, user)
    assert data_digest(user) == before


@pytest.mark.parametrize("kind", ["file", "loop"])
def test_a_data_directory_that_is_no_folder_is_a_warning(tmp_path, kind):
    from laomap.pipeline.dataset import build

    from .conftest import DOCUMENTS, GEODATA

    user = tmp_path / "user"
    if kind == "file":
        user.write_text("not a folder", encoding="utf-8")
    else:
        user.symlink_to(tmp_path / "loop")
        (tmp_path / "loop").symlink_to(user)
    ds = build(DOCUMENTS, GEODATA, user)
    assert any(f"{user} is not a folder" in w for w in ds.warnings)
    assert set(ds.documents) == set(build(DOCUMENTS, GEODATA, tmp_path / "absent").documents)  # the built-in data is all there


# --------------------------------------------------------------------------- statement text: bidi controls, mark storms


def test_bidi_controls_and_storms_of_combining_marks_leave_the_statement_text(tmp_path):
    from laomap.ingest import read_upload
    from laomap.pipeline.dataset import build

    from .conftest import DOCUMENTS, GEODATA

    override = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: the words after it would show reversed
    zalgo = "Z" + "\u0301\u0300\u0308\u0327" * 50  # two hundred accents on one letter
    lao = "ເມືອງຫຼວງພະບາງ ພົ້ນ"  # Lao stacks vowel and tone marks: kept
    text = ("Joint Note on Water 2024\n\n2024-05-01\n\n1. Water\n\n"
            f"Japan will support the water supply of Vientiane {override}ecnivorp siht ni\u202c and {zalgo} town "
            f"with the\u2066 help\u2069 of {lao} partners.\n")
    got = read_upload(text.encode("utf-8"), "note.txt")
    assert override not in got.text and "\u2066" not in got.text and "\u202c" not in got.text
    assert "Z\u0301\u0300\u0308\u0327 town" in got.text  # four marks kept on the letter, the other 196 gone
    assert lao in got.text
    user = tmp_path / "user"
    meta = userdata.document_meta("Joint Note on Water", "2024-05-01", "en", doc_id="note-en")
    userdata.add_document(got.text, meta, user, DOCUMENTS, GEODATA)
    ds = build(DOCUMENTS, GEODATA, user)
    (statement,) = [t for t in ds.commitments.text[ds.commitments.document_id == "note-en"] if "water supply" in t]
    assert not any(ch in statement for ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")
    assert max(len(run) for run in __import__("re").findall("[\u0300-\u036f]+", statement)) == 4


def test_an_added_text_from_before_the_tidying_is_tidied_when_built(tmp_path):
    from laomap.pipeline.dataset import build

    from .conftest import DOCUMENTS, GEODATA

    user = tmp_path / "user"
    text = "Joint Note 2024\n\n2024-05-01\n\n1. Roads\n\nJapan will build the road\u202e of Vientiane.\n"
    meta = userdata.document_meta("Joint Note", "2024-05-01", "en", doc_id="old-en")
    userdata.add_document(text, meta, user, DOCUMENTS, GEODATA)  # the API takes the text as given
    assert "\u202e" in (user / "documents" / "old-en.txt").read_text(encoding="utf-8")
    ds = build(DOCUMENTS, GEODATA, user)
    assert not ds.commitments.text[ds.commitments.document_id == "old-en"].str.contains("\u202e").any()


# --------------------------------------------------------------------------- a .txt that starts with '%PDF-'


def test_a_text_file_that_starts_with_the_pdf_header_is_read_as_text():
    from laomap.ingest import read_upload

    text = "%PDF-1.7 is the version of the attached plan.\n\nJoint Note 2024\n\n1. Roads\n\nJapan will build the road.\n"
    got = read_upload(text.encode("utf-8"), "note.txt")
    assert got.source_format == "text" and "Japan will build the road." in got.text


def test_a_damaged_pdf_named_txt_gets_a_message_that_says_why_it_was_read_as_a_pdf():
    from laomap.errors import DocumentError
    from laomap.ingest import read_upload

    from .fixtures.make_pdfs import fixture_pdf, truncated_pdf

    damaged = truncated_pdf(fixture_pdf("en", 2))
    with pytest.raises(DocumentError) as caught:
        read_upload(damaged, "plan.txt")
    message = str(caught.value)
    assert message.startswith("plan.txt is not named .pdf, but its content is a PDF (it starts with '%PDF-'")
    assert "name it .pdf" in message and "Traceback" not in message
    assert read_upload(fixture_pdf("en", 2), "plan.txt").source_format == "pdf"  # a readable PDF is read whatever its name
