"""Commands to add documents and places: ``laomap add-document``, ``remove-document``, ``add-place``,
``remove-place``, ``ignore-name`` and ``user-data``.

They write only to the user data directory (``--data-dir``, else ``LAOMAP_DATA_DIR``, else
~/.local/share/laomap), all-or-nothing, and print what the pipeline found so the user can
review it: ``add-document`` ends with the place-like names the gazetteer does not know and
the ``add-place`` command that puts them on the map.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from laomap.cli.base import command
from laomap.errors import DocumentError, LaomapError

if TYPE_CHECKING:
    from laomap.pipeline.gazetteer import Gazetteer, Place


def _data_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--documents-dir", type=Path, help="built-in documents (default: documents/); only read")
    p.add_argument("--geodata-dir", type=Path, help="built-in gazetteer and boundaries (default: geodata/); only read")
    p.add_argument("--data-dir", type=Path, help="user data directory (default: $LAOMAP_DATA_DIR or ~/.local/share/laomap)")


def _add_document_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", type=Path, metavar="FILE",
                   help="the document: .txt (UTF-8, UTF-16, Shift_JIS/CP932, EUC-JP), .pdf, .html/.htm (a saved web page) or .docx")
    p.add_argument("--title", help="the title as printed, in the document's language (default: the document's own title line)")
    p.add_argument("--date", help="date of the document: YYYY, YYYY-MM or YYYY-MM-DD (default: read from its date line)")
    p.add_argument("--lang", choices=("en", "ja"), help="language of the text (default: read from the text's script)")
    p.add_argument("--translation-of", metavar="ID", help="id of the document this one translates (its sections must align)")
    p.add_argument("--id", dest="doc_id", metavar="ID", help="document id (default: the date, the title's telling words and "
                   "the language, e.g. 2016-03-23-water-supply-luang-prabang-en)")
    p.add_argument("--revision-of", metavar="ID", help="id of the document this one revises: it may then repeat that "
                   "document's text (a text the same as another document's is otherwise refused)")
    p.add_argument("--title-en", help="English title of a Japanese document")
    p.add_argument("--title-ja", help="Japanese title of an English document")
    p.add_argument("--publisher", help="who published it, e.g. 'Ministry of Foreign Affairs of Japan'")
    p.add_argument("--role", choices=("plan", "other"), default="",
                   help="a plan (a column of the plan history) or another document such as a meeting's outline or a press "
                        "release (an event on its time axis); default: from the title")
    p.add_argument("--dry-run", action="store_true", help="only print the review; add nothing")
    p.add_argument("--json", action="store_true",
                   help="print the review as JSON on standard output (other messages go to standard error); see the README for its shape")
    _data_options(p)


def _read_file(path: Path) -> bytes:
    """The bytes of FILE, refusing a missing or oversized file before reading it."""
    from laomap.ingest import check_size

    try:
        if not path.is_file():
            raise DocumentError(f"{path} does not exist or is not a file.")
        check_size(path.stat().st_size, path.name)
        return path.read_bytes()
    except OSError as exc:
        raise DocumentError(f"Cannot read {path}: {exc.strerror or exc}.") from None


def _progress(done: int, total: int) -> None:
    if sys.stderr.isatty() and total > 1:
        end = "\n" if done == total else ""
        print(f"\rreading PDF page {done}/{total}", end=end, file=sys.stderr, flush=True)


@command("add-document", _add_document_options)
def _add_document(args: argparse.Namespace) -> int:
    """Add a plan (text or PDF) to the user data directory and print what was found in it."""
    import json

    from laomap.i18n import LANGUAGE_NAMES
    from laomap.ingest import check_language, detect_language, read_upload_bounded
    from laomap.pipeline.documents import own_header
    from laomap.userdata import add_document, document_meta, ignored_names, preview_document, taken_ids, twin_meta
    from laomap.views.review import report_text, review_document

    say = (lambda *a: print(*a, file=sys.stderr)) if args.json else print
    extracted = read_upload_bounded(_read_file(args.file), args.file.name, _progress)
    lang, detected = args.lang, None
    if lang is None:  # read from the text: the share of its letters in each script
        detected = detect_language(extracted.text)
        lang = detected.lang
        say(f"Language, from the text: {LANGUAGE_NAMES.get(lang, lang)} ({detected.share:.0%} of its letters); "
            f"give --lang to choose another")
    check_language(extracted.text, lang, args.file.name)
    title, date, proposed = args.title, args.date, None
    if not title or not date:
        own = own_header(extracted.text, lang)
        if not title:
            title = own.title
            say(f"Title, from the document's first line: {title}")
        if not date:
            if own.date is None and own.proposed_date is None:
                found = f"its date line {own.date_line!r} has no year" if own.date_line else "it has no date line"
                raise DocumentError(f"{args.file.name}: give the document's date with --date YYYY[-MM[-DD]] ({found}).")
            if own.date is None:  # a date read from the body: reviewed, never added unconfirmed
                date, proposed = own.proposed_date, own.proposed_from
            else:
                date = own.date
                say(f"Date, from the document's date line {own.date_line!r}: {date}")
    meta = document_meta(
        title, date, lang, doc_id=args.doc_id, title_en=args.title_en, title_ja=args.title_ja,
        translation_of=args.translation_of, publisher=args.publisher, original_file=args.file.name,
        sha256=extracted.sha256, source_format=extracted.description, role=args.role,
        taken=taken_ids(args.data_dir, args.documents_dir),
    )
    twin = None
    if extracted.twins and not args.translation_of:  # the file in both languages: one statement pair per statement
        other, text = next(iter(extracted.twins.items()))
        twin = (text, twin_meta(meta, text, other))
    dry_run = args.dry_run or proposed is not None
    run = preview_document if dry_run else add_document
    ds = run(extracted.text, meta, args.data_dir, args.documents_dir, args.geodata_dir, args.revision_of, twin)
    for note in extracted.notes:
        say(f"note: {note}")
    say(f"Read {args.file.name}: {extracted.description}.")
    review = review_document(ds, meta.id, ignored_names(args.data_dir), located=extracted.located)
    review.detected_share = detected.share if detected else None
    review.proposed_from = proposed
    if args.json:
        from laomap.views.review import review_json

        data = {**review_json(review), "source": {"file": args.file.name, "format": extracted.description, "notes": extracted.notes},
                "added": not dry_run}
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(report_text(review))
    if proposed is not None:
        say(f"\nThe document has no date line: the date {date} was read from the sentence above. Nothing was added: "
            f"to add it with this date, confirm it with --date {date} (or give the right one).")
        return 1
    if args.dry_run:
        say("\nDry run: nothing was added.")
    else:
        where = args.data_dir or _user_dir()
        say(f"\nAdded {meta.id} to {where}: {review.statements} statements, {review.placed} on the map, {review.unplaced} naming "
            f"no place. Remove it with: laomap remove-document {meta.id}")
        if twin is not None:
            say(f"Added {twin[1].id}, its {twin[1].language} text from the same file, as its translation: each statement is "
                f"one pair in both languages (removed with {meta.id}).")
    return 0


def _user_dir() -> Path:
    from laomap.paths import user_data_dir

    return user_data_dir()


def _remove_document_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("doc_id", metavar="ID", help="id of an added document (see 'laomap user-data')")
    _data_options(p)


@command("remove-document", _remove_document_options)
def _remove_document(args: argparse.Namespace) -> int:
    """Remove a document you added (built-in documents cannot be removed)."""
    from laomap.userdata import remove_document

    remove_document(args.doc_id, args.data_dir, args.documents_dir, args.geodata_dir)
    print(f"Removed {args.doc_id}.")
    return 0


def _set_role_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("doc_id", metavar="ID", help="id of an added document (see 'laomap user-data')")
    p.add_argument("role", choices=("plan", "other", "auto"),
                   help="plan: a column of the plan history; other: an event on its time axis; auto: decided from the title")
    _data_options(p)


@command("set-role", _set_role_options)
def _set_role(args: argparse.Namespace) -> int:
    """Say whether a document you added is a plan or another document (an event on the plan history's time axis)."""
    from laomap.userdata import set_document_role

    ds = set_document_role(args.doc_id, args.role, args.data_dir, args.documents_dir, args.geodata_dir)
    meta = ds.documents[args.doc_id]
    print(f"{args.doc_id}: {'a plan' if meta.is_plan else 'not a plan (an event on the time axis)'}.")
    return 0


def _add_place_options(p: argparse.ArgumentParser) -> None:
    from laomap.userdata.kinds import USER_PLACE_KINDS

    p.add_argument("--geonames", metavar="ID", help="take the place from the offline GeoNames index by its id (as the review "
                   "of add-document suggests): name, country, coordinates; the options below override them")
    p.add_argument("--id", dest="place_id", help="new place id: lowercase letters, digits and '_', e.g. pakse "
                   "(required without --geonames; with it, made from the name)")
    p.add_argument("--name-en", default="", help="English name as the documents spell it, e.g. Pakse")
    p.add_argument("--name-ja", default="", help="Japanese name, e.g. パクセー市")
    p.add_argument("--kind", choices=USER_PLACE_KINDS, help="required without --geonames (with it: city)")
    p.add_argument("--country", help="ISO 3166-1 alpha-2 code, e.g. LA or JP (required without --geonames)")
    p.add_argument("--lat", type=_number("--lat"), help="latitude in degrees, north positive (required without --geonames)")
    p.add_argument("--lon", type=_number("--lon"), help="longitude in degrees, east positive (required without --geonames)")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--near", metavar="PLACE_ID", help="place it at a known place's point, precision 2 (near), e.g. --near paksong "
                       "for a village by Paksong (instead of --lat/--lon)")
    where.add_argument("--in", dest="inside", metavar="PLACE_ID", help="somewhere in a district or province, drawn there "
                       "(precision 3 for a district, 4 for a province), e.g. --in gnommalath_district (instead of --lat/--lon)")
    p.add_argument("--alias", action="append", default=[], help="another English spelling (repeatable)")
    p.add_argument("--alias-ja", action="append", default=[], help="another Japanese spelling (repeatable)")
    p.add_argument("--parent", help="id of the place containing it (default: the province or country whose boundary contains the point)")
    p.add_argument("--precision", type=int, help="IATI/UCDP precision code 1-8 (default by kind: city 3, airport 1, province 4...)")
    _data_options(p)


def _number(option: str):
    def parse(value: str) -> float:
        try:
            return float(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{option} expects a number in decimal degrees, got {value!r}") from None

    return parse


@command("add-place", _add_place_options)
def _add_place(args: argparse.Namespace) -> int:
    """Add a place to your gazetteer, so documents naming it appear on the map."""
    from laomap import paths
    from laomap.pipeline.gazetteer_files import load_gazetteer
    from laomap.userdata import add_place, place_row, user_places

    user_dir = args.data_dir or paths.user_data_dir()
    gazetteer = load_gazetteer(args.geodata_dir or paths.geodata_dir(), user_places(user_dir))
    if args.geonames:
        from laomap.userdata import geonames_place

        place = geonames_place(args.geonames, gazetteer, place_id=args.place_id, name_en=args.name_en, name_ja=args.name_ja,
                               kind=args.kind, aliases_en=tuple(args.alias), aliases_ja=tuple(args.alias_ja),
                               parent_id=args.parent, precision_code=args.precision)
    elif args.near or args.inside:
        place = _place_by_known(args, gazetteer)
    else:
        missing = [o for o, v in (("--id", args.place_id), ("--kind", args.kind), ("--country", args.country), ("--lat", args.lat),
                                  ("--lon", args.lon)) if v is None]
        if missing:
            raise LaomapError(f"add-place needs {', '.join(missing)} (or --geonames ID, from the suggestions of "
                              "'laomap add-document FILE --dry-run').")
        place = place_row(
            args.place_id, args.name_en, args.name_ja, args.kind, args.country, args.lat, args.lon,
            aliases_en=tuple(args.alias), aliases_ja=tuple(args.alias_ja), parent_id=args.parent,
            precision_code=args.precision, gazetteer=gazetteer,
        )
    ds = add_place(place, args.data_dir, args.documents_dir, args.geodata_dir)
    linked = ds.links[ds.links.place_id == place.place_id].commitment_id.nunique()
    parent = f", inside {place.parent_id}" if place.parent_id else ""
    source = f", from GeoNames {args.geonames}" if args.geonames else ""
    print(f"Added {place.place_id} ({place.name_en} / {place.name_ja}, {place.kind}, {place.lat}, {place.lon}{parent}{source}); "
          f"{linked} statement record(s) now name it.")
    return 0


def _place_by_known(args: argparse.Namespace, gazetteer: Gazetteer) -> Place:
    """A place put at a known place (--near: its point, precision 2) or inside a district or province (--in: the division's
    point and precision, the division as parent): no coordinates to type, and no more precision claimed than is known."""
    from laomap.pipeline.gazetteer import PLACE_ID, place_slug
    from laomap.userdata import place_row

    ref = args.near or args.inside
    known = gazetteer.places.get(ref)
    if known is None:
        raise LaomapError(f"{'--near' if args.near else '--in'}: {ref!r} is not a place id of the gazetteer (e.g. paksong, "
                          "gnommalath_district, khammouane).")
    if args.inside and known.kind not in ("district", "province"):
        raise LaomapError(f"--in expects a district or a province; {ref} is a {known.kind} (use --near {ref} for a place by it).")
    name = args.name_en or args.name_ja
    place_id = args.place_id or place_slug(args.name_en)
    if not name or not PLACE_ID.fullmatch(place_id or ""):
        raise LaomapError("add-place --near/--in needs --name-en (or --name-ja with --id).")
    parent = args.parent or (known.place_id if args.inside or known.kind in ("province", "district") else known.parent_id) or None
    # near a point (a town, a district seat): 2; near or in what is known only as an area: that area's own code
    precision = args.precision or (2 if args.near and known.precision_code in (1, 2, 3, 8) and known.geometry_ref == "point"
                                   else max(known.precision_code, 3))
    return place_row(place_id, args.name_en, args.name_ja, args.kind or "city", known.country, known.lat, known.lon,
                     aliases_en=tuple(args.alias), aliases_ja=tuple(args.alias_ja), parent_id=parent, precision_code=precision,
                     gazetteer=gazetteer)


def _remove_place_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("place_id", metavar="ID", help="id of a place you added")
    _data_options(p)


@command("remove-place", _remove_place_options)
def _remove_place(args: argparse.Namespace) -> int:
    """Remove a place you added (built-in places cannot be removed)."""
    from laomap.userdata import remove_place

    remove_place(args.place_id, args.data_dir, args.documents_dir, args.geodata_dir)
    print(f"Removed {args.place_id}.")
    return 0


def _ignore_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("name", metavar="NAME", help="a name the review should stop suggesting as a place")
    p.add_argument("--undo", action="store_true", help="suggest it again")
    p.add_argument("--data-dir", type=Path, help="user data directory (default: $LAOMAP_DATA_DIR or ~/.local/share/laomap)")


@command("ignore-name", _ignore_options)
def _ignore_name(args: argparse.Namespace) -> int:
    """Stop suggesting a name as an unknown place in document reviews."""
    from laomap.userdata import ignore_name

    names = ignore_name(args.name, args.data_dir, undo=args.undo)
    print(f"{'No longer ignoring' if args.undo else 'Ignoring'} {args.name!r}; {len(names)} name(s) ignored.")
    return 0


@command("user-data", _data_options)
def _user_data(args: argparse.Namespace) -> int:
    """List the documents, places and ignored names you added."""
    from laomap import paths
    from laomap.userdata import ignored_names, user_documents, user_places

    user_dir = args.data_dir or paths.user_data_dir()
    try:
        docs = user_documents(user_dir)
        places = user_places(user_dir)
    except LaomapError as exc:
        raise LaomapError(f"The user data in {user_dir} cannot be read: {exc}") from None
    print(f"User data directory: {user_dir}")
    print(f"documents ({len(docs)}):")
    for meta, _ in docs:
        extra = f", translation of {meta.translation_of}" if meta.translation_of else ""
        extra += "" if meta.is_plan else ", not a plan"
        print(f"  {meta.id}  [{meta.language}, {meta.date}{extra}] {meta.title(meta.language)}")
    print(f"places ({len(places)}):")
    for p in places:
        print(f"  {p.place_id}  {p.name_en} / {p.name_ja} [{p.kind}, {p.country}] {p.lat}, {p.lon}")
    names = ignored_names(user_dir)
    print(f"ignored names ({len(names)}): {', '.join(names) or '-'}")
    return 0
