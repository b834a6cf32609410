"""Which statements of a later plan carry on statements of an earlier one: links across the plans.

For every pair of plans in order of date, each statement of the later plan is linked to the
statements of the earlier plan that say the same or nearly the same. The score mixes two
measures, each a cosine between TF-IDF vectors (scikit-learn's weighting, on scipy.sparse: ``tfidf``):

- *wording*, in a language both statements are written in (through the EN/JA twins: the
  Action Plan's English and Japanese texts are one statement). English is read in words and
  word pairs, lightly stemmed ("developing" = "development"); Japanese, which has no spaces,
  in runs of two and three characters;
- *what they are about*, in both languages at once: the themes, actors and programmes of the
  shared vocabulary, the places of the gazetteer, the years, and the bilingual terms of
  ``glossary.py``. This is the only measure for an English statement and a Japanese one with
  no translation in common, so a Japanese statement of 2025 still finds its English
  original of 2016.

A link is kept at ``THRESHOLD`` or above, at most ``PER_STATEMENT`` per statement and pair of
plans. Its kind says how the later one takes the earlier one up: *restated* (about as much
as before), *extended* (it keeps most of the earlier one's content and adds to it) or
*narrowed* (it takes up a part of it). The user's corrections (``apply_corrections``)
confirm, reject or add links and always win over the method. ``bench/bench_carry.py``
measures it on 10,000 statements a plan; ``bench/measure_carry.py`` against hand labels.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from laomap.pipeline.glossary import concepts
from laomap.textnorm import fold

KINDS = ("restated", "extended", "narrowed", "related")  # related: linked, with no claim of how (the evidence is too thin)
ORIGINS = ("method", "confirmed", "added")  # a link found by the method, one a user confirmed, one a user added
VERDICTS = ("confirm", "reject", "add")
LINK_COLUMNS = ("later_id", "earlier_id", "later_plan", "earlier_plan", "score", "wording", "about", "kind", "origin")

# The score as words (bench/measure_carry.py measures each band's precision on the hand labels): a link scored at
# ``STRONG`` or above is "strong", at ``LIKELY`` or above "likely", else "weak". Only a strong link says how it carries
# the earlier statement on (restated / extended / narrowed: the labelled kind in every strong link found); the others
# are "related".
STRONG = 0.30
LIKELY = 0.22
BANDS = ("strong", "likely", "weak")
# each band's precision against the hand labels (Action Plan -> 2016 Joint Plan, bilingual reading), as
# bench/measure_carry.py last measured it (it says when these differ from a new measurement): 4 of 4, 4 of 5, 15 of 25
BAND_PRECISION = {"strong": 1.0, "likely": 0.8, "weak": 0.6}
THRESHOLD = 0.14  # chosen on the hand-labelled 2016 -> 2021 links: see bench/measure_carry.py and bench/README.md
PER_STATEMENT = 6  # at most this many earlier statements per later statement and earlier plan
NEAR_BEST = 0.5  # ... each within this share of the best one's score
PER_EARLIER = 3  # and an earlier statement is carried on by at most this many statements of one later plan,
NEAR_BEST_LATER = 0.6  # ... each within this share of its best later match (nearness both ways)
WORDING_WEIGHT = 0.75  # the share of the wording in the score when both statements share a language
CROSS_SCALE = 0.33  # a pair with no language in common: its "about" similarity scaled to the mixed scores (the ratio of their 95th percentiles over all pairs of the built-in English statements)
ACKNOWLEDGED = 0.75  # the score of a later acknowledgement or remark ("welcomed the signing of ...", "held talks"): it reports
REPORTS = ("acknowledgement", "remark")  # ... what happened, and restates a commitment less often
# What a plan only describes (another plan's content, the situation, a sentence of no decided kind) neither carries on
# nor is carried on like an undertaking: a pair with such a statement on either side scores this share (issue 22 made
# them statements).
NOT_UNDERTAKEN = {"background": 0.0, "statement": 0.5}
KIND_MARGIN = 0.2  # extended / narrowed when one side's content is covered this much more than the other's
# Runs of characters meet more often than words: Japanese wording scores about 1.8 times English for
# the same pairs (the Action Plan's twins: the ratio of the 95th percentiles of all pairs is 0.55).
LANGUAGE_SCALE = {"en": 1.0, "ja": 0.6}
BLOCK = 1024  # later statements per block of the similarity products (bounded memory at any size)


@dataclass(frozen=True)
class StatementText:
    """One statement as the linking reads it: its texts by language and what it is about."""

    statement_id: str
    plan_id: str
    texts: dict[str, str]
    themes: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    kind: str = "commitment"  # the statement's kind (extract.RECORD_KINDS)


def statement_texts(commitments: pd.DataFrame, plan_of: dict[str, str]) -> list[StatementText]:
    """The statements of a commitments table (one per statement id, its twins' texts folded in)."""
    out: dict[str, dict[str, Any]] = {}
    for row in commitments.itertuples(index=False):
        item = out.setdefault(row.statement_id, {"texts": {}, "themes": [], "actors": [], "places": [], "years": set()})
        item["texts"].setdefault(row.language, row.text)
        item["plan"] = plan_of.get(row.document_id, row.document_id)
        item["kind"] = row.kind
        for key, values in (("themes", row.themes), ("actors", row.actors), ("places", row.place_ids)):
            item[key] += [v for v in values if v not in item[key]]
        if not pd.isna(row.year_min):
            item["years"].update({int(row.year_min), int(row.year_max)})
    return [StatementText(sid, v["plan"], v["texts"], tuple(v["themes"]), tuple(v["actors"]), tuple(v["places"]),
                          tuple(sorted(v["years"])), v["kind"]) for sid, v in out.items()]


# --------------------------------------------------------------------------- the text as the measures read it

_WORD = re.compile(r"[a-z][a-z0-9]+(?:-[a-z0-9]+)*|[0-9]{4}")
_SUFFIXES = ("izations", "ization", "ations", "ation", "ments", "ment", "ities", "ity", "ings", "ing", "ies", "ied", "ed",
             "es", "al", "s")
_JA_DROP = re.compile(r"[\s、。，．・「」『』（）()\[\]［］〔〕,.:;：；!?！？\"'“”‘’]+")


def _stem(word: str) -> str:
    """A light English stemmer: enough for 'develop', 'developing' and 'development' to meet."""
    if len(word) <= 4 or word[0].isdigit():
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


# English function words: they say nothing of what a statement commits to.
_STOP_WORDS = frozenset(["a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "more", "most", "my", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "out", "over", "own", "same", "she", "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "upon", "very", "via", "was", "we", "were", "what", "when", "where", "whether", "which", "while", "who", "whom", "why", "with", "within", "without", "would", "you", "your", "its", "thereby", "therein", "thus", "toward", "towards", "among", "amongst", "across", "along", "around", "per", "onto", "otherwise", "whose", "wherever", "whereby", "hereafter", "may", "might", "must", "also", "already"])


def english_words(text: str) -> list[str]:
    """The stemmed words of an English text, and its pairs of words (the analyser of the English wording)."""
    words = [_stem(w) for w in _WORD.findall(fold(text).lower()) if w not in _STOP_WORDS and w not in _BOILERPLATE]
    return words + [f"{a} {b}" for a, b in zip(words, words[1:])]


def japanese_runs(text: str) -> list[str]:
    """Runs of two and three characters of a folded Japanese text (the analyser of the Japanese wording)."""
    chunks = [c for c in _JA_DROP.split(fold(text)) if c]
    grams = []
    for c in chunks:
        grams += [c[i:i + 2] for i in range(len(c) - 1)] + [c[i:i + 3] for i in range(len(c) - 2)]
    return grams or chunks


# Words every plan of the relationship uses for any commitment: they say nothing of which one.
_BOILERPLATE = frozenset({
    "japan", "japanese", "lao", "laos", "pdr", "side", "sides", "countries", "country", "two", "shall", "will", "continue",
    "cooperation", "cooperate", "affirmed", "confirmed", "shared", "intention", "view", "expressed", "welcomed", "appreciated",
    "further", "strengthen", "promote", "support", "efforts", "including", "also", "well", "mutual", "relevant",
})
_ANALYSERS = {"en": english_words, "ja": japanese_runs}


def tfidf(documents: Sequence[Sequence[str]], max_df: float = 1.0) -> Any:
    """L2-normalised TF-IDF rows (CSR, float32) of tokenised documents: scikit-learn's TfidfVectorizer weighting.


    The same formulas (``sublinear_tf=True``, smooth idf = ln((1 + n) / (1 + df)) + 1 over the n
    documents that have tokens, features in more than ``max_df`` of them left out), written on scipy.sparse because importing
    scikit-learn costs 0.7-1 s, more than the whole build; ``tests/test_carry.py`` checks the
    two agree.
    """
    from scipy import sparse

    vocabulary: dict[str, int] = {}
    indptr: list[int] = [0]
    indices: list[int] = []
    counts: list[float] = []
    for tokens in documents:
        row: dict[int, int] = {}
        for token in tokens:
            j = vocabulary.setdefault(token, len(vocabulary))
            row[j] = row.get(j, 0) + 1
        indices += row.keys()
        counts += row.values()
        indptr.append(len(indices))
    width = max(len(vocabulary), 1)
    matrix = sparse.csr_matrix((np.asarray(counts, dtype=np.float64), np.asarray(indices, dtype=np.int64), np.asarray(indptr)),
                               shape=(len(documents), width))
    n = int((np.diff(matrix.indptr) > 0).sum())  # documents with something to weigh (a statement without text in a language is none)
    df = np.bincount(matrix.indices, minlength=width)
    idf = np.log((1 + n) / (1 + df)) + 1.0
    idf[df > max_df * n] = 0.0  # too common to tell statements apart
    matrix.data = (1.0 + np.log(matrix.data)) * idf[matrix.indices]
    matrix.eliminate_zeros()
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ matrix, dtype=np.float32)


@lru_cache(maxsize=65536)
def _analysed(lang: str, text: str) -> tuple[str, ...]:
    """A text's tokens, kept per text: a review links every statement again, and all but the new ones are the same."""
    return tuple(_ANALYSERS[lang](text))


def _wording_matrix(items: Sequence[StatementText], lang: str) -> tuple[Any, np.ndarray]:
    """Rows: statements (zero where a statement has no text in ``lang``); L2-normalised TF-IDF; and who has text."""
    has = np.array([bool(s.texts.get(lang, "").strip()) for s in items])
    rows = tfidf([_analysed(lang, s.texts[lang]) if h else () for s, h in zip(items, has)], max_df=0.5 if has.sum() >= 20 else 1.0)
    has &= np.diff(rows.indptr) > 0
    return rows, has


def about_features(s: StatementText) -> list[str]:
    """What a statement is about, in features that mean the same in either language."""
    found = {c for lang, text in s.texts.items() for c in concepts(text, lang)}
    return ([f"theme:{x}" for x in s.themes] + [f"actor:{x}" for x in s.actors] + [f"place:{x}" for x in s.places]
            + [f"year:{y}" for y in s.years] + [f"term:{c}" for c in sorted(found)])


def _about_matrix(items: Sequence[StatementText]) -> Any:
    return tfidf([about_features(s) for s in items])


# --------------------------------------------------------------------------- linking

def plan_order(plan_dates: dict[str, str]) -> list[str]:
    """Plans by date (then id): the order in which statements are carried from one to the next."""
    return sorted(plan_dates, key=lambda p: (plan_dates[p], p))


@dataclass
class _Model:
    """The statements' vectors, made once per linking: wording per language, what they are about, content sets."""

    items: Sequence[StatementText]
    wording: dict[str, Any]  # lang -> (CSR matrix, has-text mask)
    about: Any  # CSR matrix
    content: list[tuple[frozenset[int], ...]]  # per statement: its word features per language, then its 'about' features

    @classmethod
    def of(cls, items: Sequence[StatementText]) -> _Model:
        wording = {lang: _wording_matrix(items, lang) for lang in _ANALYSERS}
        about = _about_matrix(items)
        matrices = [m for m, _ in wording.values()] + [about]
        content = [tuple(frozenset(m.indices[m.indptr[i]:m.indptr[i + 1]]) for m in matrices) for i in range(len(items))]
        return cls(items, wording, about, content)

    def scores(self, later: np.ndarray, earlier: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Dense (len(later) x len(earlier)) score, wording, about and shared-language arrays."""
        about_sim = (self.about[later] @ self.about[earlier].T).toarray()
        text_sim = np.zeros_like(about_sim)
        shared = np.zeros(about_sim.shape, dtype=bool)
        for lang, (matrix, has) in self.wording.items():
            rows, cols = has[later], has[earlier]
            if rows.any() and cols.any():
                sim = (matrix[later] @ matrix[earlier].T).toarray() * LANGUAGE_SCALE[lang]
                np.maximum(text_sim, sim, out=text_sim)
                shared |= np.outer(rows, cols)
        score = np.where(shared, WORDING_WEIGHT * text_sim + (1 - WORDING_WEIGHT) * about_sim, CROSS_SCALE * about_sim)
        score *= np.array([ACKNOWLEDGED if self.items[i].kind in REPORTS else 1.0 for i in later])[:, None]
        score *= np.array([NOT_UNDERTAKEN.get(self.items[i].kind, 1.0) for i in later])[:, None]
        score *= np.array([NOT_UNDERTAKEN.get(self.items[j].kind, 1.0) for j in earlier])[None, :]
        return score, text_sim, about_sim, shared

    def kind(self, i: int, j: int) -> str:
        """restated / extended / narrowed, from how much of each statement's content the other one covers.

        Read in the first language both have text in, else in what they are about.
        """
        langs = list(self.wording)
        k = next((n for n, lang in enumerate(langs) if self.wording[lang][1][i] and self.wording[lang][1][j]), len(langs))
        a, b = self.content[i][k], self.content[j][k]
        if not a or not b:
            return "restated"
        common = len(a & b)
        return _kind_of(common / len(b), common / len(a))


def link_statements(items: Sequence[StatementText], plan_dates: dict[str, str], threshold: float = THRESHOLD) -> pd.DataFrame:
    """The method's links (LINK_COLUMNS, origin 'method') between every pair of plans in order of date.

    Plans of the same date are not linked to each other: neither can carry on the other.
    """
    items = [s for s in items if s.plan_id in plan_dates]
    plans = plan_order(plan_dates)
    if len(plans) < 2 or not items:
        return empty_links()
    model = _Model.of(items)
    plan_of = np.array([s.plan_id for s in items])
    date_of = np.array([plan_dates[p] for p in plan_of])
    rows: list[tuple[Any, ...]] = []
    for plan in plans[1:]:
        later = np.flatnonzero(plan_of == plan)
        earlier = np.flatnonzero(date_of < plan_dates[plan])
        earlier = earlier[np.argsort(plan_of[earlier], kind="stable")]  # grouped by plan, for the best few of each
        if not len(later) or not len(earlier):
            continue
        for start in range(0, len(later), BLOCK):
            block = later[start:start + BLOCK]
            rows += _block_links(model, block, earlier, plan_of, threshold)
    if not rows:
        return empty_links()
    return _near_both_ways(pd.DataFrame.from_records(rows, columns=list(LINK_COLUMNS)))


def _near_both_ways(links: pd.DataFrame) -> pd.DataFrame:
    """Keep a link only if the later statement is also among the earlier one's best few in that later plan.

    A general earlier statement ("high-level visits and dialogues") would otherwise be carried
    on by every later statement that mentions a visit.
    """
    ranked = links.sort_values("score", ascending=False, kind="stable")
    groups = ranked.groupby(["earlier_id", "later_plan"], sort=False).score
    keep = (groups.cumcount() < PER_EARLIER) & (ranked.score >= NEAR_BEST_LATER * groups.transform("max"))
    return links.loc[keep.index[keep.to_numpy()]].sort_index().reset_index(drop=True)


def _block_links(model: _Model, block: np.ndarray, earlier: np.ndarray, plan_of: np.ndarray, threshold: float) -> list[tuple[Any, ...]]:
    """The links of one block of later statements: per earlier plan, the best few at or above the threshold."""
    score, text_sim, about_sim, shared = model.scores(block, earlier)
    picked_rows, picked_cols = [], []
    plans = plan_of[earlier]  # earlier statements come grouped by plan (in the items' order)
    bounds = np.flatnonzero(np.r_[True, plans[1:] != plans[:-1], True])
    for a, b in zip(bounds[:-1], bounds[1:]):
        part = score[:, a:b]
        k = min(PER_STATEMENT, b - a)
        top = np.argpartition(-part, k - 1, axis=1)[:, :k] if k < b - a else np.tile(np.arange(b - a), (len(block), 1))
        values = np.take_along_axis(part, top, axis=1)
        order = np.argsort(-values, axis=1, kind="stable")
        top, values = np.take_along_axis(top, order, axis=1), np.take_along_axis(values, order, axis=1)
        keep = (values >= threshold) & (values >= NEAR_BEST * values[:, :1])
        r, c = np.nonzero(keep)
        picked_rows.append(r)
        picked_cols.append(top[r, c] + a)
    rows, cols = np.concatenate(picked_rows), np.concatenate(picked_cols)
    order = np.lexsort((-score[rows, cols], rows))
    rows, cols = rows[order], cols[order]
    items = model.items
    scores = np.round(score[rows, cols].astype(float), 4).tolist()
    wording = np.where(shared[rows, cols], np.round(text_sim[rows, cols].astype(float), 4), np.nan).tolist()
    about = np.round(about_sim[rows, cols].astype(float), 4).tolist()
    out = []
    for r, c, s, w, a in zip(rows.tolist(), cols.tolist(), scores, wording, about):
        i, j = block[r], earlier[c]
        out.append((items[i].statement_id, items[j].statement_id, items[i].plan_id, items[j].plan_id, s, w, a,
                    model.kind(i, j) if s >= STRONG else "related", "method"))
    return out


def band(score: float | None) -> str:
    """The score in words: strong / likely / weak (a link a user added or confirmed is strong: a person read it)."""
    if score is None or score != score or score >= STRONG:
        return "strong"
    return "likely" if score >= LIKELY else "weak"


def _kind_of(earlier_covered: float, later_covered: float) -> str:
    if earlier_covered - later_covered > KIND_MARGIN:
        return "extended"  # the later one keeps the earlier one's content and says more
    if later_covered - earlier_covered > KIND_MARGIN:
        return "narrowed"  # the later one is a part of the earlier one
    return "restated"


def empty_links() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=float if c in ("score", "wording", "about") else object) for c in LINK_COLUMNS})


# --------------------------------------------------------------------------- corrections and the columns they make

@dataclass(frozen=True)
class Correction:
    """A user's word on one link: confirm or reject the method's, or add one it missed."""

    later_id: str
    earlier_id: str
    verdict: str  # confirm | reject | add
    kind: str = ""  # for 'add' (and optionally 'confirm'): restated | extended | narrowed
    note: str = ""


def apply_corrections(links: pd.DataFrame, corrections: Iterable[Correction], plan_of: dict[str, str],
                      plan_dates: dict[str, str]) -> tuple[pd.DataFrame, list[str]]:
    """The links with the user's corrections applied (they win); warnings for those that no longer apply.

    A correction naming a statement the dataset no longer has (its document was removed) is
    kept in the user's file but has no effect until the statement is back.
    """
    warnings: list[str] = []
    table = {(r.later_id, r.earlier_id): r._asdict() for r in links.itertuples(index=False)}
    for c in corrections:
        missing = [s for s in (c.later_id, c.earlier_id) if s not in plan_of]
        if missing:
            warnings.append(f"A correction of the link {c.later_id} <- {c.earlier_id} names {', '.join(missing)}, which the "
                            "dataset does not hold (was its document removed?): it has no effect.")
            continue
        later_plan, earlier_plan = plan_of[c.later_id], plan_of[c.earlier_id]
        if c.verdict != "reject" and not plan_dates.get(earlier_plan, "") < plan_dates.get(later_plan, ""):
            warnings.append(f"A correction links {c.later_id} to {c.earlier_id}, which is not of an earlier plan: it has no "
                            "effect (a statement carries on statements of earlier plans only).")
            continue
        key = (c.later_id, c.earlier_id)
        if c.verdict == "reject":
            table.pop(key, None)
            continue
        row = table.get(key) or {"later_id": c.later_id, "earlier_id": c.earlier_id, "later_plan": plan_of[c.later_id],
                                 "earlier_plan": plan_of[c.earlier_id], "score": np.nan, "wording": np.nan, "about": np.nan,
                                 "kind": c.kind or "related"}
        row["origin"] = "confirmed" if key in table else "added"
        if c.kind:
            row["kind"] = c.kind
        table[key] = row
    out = pd.DataFrame(list(table.values()), columns=list(LINK_COLUMNS)) if table else empty_links()
    order = {p: i for i, p in enumerate(plan_order(plan_dates))}
    out = out.assign(_l=out.later_plan.map(order), _e=out.earlier_plan.map(order))
    out = out.sort_values(["_l", "later_id", "_e", "score"], ascending=[True, True, True, False], kind="stable")
    return out.drop(columns=["_l", "_e"]).reset_index(drop=True), warnings


def carried_columns(links: pd.DataFrame, statement_ids: Iterable[str]) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    """For each statement id: the earlier statements it carries on, and the later ones that carry it on."""
    back: dict[str, list[str]] = {}
    forth: dict[str, list[str]] = {}
    for later, earlier in zip(links.later_id, links.earlier_id):
        back.setdefault(later, []).append(earlier)
        forth.setdefault(earlier, []).append(later)
    ids = list(statement_ids)
    return [tuple(back.get(s, ())) for s in ids], [tuple(forth.get(s, ())) for s in ids]
