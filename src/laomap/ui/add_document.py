"""The "Add document" page's parts: upload, review (unknown places: add or ignore), add, and removal.

The work is done by the library (ingest -> userdata.preview_document -> review); this module
only draws it. The one piece of state a multi-step form needs, the document under review,
is a typed ``Draft`` kept under a single session key. Every failure is shown as the
library's message; nothing here lets a traceback reach the page.
"""

from __future__ import annotations

import hashlib
import logging
import math
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import streamlit as st

from laomap import paths, userdata
from laomap.errors import DocumentError, LaomapError
from laomap.i18n import LANGUAGE_NAMES, has, kind_label, t, theme_label
from laomap.ingest import (
    Extracted,
    accepted_suffixes,
    check_language,
    detect_language,
    human_size,
    max_upload_bytes,
    read_upload_bounded,
    reader_named,
)
from laomap.pipeline.dataset import Dataset
from laomap.pipeline.documents import DocumentMeta, own_header
from laomap.pipeline.gazetteer import name_columns
from laomap.pipeline.gazetteer_files import load_gazetteer
from laomap.ui.literal import literal
from laomap.ui.session import first_paint
from laomap.userdata import pending
from laomap.views.filters import plan_ids
from laomap.views.review import Review, review_document, suggestion_text

log = logging.getLogger(__name__)
_DRAFT = "add_document_draft"  # the document under review (a Draft)
_FLASH = "add_document_flash"  # a success message to show after a rerun
_ROUND = "add_document_round"  # bumped after an add or a cancel, so the upload form starts empty again
_SESSION = "add_document_session"  # this session's mark in the note of an add under way (userdata.pending)
_CHECKED = "add_document_checked"  # the note of a lost add was looked for in this session


COUNTRIES = ("LA", "JP", "TH", "VN", "KH", "MM", "CN", "KR")


@dataclass
class Draft:
    """A document read and previewed but not yet added."""

    name: str
    extracted: Extracted
    meta: DocumentMeta
    review: Review
    messages: list[str] = field(default_factory=list)
    taken: list[str] = field(default_factory=list)  # what was read from the document itself (title, date), as text
    twin: tuple[str, DocumentMeta] | None = None  # its text in the other language from the same file, added with it
    proposed_from: str | None = None  # no date line: the body sentence the date was read from, until the user confirms it
    meta_args: dict[str, Any] = field(default_factory=dict)  # document_meta's arguments but the date, to confirm another one


def _plain(text: str) -> str:
    """Text from a document shown through Markdown exactly as written (no emphasis, links, headings or formulas)."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~$:])", r"\\\1", text)


def _key(name: str) -> str:
    """A widget key for a name, stable across reruns and processes."""
    return hashlib.sha1(name.encode("utf-8")).hexdigest()[:12]


def _guarded(lang: str, action: Callable[[], Any]) -> tuple[bool, Any]:
    """Run a library call; show its message on failure. (ok, result)."""
    try:
        return True, action()
    except LaomapError as exc:
        st.error(literal(exc.text(lang)))  # in the interface language; the message quotes the user's input
    except Exception as exc:  # noqa: BLE001 - the page must show a message, never a traceback
        log.exception("unexpected error on the Add document page")
        st.error(t("ad.unexpected", lang, what=type(exc).__name__))
    return False, None


def _k(name: str) -> str:
    """Key of an upload-form widget in the current round (a new round is a fresh, empty form)."""
    n = st.session_state.get(_ROUND, 0)
    return name if not n else f"{name}_{n}"


def _new_round() -> None:
    st.session_state.pop(_DRAFT, None)
    st.session_state[_ROUND] = st.session_state.get(_ROUND, 0) + 1


def draft() -> Draft | None:
    value = st.session_state.get(_DRAFT)
    return value if isinstance(value, Draft) else None


def _preview(d_text: str, meta: DocumentMeta, located: list | None = None, twin: tuple[str, DocumentMeta] | None = None) -> Review:
    ds = userdata.preview_document(d_text, meta, twin=twin)
    return review_document(ds, meta.id, userdata.ignored_names(), located=located or [])


def client_id() -> str:
    """This browser, as the cookie it sends every replica says (the token in Streamlit's XSRF cookie); "" unknown.

    Not nginx's ``laomap_replica``: that is its replica's route token, the same for every browser of a replica.
    """
    try:
        return pending.browser_of_xsrf(str(st.context.cookies.get("_streamlit_xsrf") or ""))
    except Exception:  # noqa: BLE001 - no browser context (a bare run): no note is kept
        return ""


def _session() -> str:
    """This browser session's own mark (a new session after a reconnect has another)."""
    return str(st.session_state.setdefault(_SESSION, os.urandom(8).hex()))


def flash(lang: str = "en") -> None:
    """Show (once) what the previous action did; and, once per session, that the last one was lost with its server."""
    message = st.session_state.pop(_FLASH, None)
    if message:
        st.success(message)
    if not st.session_state.get(_CHECKED) and not first_paint():  # a first run's page is drawn again at once: not there
        st.session_state[_CHECKED] = True
        note = pending.interrupted(paths.user_data_dir(), client_id(), _session())
        if note is not None:
            when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(float(note.get("started") or 0)))
            st.warning(literal(t("ad.interrupted", lang, id=str(note.get("id", "?")), title=str(note.get("title", "")), when=when)))


def header(lang: str) -> None:
    from laomap.ui.look import apply_look, kicker_html

    apply_look(lang)
    st.html(kicker_html(lang))
    st.title(t("ad.title", lang), anchor=False)
    st.caption(t("ad.intro", lang))
    st.caption(t("ad.where", lang))


# --------------------------------------------------------------------------- step 1


def upload_form(ds: Dataset, lang: str) -> None:
    """The upload form; on submit, read the file and preview the new dataset."""
    ok, limit = _guarded(lang, max_upload_bytes)
    if not ok:
        return
    docs = plan_ids(ds)
    st.header(t("ad.step1", lang), anchor=False)
    # The file is part of the form: the browser keeps Review disabled until the file has reached the server, so a
    # quick click can never send the form without it (an uploader outside the form raced the click).
    with st.form(_k("ad_upload")):
        upload = st.file_uploader(t("ad.file", lang, limit=human_size(limit)), type=accepted_suffixes(), key=_k("ad_file"),
                                  max_upload_size=max(1, math.ceil(limit / 1024 / 1024)))
        if first_paint():  # a first visit's first run: the file field alone, its details with the next run (ui/session),
            st.form_submit_button(t("ad.review", lang), type="primary", disabled=True)  # so its scripts load first
            return
        c1, c2, c3 = st.columns([3, 1, 1])
        title = c1.text_input(t("ad.doc_title", lang), key=_k("ad_title"))
        date = c2.text_input(t("ad.date", lang), key=_k("ad_date"), placeholder=t("ad.date_example", lang))
        languages = {"": t("ad.lang_auto", lang), **{code: LANGUAGE_NAMES[code] for code in ("en", "ja")}}
        chosen = c3.radio(t("ad.lang", lang), list(languages), format_func=languages.get, key=_k("ad_lang"), horizontal=True)
        c4, c5, c6 = st.columns(3)
        # The labels, not the dataset, in the format function: Streamlit keeps every widget's metadata (its format
        # function included) for the whole session, and this form's keys change with each add (``_k``), so a
        # function reading ``ds`` kept every earlier dataset alive, about 8 MB per added document (issue 30).
        titles = {"": t("ad.none", lang), **{d: ds.documents[d].short_title(lang) for d in docs}}
        translation_of = c4.selectbox(t("ad.translation_of", lang), list(titles), key=_k("ad_translation_of"), format_func=titles.get)
        doc_id = c5.text_input(t("ad.doc_id", lang), key=_k("ad_doc_id"), help=t("ad.doc_id_help", lang))
        publisher = c6.text_input(t("ad.publisher", lang), key=_k("ad_publisher"))
        submitted = st.form_submit_button(t("ad.review", lang), type="primary")
    if not submitted:
        return
    st.session_state.pop(_DRAFT, None)  # a new review replaces the previous one, even if it fails
    if upload is None:
        st.error(t("ad.need_file", lang))
        return
    bar = st.progress(0.0)

    def progress(done: int, total: int) -> None:
        bar.progress(done / total, text=t("ad.reading", lang, done=done, total=total))

    def read() -> Draft:
        extracted = read_upload_bounded(upload.getvalue(), upload.name, progress)
        detected = detect_language(extracted.text)
        doc_lang = chosen or (detected.lang if detected.lang in ("en", "ja") else "en")  # Lao is refused just below
        check_language(extracted.text, doc_lang, upload.name)
        own_title, own_date, taken, proposed = title, date, [], None
        if detected.lang == doc_lang and detected.share > 0:
            taken.append(t("ad.lang_detected", lang, language=LANGUAGE_NAMES[doc_lang], share=f"{detected.share:.0%}"))
        if not title or not date:  # from the document itself: its first line and its date line
            own = own_header(extracted.text, doc_lang)
            own_title = title or own.title
            if not date and own.date is None and own.proposed_date is None:
                raise DocumentError.of("err.need_date", name=upload.name, line=own.date_line or "—")
            taken += [] if title else [t("ad.title_from", lang, title=own.title)]
            if not date and own.date is None:  # read from a sentence of the body: proposed, to be confirmed
                own_date, proposed = own.proposed_date, own.proposed_from
            elif not date:
                own_date = own.date
                taken.append(t("ad.date_from", lang, date=own.date, line=own.date_line))
        args = dict(title=own_title, lang=doc_lang, doc_id=doc_id or None, translation_of=translation_of or None,
                    publisher=publisher or None, original_file=upload.name, sha256=extracted.sha256,
                    source_format=extracted.description, taken=userdata.taken_ids())
        meta = userdata.document_meta(date=own_date, **args)
        twin = None
        if extracted.twins and not translation_of:  # the file in both languages: one statement pair per statement
            other, text = next(iter(extracted.twins.items()))
            twin = (text, userdata.twin_meta(meta, text, other))
            taken.append(t("ad.twin", lang, id=twin[1].id, language=LANGUAGE_NAMES.get(other, other)))
        return Draft(upload.name, extracted, meta, _preview(extracted.text, meta, extracted.located, twin), taken=taken, twin=twin,
                     proposed_from=proposed, meta_args=args)

    ok, new = _guarded(lang, read)
    bar.empty()
    if ok:
        st.session_state[_DRAFT] = new


# --------------------------------------------------------------------------- step 2


def review_panel(d: Draft, ds: Dataset, lang: str) -> None:
    """What the pipeline found, and the unknown names with a form to add or ignore each."""
    r = d.review
    st.header(t("ad.step2", lang), anchor=False)
    st.markdown(f"**{_plain(r.title)}** · `{d.meta.id}`")
    x = d.extracted
    reader = reader_named(x.source_format)
    how = t(reader.how_key, lang, **reader.how_args(x))
    st.caption(_plain(t("ad.source", lang, name=d.name, size=human_size(x.size), how=how)))
    st.caption(" · ".join(_plain(x) for x in [t("ad.structure", lang, layout=t(f"layout.{r.layout}", lang)), *d.taken]))
    for note in [*d.extracted.notes, *r.warnings]:
        st.warning(literal(note))
    if d.proposed_from is not None:
        _confirm_date(d, lang)
    cols = st.columns(5)
    cols[0].metric(t("ad.sections", lang), r.sections)
    cols[1].metric(t("ad.paragraphs", lang), r.paragraphs)
    cols[2].metric(t("ad.statements", lang), r.statements)
    cols[3].metric(t("ad.places", lang), len(r.places))
    cols[4].metric(t("ad.dates", lang), len(r.dates))
    st.caption(t("ad.kinds", lang) + ": " + " · ".join(f"{kind_label(k, lang)} {n}" for k, n in r.kinds.items() if n))

    left, right = st.columns([3, 2], gap="large")
    with left:
        st.markdown(f"### {t('ad.places', lang)}")
        if r.places:
            st.dataframe(pd.DataFrame([{
                t("ad.col.place", lang): p.name, t("ad.col.kind", lang): kind_label_place(p.kind, lang), t("ad.col.role", lang): t(f"role.{p.role}", lang),
                t("ad.col.statements", lang): p.statements, t("ad.col.added", lang): "✓" if p.user_added else "",
            } for p in r.places]), hide_index=True, width="stretch")
        else:
            st.info(t("ad.no_places", lang))
        if r.unplaced:
            st.caption(t("ad.unplaced", lang, n=r.unplaced))
    with right:
        st.markdown(f"### {t('ad.dates', lang)}")
        st.dataframe(pd.DataFrame([{t("ad.col.date", lang): x.iso, t("ad.col.kind", lang): t(f"ad.datekind.{x.kind}", lang),
                                    t("ad.col.text", lang): x.text}
                                   for x in r.dates], columns=[t("ad.col.date", lang), t("ad.col.kind", lang), t("ad.col.text", lang)]),
                     hide_index=True, width="stretch")

    st.markdown(f"### {t('ad.listed', lang, n=r.statements)}")  # what it will add, to check before adding
    st.dataframe(pd.DataFrame([{
        t("ad.col.ref", lang): x.ref, t("ad.col.kind", lang): kind_label(x.kind, lang),
        t("st.themes", lang): ", ".join(theme_label(th, lang) for th in x.themes), t("ad.col.place", lang): ", ".join(x.places),
        t("ad.col.date", lang): ", ".join(x.dates), t("st.amounts", lang): ", ".join(x.amounts), t("ad.col.text", lang): x.text,
    } for x in r.listed]), hide_index=True, width="stretch")

    st.markdown(f"### {t('ad.unknown', lang)}")
    if not r.candidates:
        st.success(t("ad.unknown_none", lang))
        return
    st.caption(t("ad.unknown_help", lang))
    for i, c in enumerate(r.candidates):
        with st.expander(t("ad.candidate", lang, name=literal(c.name), n=c.count, kind=kind_label_place(c.kind, lang)), expanded=i == 0):
            for snippet in c.contexts:
                st.caption(_plain(snippet))
            _place_form(d, c, ds, lang)


def _confirm_date(d: Draft, lang: str) -> None:
    """No date line: the date read from a sentence of the body, which the user confirms or corrects before adding."""
    st.warning(t("ad.date_proposed", lang, date=d.meta.date, sentence=literal(d.proposed_from or "")))
    with st.form(f"ad_confirm_date_{d.extracted.sha256[:12]}"):  # one per document: a new draft starts from its own proposal
        typed = st.text_input(t("ad.date_confirm_label", lang), value=d.meta.date, key=f"ad_confirm_date_{d.extracted.sha256[:12]}_value")
        confirmed = st.form_submit_button(t("ad.date_confirm", lang), type="primary")
    if not confirmed:
        return

    def confirm() -> Review:
        meta = userdata.document_meta(date=typed, **d.meta_args)
        twin = None if d.twin is None else (d.twin[0], userdata.twin_meta(meta, d.twin[0], d.twin[1].language))
        review = _preview(d.extracted.text, meta, d.extracted.located, twin)
        d.meta, d.twin, d.proposed_from = meta, twin, None
        return review

    ok, review = _guarded(lang, confirm)
    if ok:
        d.review = review
        d.taken.append(t("ad.date_confirmed", lang, date=d.meta.date))
        st.rerun()


def kind_label_place(kind: str, lang: str) -> str:
    """A gazetteer place kind in words (``ad.place_kind.<kind>``); an unknown kind as itself."""
    key = f"ad.place_kind.{kind}"
    return t(key, lang) if has(key) else kind


def _point(d: Draft, c, key: str, lang: str) -> None:
    """The point the file itself gives for this name (an IATI location): one click adds the place there."""
    p = c.point
    if p is None or not st.button(t("ad.add_located", lang, lat=f"{p.lat:.4f}", lon=f"{p.lon:.4f}", precision=p.precision),
                                  key=f"{key}_point"):
        return

    def add_it() -> tuple[str, int]:
        gazetteer = load_gazetteer(paths.geodata_dir(), userdata.user_places(paths.user_data_dir()))
        place = userdata.located_place(c.name, c.lang, p, gazetteer, c.suggested_id)
        new = userdata.add_place(place)
        return place.name(lang), int(new.links.place_id.eq(place.place_id).sum())

    ok, result = _guarded(lang, add_it)
    if ok:
        _refresh(d, lang, t("ad.place_added", lang, name=literal(result[0]), n=result[1]))


def _suggestions(d: Draft, c, key: str, lang: str) -> None:
    """The GeoNames places of this name: one click adds one (nothing is added without that click)."""
    _point(d, c, key, lang)
    if not c.suggestions:
        st.caption(t("ad.no_suggestions", lang))
        return
    st.markdown(t("ad.suggestions", lang))
    for s in c.suggestions:
        if not st.button(t("ad.add_suggestion", lang, what=suggestion_text(s, lang)), key=f"{key}_gn_{s.geonames_id}"):
            continue

        def add_it(s=s) -> tuple[str, int]:
            gazetteer = load_gazetteer(paths.geodata_dir(), userdata.user_places(paths.user_data_dir()))
            place = userdata.geonames_place(s.geonames_id, gazetteer, **name_columns(c.name, c.lang))
            new = userdata.add_place(place)
            return place.name(lang), int(new.links.place_id.eq(place.place_id).sum())

        ok, result = _guarded(lang, add_it)
        if ok:
            _refresh(d, lang, t("ad.place_added", lang, name=literal(result[0]), n=result[1]))
    st.caption(t("ad.or_by_hand", lang))


def _click_map(d: Draft, c, ds: Dataset, key: str, lang: str) -> None:
    """A small map: a click sets the point (approximate, precision 2); the province it falls in is shown before adding."""
    if not st.checkbox(t("ad.click_map", lang), key=f"{key}_onmap"):
        return
    from streamlit_folium import st_folium

    from laomap.maps.pickmap import pick_map

    clicked = (st.session_state.get(f"{key}_map") or {}).get("last_clicked")
    point = (float(clicked["lat"]), float(clicked["lng"])) if isinstance(clicked, dict) and clicked.get("lat") is not None else None
    st_folium(pick_map(ds.gazetteer.layers, point), key=f"{key}_map", height=380, use_container_width=True,
              returned_objects=["last_clicked"])
    if point is None:
        st.caption(t("ad.click_hint", lang))
        return
    ok, spot = _guarded(lang, lambda: userdata.clicked_spot(ds.gazetteer, *point))
    if not ok:
        return
    parent = ds.gazetteer.places.get(spot.parent_id)
    where = f"{parent.name(lang)} ({kind_label_place(parent.kind, lang)})" if parent is not None else spot.country
    st.info(t("ad.clicked", lang, lat=f"{spot.lat:.4f}", lon=f"{spot.lon:.4f}", where=where,
              precision=userdata.CLICK_PRECISION, meaning=t(f"precision.{userdata.CLICK_PRECISION}", lang)))
    if not st.button(t("ad.add_clicked", lang, name=literal(c.name)), key=f"{key}_addclick", type="primary"):
        return

    def add_it() -> tuple[str, int]:
        gazetteer = load_gazetteer(paths.geodata_dir(), userdata.user_places(paths.user_data_dir()))
        place = userdata.clicked_place(c.name, c.lang, c.kind, spot, gazetteer, c.suggested_id)
        new = userdata.add_place(place)
        return place.name(lang), int(new.links.place_id.eq(place.place_id).sum())

    ok, result = _guarded(lang, add_it)
    if ok:
        _refresh(d, lang, t("ad.place_added", lang, name=literal(result[0]), n=result[1]))


def _place_form(d: Draft, c, ds: Dataset, lang: str) -> None:
    key = f"ad_cand_{_key(c.name)}"
    _suggestions(d, c, key, lang)
    _click_map(d, c, ds, key, lang)
    japanese_kanji = c.lang == "ja" and all("\u4e00" <= ch <= "\u9fff" for ch in c.name)
    with st.form(key):
        a, b, k = st.columns(3)
        place_id = a.text_input(t("ad.place_id", lang), value=c.suggested_id, key=f"{key}_id", placeholder=t("ad.place_id_hint", lang))
        filed = name_columns(c.name, c.lang)  # the document's spelling in its language's column
        name_en = b.text_input(t("ad.name_en", lang), value=filed["name_en"], key=f"{key}_en")
        name_ja = k.text_input(t("ad.name_ja", lang), value=filed["name_ja"], key=f"{key}_ja")
        e, f, g, h = st.columns(4)
        kinds = list(userdata.USER_PLACE_KINDS)
        kind = e.selectbox(t("ad.kind", lang), kinds, index=kinds.index(c.kind) if c.kind in kinds else 0,
                           format_func=lambda x: kind_label_place(x, lang), key=f"{key}_kind")
        country = f.selectbox(t("ad.country", lang), COUNTRIES, index=1 if japanese_kanji else 0, key=f"{key}_country")
        lat = g.number_input(t("ad.lat", lang), min_value=-90.0, max_value=90.0, value=None, format="%.4f",
                             help=t("ad.coords_help", lang), key=f"{key}_lat")
        lon = h.number_input(t("ad.lon", lang), min_value=-180.0, max_value=180.0, value=None, format="%.4f",
                             help=t("ad.coords_help", lang), key=f"{key}_lon")
        add = st.form_submit_button(t("ad.add_place", lang), type="primary")
    if st.button(t("ad.ignore", lang), key=f"{key}_ignore"):
        ok, _ = _guarded(lang, lambda: userdata.ignore_name(c.name))
        if ok:
            _refresh(d, lang, t("ad.ignored", lang, name=literal(c.name)))
    if not add:
        return
    if lat is None or lon is None:
        st.error(t("ad.need_coords", lang))
        return

    def add_it() -> tuple[str, int]:
        gazetteer = load_gazetteer(paths.geodata_dir(), userdata.user_places(paths.user_data_dir()))
        place = userdata.place_row(place_id.strip(), name_en, name_ja, kind, country, lat, lon, gazetteer=gazetteer)
        new = userdata.add_place(place)
        return place.name(lang), int(new.links.place_id.eq(place.place_id).sum())

    ok, result = _guarded(lang, add_it)
    if ok:
        _refresh(d, lang, t("ad.place_added", lang, name=literal(result[0]), n=result[1]))


def _refresh(d: Draft, lang: str, message: str) -> None:
    """Preview again after a place was added or a name ignored, and show the new review."""
    ok, review = _guarded(lang, lambda: _preview(d.extracted.text, d.meta, d.extracted.located, d.twin))
    if ok:
        d.review = review
        st.session_state[_FLASH] = message
        st.rerun()


# --------------------------------------------------------------------------- step 3


def add_buttons(d: Draft, lang: str) -> None:
    st.header(t("ad.step3", lang), anchor=False)
    a, b, _ = st.columns([1, 1, 4])
    waiting = d.proposed_from is not None  # a date proposed from the body is never stored unconfirmed
    if waiting:
        st.caption(t("ad.date_first", lang))
    if a.button(t("ad.add", lang), type="primary", key="ad_add", disabled=waiting):
        note = pending.begin(paths.user_data_dir(), client_id(), _session(),
                             {"action": "add", "id": d.meta.id, "title": d.meta.title(d.meta.language)})
        try:
            pending.hold()
            ok, _ = _guarded(lang, lambda: userdata.add_document(d.extracted.text, d.meta, twin=d.twin))
        finally:
            pending.end(note)
        if ok:
            _new_round()
            st.session_state[_FLASH] = t("ad.added", lang, id=d.meta.id, n=d.review.statements, placed=d.review.placed,
                                         unplaced=d.review.unplaced)
            st.rerun()
    if b.button(t("ad.cancel", lang), key="ad_cancel"):
        _new_round()
        st.rerun()


# --------------------------------------------------------------------------- removal


def manage(lang: str) -> None:
    """What the user added, with removal."""
    st.header(t("ad.manage", lang), anchor=False)
    ok, found = _guarded(lang, lambda: (userdata.user_documents(paths.user_data_dir()), userdata.user_places(paths.user_data_dir()),
                                        userdata.ignored_names()))
    if not ok:
        return
    docs, places, ignored = found
    left, middle, right = st.columns(3, gap="large")
    with left:
        st.markdown(f"**{t('ad.my_docs', lang)}**")
        if not docs:
            st.caption(t("ad.nothing", lang))
        for meta, _ in docs:
            title = meta.title(meta.language)
            st.markdown(f"`{meta.id}` · {meta.language} · {meta.date}  \n{_plain(title)}")
        if docs:
            _remove("doc", [m.id for m, _ in docs], t("ad.remove_doc", lang), lang, userdata.remove_document)
    with middle:
        st.markdown(f"**{t('ad.my_places', lang)}**")
        if not places:
            st.caption(t("ad.nothing", lang))
        for p in places:
            names = " / ".join(dict.fromkeys((p.name_en, p.name_ja)))
            st.markdown(f"`{p.place_id}` · {_plain(names)} · {p.country} · {p.lat:.4f}, {p.lon:.4f}")
        if places:
            _remove("place", [p.place_id for p in places], t("ad.remove_place", lang), lang, userdata.remove_place)
    with right:
        st.markdown(f"**{t('ad.my_ignored', lang)}**")
        if not ignored:
            st.caption(t("ad.nothing", lang))
        for name in ignored:
            if st.button(f"{t('ad.unignore', lang)}: {_plain(name)}", key=f"ad_unignore_{_key(name)}"):
                ok, _ = _guarded(lang, lambda name=name: userdata.ignore_name(name, undo=True))
                if ok:
                    st.rerun()


def _remove(what: str, ids: list[str], label: str, lang: str, action: Callable[[str], object]) -> None:
    with st.form(f"ad_remove_{what}"):
        chosen = st.selectbox(label, ids, key=f"ad_remove_{what}_id")
        confirmed = st.checkbox(t("ad.confirm", lang), key=f"ad_remove_{what}_confirm")
        go = st.form_submit_button(label)
    if go and confirmed:
        ok, _ = _guarded(lang, lambda: action(chosen))
        if ok:
            st.session_state[_FLASH] = t("ad.removed", lang, id=chosen)
            st.rerun()
