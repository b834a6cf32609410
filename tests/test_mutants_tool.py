"""scripts/mutants.py must see a mutant in a function whose result is kept: a cache must not answer for it.

The tool runs the tests of every mutant in one process, so whatever the code computed once and keeps (a
``functools`` cache, a ``cached_property``, a memo dict, a dataset's derived tables, a name a test module imported
from a module that made it) outlives the mutant unless the tool drops it. A toy package with one function behind each shows it: the tool as it is kills every mutant; the
tool with its cache clearing as it was before (the mutated module's own ``lru_cache``s only) kills none of them.
"""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from .conftest import ROOT

TOY = {
    "toy/__init__.py": "",
    # the mutated module: nothing in it is cached, its users keep its results
    "toy/core.py": """
        def one() -> int:
            return 40 + 1


        def two() -> int:
            return 40 + 2


        def three() -> int:
            return 40 + 3


        def four() -> int:
            return 40 + 4


        def five() -> int:
            return 40 + 5


        def six(given: int = 46) -> int:  # a default lives on the function, not in its code
            return given
    """,
    "toy/memo.py": """
        import functools

        from toy import core


        @functools.cache
        def answer() -> int:
            return core.one()


        @functools.cache
        def _made() -> int:
            return core.four()


        def __getattr__(name: str) -> int:  # made when first asked for, as gazetteer.PlaceRow
            if name == "MADE":
                return _made()
            raise AttributeError(name)


        _KNOWN: dict[str, int] = {}  # a memo dict, as gazetteer_files._ROWS_READ


        def known(key: str) -> int:
            hit = _KNOWN.get(key)
            if hit is None:
                hit = _KNOWN[key] = core.five()
            return hit
    """,
    "toy/shapes.py": """
        from functools import cached_property

        from .core import two


        class Box:
            @cached_property
            def area(self) -> int:
                return two()


        BOX = Box()  # lives as long as the process, like a gazetteer a module keeps
    """,
    "toy/views.py": """
        def answer(ds) -> int:
            from toy.core import three  # imported where it is used, as laomap's pages do

            return ds.derive(("answer",), three)
    """,
    "toy/store.py": """
        import dataclasses

        from laomap.pipeline.dataset import Dataset

        # a dataset kept between runs (as --reuse-build and load_dataset keep one): only its derived tables matter here
        DS = Dataset(**{f.name: None for f in dataclasses.fields(Dataset) if f.default is dataclasses.MISSING
                        and f.default_factory is dataclasses.MISSING})
    """,
    "test_toy.py": """
        from toy import memo, shapes, store, views
        from toy.memo import MADE


        def test_behind_a_functools_cache():
            assert memo.answer() == 41


        def test_behind_a_cached_property():
            assert shapes.BOX.area == 42


        def test_behind_a_dataset_s_derived_tables():
            assert views.answer(store.DS) == 43


        def test_a_name_the_test_module_imported():
            assert MADE == 44


        def test_behind_a_memo_dict():
            assert memo.known("five") == 45


        def test_a_default_value():
            from toy import core

            assert core.six() == 46
    """,
}

DRIVER = """
import functools, sys
sys.path[:0] = [{toy!r}, {scripts!r}]
import mutants

if {before!r}:
    def clear(self):  # the tool's cache clearing before: the mutated module's own lru_caches
        for obj in vars(sys.modules[self.module_name]).values():
            if isinstance(obj, functools._lru_cache_wrapper):
                obj.cache_clear()
    mutants.Caches.clear = clear
sys.exit(mutants.run("toy.core", ["test_toy.py"], None, 60, None))
"""


def _run(tmp_path: Path, before: bool) -> str:
    for name, text in TOY.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(textwrap.dedent(text), encoding="utf-8")
    driver = DRIVER.format(toy=str(tmp_path), scripts=str(ROOT / "scripts"), before=before)
    done = subprocess.run([sys.executable, "-c", driver], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def _score(out: str) -> tuple[int, int, set[str]]:
    got = re.search(r"toy\.core: (\d+) mutants .*?, (\d+) killed, (\d+) survived", out)
    assert got is not None, out
    survivors = set(re.findall(r"survived: line \d+ in (\w+):", out))
    return int(got[1]), int(got[2]), survivors


@pytest.mark.parametrize("before", [False, True], ids=["now", "before"])
def test_a_mutant_behind_any_cache_is_tested_on_a_fresh_computation(tmp_path, before):
    tried, killed, survivors = _score(_run(tmp_path, before))
    assert tried == 16  # 40 -> 41, + -> -, and the 1..5 -> +1 in each of the five cached functions; 46 -> 47 in six's default
    if before:
        assert (killed, survivors) == (1, {"one", "two", "three", "four", "five"})  # only six: nothing keeps its result
    else:
        assert (killed, survivors) == (16, set())
