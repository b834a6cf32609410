"""Text files in any of the encodings ministries use -> one string.

Encodings are decided by strict decoding in a fixed order (byte-order mark, UTF-16 by its
NUL pattern, UTF-8, UTF-16 without NULs, CP932), because a statistical detector alone
confuses short Japanese texts; charset-normalizer only breaks a tie between two strict
decodings that both look like text, and its mess measure rejects text that decodes
without error into garbage (EUC-JP read as CP932, say).
"""

from __future__ import annotations

import unicodedata

from laomap.errors import DocumentError, Phrase
from laomap.ingest.base import Extracted, Progress, Reader, extracted

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig", "UTF-8 with a byte-order mark"),
    (b"\xff\xfe", "utf-16-le", "UTF-16 (little-endian, with a byte-order mark)"),
    (b"\xfe\xff", "utf-16-be", "UTF-16 (big-endian, with a byte-order mark)"),
)
_ENCODING_LABELS = {
    "utf-8": "UTF-8",
    "utf-16-le": "UTF-16 (little-endian, no byte-order mark)",
    "utf-16-be": "UTF-16 (big-endian, no byte-order mark)",
    "cp932": "Shift_JIS/CP932",
    "euc_jp": "EUC-JP",
}
_JAPANESE_CODECS = ("cp932", "euc_jp")  # tried strictly on any text that is not UTF-8 or UTF-16
_MAGIC = (  # common files people upload by mistake, named so the message can say what to do
    (b"PK\x03\x04", "a ZIP archive or an Office document (.docx, .xlsx)"),
    (b"\xd0\xcf\x11\xe0", "an old-style Office document (.doc, .xls)"),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x1f\x8b", "a gzip archive"),
)


# --------------------------------------------------------------------------- text files


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """Decode a text file: (text, name of its encoding). Refuses binary data and text that decodes to garbage."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise DocumentError.of("err.not_text", name=name, what=what)
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            text = _strict(data[len(bom):], codec.replace("-sig", ""))
            if text is None:
                raise DocumentError.of("err.bom_damaged", name=name, encoding=label)
            _refuse_garbage(text, name, label)
            return text, label
    if b"\x00" in data:
        found = _utf16_by_nuls(data)
        if not found:
            raise DocumentError.of("err.binary_nul", name=name)
        return found[0][1], _ENCODING_LABELS[found[0][0]]
    controls = sum(1 for b in data[:65536] if b < 32 and b not in (9, 10, 12, 13) or b == 0x7F)
    if controls > max(8, min(len(data), 65536) // 100):
        raise DocumentError.of("err.binary_controls", name=name, controls=controls)
    utf8 = _strict(data, "utf-8")
    if utf8 is not None:  # UTF-8 is so strict that random bytes almost never pass: it decides alone
        _refuse_garbage(utf8, name, _ENCODING_LABELS["utf-8"])
        return utf8, _ENCODING_LABELS["utf-8"]
    candidates: list[tuple[str, str]] = []
    rejected: list[str] = []
    for codec in ("utf-16-le", "utf-16-be", "cp932", "euc_jp"):
        text = _strict(data, codec) if codec in _JAPANESE_CODECS or len(data) % 2 == 0 else None
        if text is None:
            continue
        reason = _garbage_reason(text)
        if reason is None and codec in _JAPANESE_CODECS:
            reason = _scattered_japanese(text)  # 'cafés' in Windows-1252 reads as Shift_JIS 'caf駸': English is not Japanese
        if reason is None and (codec in _JAPANESE_CODECS or _mostly_japanese(text)):
            candidates.append((codec, text))
        elif reason is not None and codec in _JAPANESE_CODECS:
            rejected.append(f"read as {_ENCODING_LABELS[codec]}, {reason}")
    if len(candidates) > 1:
        candidates.sort(key=lambda c: _detector_rank(data, c[0]))
    if candidates:
        return candidates[0][1], _ENCODING_LABELS[candidates[0][0]]
    raise _unknown_encoding(data, name, rejected)


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _utf16_by_nuls(data: bytes) -> list[tuple[str, str]]:
    """UTF-16 without a BOM: ASCII characters leave NUL bytes on one side of each pair."""
    if len(data) % 2:
        return []
    even, odd = data[0::2].count(0), data[1::2].count(0)
    order = ("utf-16-le", "utf-16-be") if odd >= even else ("utf-16-be", "utf-16-le")
    out = []
    for codec in order:
        text = _strict(data, codec)
        if text is not None and _garbage_reason(text) is None:
            out.append((codec, text))
    return out[:1]


def _mostly_japanese(text: str) -> bool:
    """A NUL-free UTF-16 reading is only believable if it is Japanese text (ASCII would have NULs)."""
    letters = [ch for ch in _sample(text) if not ch.isspace()]
    if not letters:
        return False
    kana = sum(1 for ch in letters if "\u3040" <= ch <= "\u30ff")
    japanese = sum(1 for ch in letters if "\u3000" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef")
    return japanese / len(letters) > 0.9 and kana > 0


def _is_japanese(ch: str) -> bool:
    return "\u3000" <= ch <= "\u30ff" or "\u3400" <= ch <= "\u4dbf" or "\u4e00" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef"


def _scattered_japanese(text: str) -> str | None:
    """Why a Japanese decoding is not believable: a Latin text with a few Japanese characters where accents were.

    A Japanese plan is mostly Japanese characters; a Western text read as Shift_JIS or EUC-JP
    turns each accented letter (and the next byte) into one stray kanji or half-width kana.
    """
    sample = _sample(text)
    visible = [ch for ch in sample if not ch.isspace()]
    japanese = [i for i, ch in enumerate(sample) if _is_japanese(ch)]
    if not visible or len(japanese) >= 40 or len(japanese) >= 0.2 * len(visible):
        return None
    at = japanese[0] if japanese else 0
    word = sample[max(0, at - 12):at + 4].split()
    example = next((w for w in word if any(_is_japanese(c) for c in w)), sample[at:at + 4])
    return (f"it would be a Latin-script text with only {len(japanese)} scattered Japanese characters (e.g. {example!r}), "
            "as when Western accented letters are read in a Japanese encoding")


def _western(data: bytes) -> str | None:
    """A word of the text read as Windows-1252/Latin-1, when that reading is plausible Western text (for the message)."""
    text = _strict(data, "cp1252")
    if text is None:
        return None
    odd = [i for i, ch in enumerate(text) if ord(ch) > 127]
    typographic = set("\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u2022\u00a0\u00b0\u00a9\u00ae\u20ac\u00ab\u00bb")
    if not odd or not all(text[i].isalpha() or text[i] in typographic for i in odd):
        return None
    letter = next((i for i in odd if text[i].isalpha()), odd[0])
    start = max(text.rfind(" ", 0, letter), text.rfind("\n", 0, letter)) + 1
    end = min((j for j in (text.find(" ", letter), text.find("\n", letter)) if j >= 0), default=len(text))
    return text[start:end][:40]


def _sample(text: str, size: int = 65536) -> str:
    """The beginning, middle and end of a long text: enough to judge it, fast on a 20 MB file."""
    if len(text) <= 3 * size:
        return text
    middle = (len(text) - size) // 2
    return text[:size] + text[middle:middle + size] + text[-size:]


def _detector_rank(data: bytes, codec: str) -> int:
    """Tie-break between strict decodings with charset-normalizer: its best guess first, else the fixed order."""
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:65536], cp_isolation=["utf_16_le", "utf_16_be", "cp932", "euc_jp"]).best()
    except Exception:  # noqa: BLE001 - the detector is only a hint; any failure means "no opinion"
        best = None
    guess = (best.encoding.replace("_", "-") if best is not None else "")
    return 0 if guess == codec else 1


def _garbage_reason(text: str) -> str | None:
    """Why a decoded text is not believable as a plan, or None when it looks like text."""
    if not text.strip():
        return "it contains only white space"
    sample = _sample(text)
    n = len(sample)
    controls = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\n\r\t\f") or ch == "\x7f")
    if controls > max(8, n // 200):
        return f"it contains {controls} control characters"
    odd = sum(1 for ch in sample if unicodedata.category(ch) in ("Co", "Cn", "Cs") or ch == "\ufffd")
    if odd > max(4, n // 200):
        return f"it contains {odd} unassigned, private-use or replacement characters"
    if _mess(text) > 0.25:
        return "its characters look garbled, as when a text is read in the wrong encoding"
    return None


def _mess(text: str) -> float:
    """charset-normalizer's measure of how garbled a text is, on a few samples of it (0 clean .. 1 garbage)."""
    from charset_normalizer.md import mess_ratio

    size = 4000
    starts = [0] if len(text) <= size else [0, (len(text) - size) // 2, len(text) - size]
    try:
        return max(mess_ratio(text[s:s + size], 1.0) for s in starts)
    except Exception:  # noqa: BLE001 - a failing measure must not hide the text; treat it as clean
        return 0.0


def _refuse_garbage(text: str, name: str, label: str) -> None:
    if not text.strip():
        raise DocumentError.of("err.only_space", name=name, encoding=label)
    reason = _garbage_reason(text)
    if reason:
        raise DocumentError.of("err.garbage", name=name, encoding=label, reason=reason)


def _unknown_encoding(data: bytes, name: str, rejected: list[str]) -> DocumentError:
    """The refusal of bytes in no supported encoding, saying what they look like (catalog messages ``err.encoding_*``)."""
    try:
        data.decode("utf-8")
        bad = ""
    except UnicodeDecodeError as exc:
        bad = Phrase("err.encoding_bad_byte", at=exc.start, byte=f"0x{data[exc.start]:02x}")
    hint: Phrase | str = ""
    stray, multibyte = _stray_utf8(data)
    western = None if stray and multibyte else _western(data)  # real UTF-8 sequences around: damaged UTF-8, not Western
    if western:
        return DocumentError.of("err.encoding_western", name=name, bad=bad, sample=repr(western))
    if stray:
        return DocumentError.of("err.encoding_stray_1" if stray == 1 else "err.encoding_stray", name=name, stray=stray, at=exc_start(data), byte=f"0x{data[exc_start(data)]:02x}")
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:65536]).best()
        if best is not None and best.encoding not in ("utf_8", "cp932", "shift_jis", "euc_jp", "utf_16", "utf_16_le", "utf_16_be", "ascii"):
            hint = Phrase("err.encoding_hint", encoding=best.encoding.replace("_", "-").upper())
    except Exception:  # noqa: BLE001 - the hint is optional
        hint = ""
    tried = f" ({'; '.join(rejected)})" if rejected else ""
    return DocumentError.of("err.encoding_unknown", name=name, bad=bad, tried=tried, hint=hint)


def exc_start(data: bytes) -> int:
    """The offset of the first byte that is not UTF-8 (0 when the data is valid UTF-8)."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start
    return 0


def _stray_utf8(data: bytes) -> tuple[int | None, int]:
    """(invalid bytes, multibyte characters) when the data is UTF-8 but for a few stray bytes, else (None, 0)."""
    decoded = data.decode("utf-8", errors="replace")
    invalid = decoded.count("\ufffd") - data.count("\ufffd".encode())
    if invalid <= 0 or len(data) < 200 or invalid > max(3, len(data) // 2000):
        return None, 0
    multibyte = sum(1 for ch in decoded if ord(ch) > 127 and ch != "\ufffd")
    ascii_share = sum(1 for b in data if b < 128) / len(data)
    if multibyte == 0 and ascii_share < 0.99:
        return None, 0
    return invalid, multibyte


def _read(data: bytes, name: str, progress: Progress | None) -> Extracted:
    text, encoding = decode_text(data, name)
    return extracted(data, text, "text", encoding)


READER = Reader("text", (".txt", ".text"), lambda data: True, _read, "a text file",
                describe=lambda x: f"Text file in {x.encoding}, stored as UTF-8",
                how_key="ad.how_text", how_args=lambda x: {"encoding": x.encoding})
