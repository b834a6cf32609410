"""Sorting names the way a reader of the language expects: Japanese names in gojūon order (あいうえお), by their reading;
Lao names in Lao alphabetical order (ກ ຂ ຄ ງ ຈ ສ ຊ …, ``sort_key_lo``).

A Japanese name is read from its kana: the name itself when it is written in kana (ルアンパバーン県),
else the first alias written in kana (沖縄 → おきなわ), else, for a Japanese place, its Hepburn
romanisation (Kyoto → きょうと), else the leading kana of the name (メコン川 → めこん); what
is left sorts after, in character order. Katakana and hiragana sort together, voiced marks and
small kana next to their plain forms, the long-vowel mark is ignored, as dictionaries do.
Standard library only.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable

_KANA = re.compile(r"[\u3041-\u3096\u30a1-\u30fa\u30fc・]+")
_SUFFIXES = ("県", "都", "府", "市", "州", "道")  # administrative suffixes: 京都市 sorts as 京都
_SMALL = str.maketrans("ぁぃぅぇぉっゃゅょゎゕゖ", "あいうえおつやゆよわかけ")

# Hepburn syllables, longest first when matching (kyo before ky...); enough for place names.
_ROMAJI = {
    "kya": "きゃ", "kyu": "きゅ", "kyo": "きょ", "sha": "しゃ", "shu": "しゅ", "sho": "しょ", "chi": "ち", "cha": "ちゃ",
    "chu": "ちゅ", "cho": "ちょ", "tsu": "つ", "shi": "し", "nya": "にゃ", "nyu": "にゅ", "nyo": "にょ", "hya": "ひゃ",
    "hyu": "ひゅ", "hyo": "ひょ", "mya": "みゃ", "myu": "みゅ", "myo": "みょ", "rya": "りゃ", "ryu": "りゅ", "ryo": "りょ",
    "gya": "ぎゃ", "gyu": "ぎゅ", "gyo": "ぎょ", "ja": "じゃ", "ju": "じゅ", "jo": "じょ", "ji": "じ", "bya": "びゃ",
    "byu": "びゅ", "byo": "びょ", "pya": "ぴゃ", "pyu": "ぴゅ", "pyo": "ぴょ", "fu": "ふ",
    "ka": "か", "ki": "き", "ku": "く", "ke": "け", "ko": "こ", "sa": "さ", "su": "す", "se": "せ", "so": "そ",
    "ta": "た", "te": "て", "to": "と", "na": "な", "ni": "に", "nu": "ぬ", "ne": "ね", "no": "の", "ha": "は",
    "hi": "ひ", "he": "へ", "ho": "ほ", "ma": "ま", "mi": "み", "mu": "む", "me": "め", "mo": "も", "ya": "や",
    "yu": "ゆ", "yo": "よ", "ra": "ら", "ri": "り", "ru": "る", "re": "れ", "ro": "ろ", "wa": "わ", "wo": "を",
    "ga": "が", "gi": "ぎ", "gu": "ぐ", "ge": "げ", "go": "ご", "za": "ざ", "zu": "ず", "ze": "ぜ", "zo": "ぞ",
    "da": "だ", "de": "で", "do": "ど", "ba": "ば", "bi": "び", "bu": "ぶ", "be": "べ", "bo": "ぼ", "pa": "ぱ",
    "pi": "ぴ", "pu": "ぷ", "pe": "ぺ", "po": "ぽ", "a": "あ", "i": "い", "u": "う", "e": "え", "o": "お",
}
_ROMAJI_PATTERN = re.compile("|".join(sorted(_ROMAJI, key=len, reverse=True)))


def hiragana(text: str) -> str:
    """Katakana turned into hiragana (other characters unchanged)."""
    return "".join(chr(ord(c) - 0x60) if "\u30a1" <= c <= "\u30f6" else c for c in text)


def romaji_to_kana(word: str) -> str | None:
    """'Kyoto' -> 'きょうと' (long vowels written out as a dictionary sorts them); None if it is not Hepburn romaji."""
    text = unicodedata.normalize("NFKD", word.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^a-z]", "", text)
    out, i = [], 0
    while i < len(text):
        if text[i] == "n" and (i + 1 == len(text) or text[i + 1] not in "aiueoy"):
            out.append("ん")
            i += 1
            continue
        if i + 1 < len(text) and text[i] == text[i + 1] and text[i] not in "aiueon":
            out.append("っ")
            i += 1
            continue
        m = _ROMAJI_PATTERN.match(text, i)
        if not m:
            return None
        out.append(_ROMAJI[m.group()])
        i = m.end()
    kana = "".join(out)
    return re.sub(r"(?<=[おこそとのほもよろごぞどぼぽょ])お", "う", kana) if kana else None  # Kyoto: きょおと -> きょうと


def reading(name_ja: str, aliases_ja: Iterable[str] = (), romanised: str = "") -> str:
    """The kana reading a Japanese name is sorted by (see the module's docstring)."""
    for candidate in (name_ja, *aliases_ja):
        stem = candidate.strip()
        for suffix in _SUFFIXES:
            if stem.endswith(suffix) and len(stem) > len(suffix):
                stem = stem[: -len(suffix)]
                break
        if stem and _KANA.fullmatch(stem):
            return hiragana(stem)
    if romanised:
        words = [w for w in romanised.split() if w.lower() not in ("prefecture", "metropolis", "city", "province")]
        kana = romaji_to_kana("".join(words))
        if kana:
            return kana
    lead = _KANA.match(name_ja)
    return hiragana(lead.group()) if lead else name_ja


def sort_key(text: str, lang: str) -> tuple:
    """Where ``text`` sorts in ``lang``: by the language's own collation where this module has one, else case-folded."""
    own = _COLLATIONS.get(lang)
    return own(text) if own else (0, text.casefold())


def place_sort_key(name: str, aliases: Iterable[str], romanised: str, lang: str) -> tuple:
    """Where a place sorts in ``lang``: in Japanese by its kana reading (see ``reading``; ``aliases`` are its Japanese
    ones), else by its name in the language's order."""
    own = _PLACE_KEYS.get(lang)
    return own(name, aliases, romanised) if own else sort_key(name, lang)


def sort_key_ja(text: str) -> tuple[int, str]:
    """A sort key for a reading: kana first in gojūon order (voiced and small kana beside their plain forms)."""
    kana = hiragana(text).replace("ー", "").replace("・", "")
    plain = unicodedata.normalize("NFKD", kana)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).translate(_SMALL)
    return (0 if plain and _KANA.match(plain[0]) else 1, plain + "\0" + kana)


# Lao alphabetical order: the consonants as Lao dictionaries list them (ສ after ຈ, unlike Unicode), ໜ ໝ as ຫນ ຫມ;
# a vowel written before its consonant (ເ ແ ໂ ໃ ໄ) sorts after it, as it is read; tone marks only break ties.
_LAO_CONSONANTS = "ກຂຄງຈສຊຍດຕຖທນບປຜຝພຟມຢຣລວຫອຮ"
_LAO_PREPOSED = "ເແໂໃໄ"
_LAO_TONES = "\u0ec8\u0ec9\u0eca\u0ecb"
_LAO_PREFIXES = ("ນະຄອນຫຼວງ", "ແຂວງ", "ນະຄອນ")  # administrative words: ແຂວງອັດຕະປື sorts as ອັດຕະປື


def sort_key_lo(text: str) -> tuple[int, str]:
    """A sort key for Lao text in Lao alphabetical order; text in another script sorts after, in character order."""
    norm = unicodedata.normalize("NFC", text.strip()).replace("ໜ", "ຫນ").replace("ໝ", "ຫມ").replace("ຫຼ", "ຫລ")
    chars = list(norm)
    for i in range(len(chars) - 1):
        if chars[i] in _LAO_PREPOSED and chars[i + 1] in _LAO_CONSONANTS:
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
    primary, ties = [], []
    for ch in chars:
        if ch in _LAO_TONES or ch == "\u0ebc":  # tone marks and the subscript lo (ຼ): ties only
            ties.append(ch)
        elif ch in _LAO_CONSONANTS:
            primary.append(chr(0x1000 + _LAO_CONSONANTS.index(ch)))
        elif "\u0e80" <= ch <= "\u0eff":
            primary.append(chr(0x1100 + ord(ch) - 0x0E80))
        else:
            primary.append(chr(0x2000) + ch)
    lao = bool(chars) and "\u0e80" <= chars[0] <= "\u0eff"
    return (0 if lao else 1, "".join(primary) + "\0" + "".join(ties) + "\0" + norm)


def _strip_lao_prefix(name: str) -> str:
    for prefix in _LAO_PREFIXES:
        if name.startswith(prefix) and len(name) > len(prefix):
            return name[len(prefix):]
    return name


_COLLATIONS = {"ja": sort_key_ja, "lo": sort_key_lo}  # a language with its own alphabetical order adds its key here


# A language whose places sort by something other than their name in its collation: Japanese by the kana reading,
# Lao without the ແຂວງ / ນະຄອນຫຼວງ prefix (a new language with such a rule adds one line here).
_PLACE_KEYS: dict[str, Callable[[str, Iterable[str], str], tuple]] = {
    "ja": lambda name, aliases, romanised: sort_key_ja(reading(name, aliases, romanised)),
    "lo": lambda name, aliases, romanised: sort_key_lo(_strip_lao_prefix(name)),
}
