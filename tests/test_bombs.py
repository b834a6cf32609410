"""Hostile documents (issue 30 items 4 and 6): each is refused with a clear message, read within limits, never a bug.

The readers' own checks refuse each bomb before it is unpacked (``read_upload`` in this process);
what slips past them costs the reader process only (``read_upload_bounded``), whose limits are
shown here to hold on a file that passes every check. The time and memory of each bomb, before
and after, are measured by bench/bench_bombs.py.
"""

from __future__ import annotations

import io
import os
import zipfile

import psutil
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from laomap.cli.app import main
from laomap.errors import DocumentError
from laomap.ingest import docx as docx_reader
from laomap.ingest import read_upload, read_upload_bounded

from . import bombs

# bomb -> (the catalog key of its refusal, a size just past the limit that is cheap to make)
REFUSED = {
    "docx-zip-bomb": ("err.docx_too_large", lambda: bombs.docx_zip_bomb(40)),
    "docx-huge-document-xml": ("err.docx_too_large", lambda: bombs.docx_huge_document(40)),
    "docx-billion-laughs": ("err.docx_dtd", bombs.docx_billion_laughs),
    "docx-entity-20000": ("err.docx_dtd", bombs.docx_entity_repeated),
    "docx-truncated-xml": ("err.docx_damaged", bombs.docx_truncated),
    "docx-non-numeric-list": ("err.docx_damaged", bombs.docx_non_numeric_list_number),
    "docx-empty": ("err.docx_empty", bombs.docx_empty),
    "docm-renamed": ("err.docm", bombs.docm_renamed),
    "html-nested-100k": ("err.html_too_deep", bombs.html_nested),
    "html-19mb": ("err.html_too_large", lambda: bombs.html_large(6)),
    "pdf-stream-bomb": ("err.pdf_limit", lambda: bombs.pdf_stream_bomb(80)),
    "pdf-many-pages": ("err.pdf_too_many_pages", lambda: bombs.pdf_many_pages(2001)),
}


@pytest.mark.parametrize("kind", list(REFUSED))
def test_each_bomb_is_refused_by_its_reader_with_a_clear_message(kind):
    key, make = REFUSED[kind]
    name = bombs.BOMBS.get(kind, ("plan.pdf",))[0]
    with pytest.raises(DocumentError) as info:
        read_upload(make(), name)
    assert info.value.key == key, str(info.value)
    assert name in str(info.value) and "Traceback" not in str(info.value)


def test_a_plain_docx_still_reads_with_its_list_numbers():
    text = read_upload(bombs._docx(), "plan.docx").text
    assert bombs.PLAN in text and text.lstrip().startswith("- 1.")


def test_the_docx_limits_are_those_of_the_zip_not_of_a_lie_in_it():
    """A part whose declared size is small cannot unpack to more: zipfile stops at the declared size and fails the CRC."""
    data = bytearray(bombs.docx_zip_bomb(40))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        info = z.getinfo("word/media/image1.jpeg")
    assert info.file_size > docx_reader.MAX_PART_BYTES
    with pytest.raises(DocumentError, match="over the limit"):
        docx_reader.check_package(bytes(data), "plan.docx")


@pytest.fixture(params=["new process", "fork"])
def reader_start(request, monkeypatch):
    """Both ways of starting the reader process: a new Python (the dashboard), a fork (the command line's worker)."""
    from laomap.ingest import bounded

    monkeypatch.setattr(bounded, "FORK", request.param == "fork")
    return request.param


def test_the_bounded_reader_gives_the_same_text_as_reading_in_process(reader_start):
    data = bombs._docx()
    assert read_upload_bounded(data, "plan.docx") == read_upload(data, "plan.docx")


def test_the_bounded_reader_passes_on_the_readers_refusal(reader_start):
    with pytest.raises(DocumentError) as info:
        read_upload_bounded(bombs.docx_billion_laughs(), "laughs.docx")
    assert info.value.key == "err.docx_dtd" and "laughs.docx" in str(info.value)


def _rss() -> int:
    return psutil.Process().memory_info().rss


def test_a_file_within_every_check_but_too_costly_ends_in_the_reader_process_not_the_server(monkeypatch, reader_start):
    """20 MB of paragraphs passes the part limit (32 MB); under a 60 MB cap the reader dies, the server says so."""
    monkeypatch.setenv("LAOMAP_READER_MEMORY_MB", "60")
    data = bombs.docx_huge_document(20)
    docx_reader.check_package(data, "plan.docx")  # it passes every check of the reader
    before = _rss()
    with pytest.raises(DocumentError) as info:
        read_upload_bounded(data, "plan.docx")
    assert info.value.key == "err.reader_limit" and "60 MB" in str(info.value)
    assert _rss() - before < 50 * 1024 * 1024


def test_a_slow_file_ends_at_the_time_limit(monkeypatch, reader_start):
    monkeypatch.setenv("LAOMAP_READER_SECONDS", "1")
    with pytest.raises(DocumentError) as info:
        read_upload_bounded(bombs.pdf_many_pages(1999, drawing=200), "pages.pdf")  # within the page limit, ~20 s of work
    assert info.value.key == "err.reader_limit" and "1 s" in str(info.value)


# --------------------------------------------------------------------------- the command line (item 6)


@pytest.mark.parametrize("kind", ["docx-billion-laughs", "docx-entity-20000", "docx-truncated-xml", "docx-non-numeric-list"])
def test_the_probes_malformed_docx_kinds_exit_1_with_a_message(kind, tmp_path, capsys):
    f = tmp_path / "plan.docx"
    f.write_bytes(bombs.BOMBS[kind][1]())
    code = main(["add-document", str(f), "--lang", "en", "--title", "A plan", "--date", "2024"])
    err = capsys.readouterr().err
    assert code == 1 and "bug" not in err and "plan.docx" in err


@pytest.mark.parametrize("argv", [["ignore-name", "\udcff"], ["add-document", "x.txt", "--title", "A\udcffB"],
                                  ["links", "--plan", "\udcff"], ["correct-link", "a:1:1.1", "b:1:1.1", "add", "--note", "\udce9"]])
def test_arguments_that_are_not_utf8_exit_2_with_a_message(argv, capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("LAOMAP_DATA_DIR", str(tmp_path / "user"))
    code = main(argv)
    err = capsys.readouterr().err
    assert code == 2 and "not valid UTF-8" in err and "bug" not in err
    assert not (tmp_path / "user").exists()


_TEXT = st.text(st.characters(codec="utf-8") | st.sampled_from(["\udcff", "\udc80", "\x00", "\x85", "\u202e"]), max_size=12)
_CONTENT = st.one_of(
    st.binary(max_size=300),
    st.sampled_from([bombs.docx_truncated(), bombs.docx_non_numeric_list_number(), bombs.docx_billion_laughs(), bombs.docx_empty(),
                     bombs.docm_renamed(), bombs.html_nested(300), b"%PDF-1.4\n" + bytes(40)]),
    st.builds(lambda head, tail: head + tail, st.sampled_from([b"PK\x03\x04", b"%PDF-", b"<html>", b"\xef\xbb\xbf"]),
              st.binary(max_size=200)),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(command=st.sampled_from(["add-document", "ignore-name", "links", "correct-link", "remove-document"]), words=st.lists(_TEXT, max_size=3),
       content=_CONTENT, suffix=st.sampled_from([".docx", ".pdf", ".html", ".txt", ""]))
def test_no_argument_and_no_file_content_is_a_bug(command, words, content, suffix, tmp_path_factory, capsys):
    """Property (item 6): whatever the arguments and the file's bytes, the exit is 0, 1 or 2, never 70."""
    tmp = tmp_path_factory.mktemp("prop")
    f = tmp / f"plan{suffix}"
    f.write_bytes(content)
    env = {"LAOMAP_DATA_DIR": str(tmp / "user"), "LAOMAP_CACHE_DIR": str(tmp / "cache"), "LAOMAP_LOCK_TIMEOUT": "2"}
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        argv = {"add-document": [command, str(f), "--lang", "en", "--date", "2024", *(["--title", words[0]] if words else [])],
                "ignore-name": [command, *words[:1]],
                "links": [command, "--plan", *(words[:1] or ["x"])],
                "correct-link": [command, *(words + ["a:1:1.1", "b:1:1.1", "add"])[:3], "--note", "".join(words)],
                "remove-document": [command, *(words[:1] or ["x"])]}[command]
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse's usage errors
            code = exc.code
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    err = capsys.readouterr().err
    assert code in (0, 1, 2), err
    assert "bug in laomap" not in err
