"""Mutation testing without a framework: does the suite notice when one operator or constant of a module changes?

    .venv/bin/python scripts/mutants.py laomap.pipeline.dates tests/test_dates.py tests/test_dates_calendar.py
    .venv/bin/python scripts/mutants.py laomap.style tests/test_style.py --report build/mutants-style.txt

Each mutant changes one thing inside one function body (a comparison, an arithmetic or boolean operator, a
``not``, an integer, True/False). Its code objects are swapped into the live module, so every reference the
tests hold sees the change, and pytest runs in this process, stopping at the first failure: a mutant is
*killed* when a test fails (or it runs past the time limit), *survived* when every test passes. Survivors are
listed with their line, to be killed by a test or explained as equivalent (they change nothing observable).
Before each mutant's run every cache that may hold a result of the module is dropped (``Caches``): the functools
caches and cached properties of the module and of the modules that use it, each dataset's derived tables and, when
the build uses the module, the datasets kept between runs; a kept result would hide the mutant.
Code that runs at import (module constants, compiled patterns) is not mutated: swapping it in would need a
re-import. mutmut does the same with a copy of the tree and a process per mutant; on a shared 2-core machine
one process and a dataset built once per run are what make a few hundred mutants affordable.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import copy
import functools
import gc
import importlib
import inspect
import io
import signal
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import CodeType, FunctionType, ModuleType
from typing import Any

import pytest

SWAPS: dict[type, type] = {
    ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq, ast.NotEq: ast.Eq,
    ast.In: ast.NotIn, ast.NotIn: ast.In, ast.Is: ast.IsNot, ast.IsNot: ast.Is,
    ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.FloorDiv, ast.Div: ast.Mult, ast.FloorDiv: ast.Mult, ast.Mod: ast.FloorDiv,
    ast.And: ast.Or, ast.Or: ast.And,
}


@dataclass(frozen=True)
class Mutant:
    index: int
    line: int
    function: str
    what: str


def _function_bodies(tree: ast.Module) -> Iterator[tuple[str, ast.AST]]:
    """(qualified name, node) of every function and method defined at the top of the module or in its classes."""
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node.name, node
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    yield f"{node.name}.{item.name}", item


def _points(fn: ast.AST) -> Iterator[tuple[ast.AST, str, Any]]:
    """(node, description, how to mutate it) for every mutation point inside a function, decorators and annotations aside."""
    body = fn.body if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef) else []
    defaults = fn.args.defaults + [d for d in fn.args.kw_defaults if d is not None] if isinstance(fn, ast.FunctionDef) else []
    for root in [*body, *defaults]:
        for node in ast.walk(root):
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
                continue  # a docstring
            if isinstance(node, ast.Compare):
                for i, op in enumerate(node.ops):
                    if type(op) in SWAPS:
                        yield node, f"{type(op).__name__} -> {SWAPS[type(op)].__name__}", ("ops", i)
            elif isinstance(node, ast.BinOp | ast.AugAssign) and type(node.op) in SWAPS or isinstance(node, ast.BoolOp):
                yield node, f"{type(node.op).__name__} -> {SWAPS[type(node.op)].__name__}", ("op", None)
            elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
                yield node, "not x -> x", ("not", None)
            elif isinstance(node, ast.Constant) and type(node.value) is bool:
                yield node, f"{node.value} -> {not node.value}", ("bool", None)
            elif isinstance(node, ast.Constant) and type(node.value) is int:
                yield node, f"{node.value} -> {node.value + 1}", ("int", None)


def _mutate(tree: ast.Module, target: int) -> tuple[ast.Module, Mutant | None, int]:
    """A copy of ``tree`` with mutation point number ``target`` changed; also how many points there are."""
    tree = copy.deepcopy(tree)
    n = 0
    found = None
    parents: dict[int, ast.AST] = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[id(child)] = node
    for name, fn in _function_bodies(tree):
        for node, what, (kind, i) in list(_points(fn)):
            if n == target:
                found = Mutant(n, getattr(node, "lineno", 0), name, what)
                if kind == "ops":
                    node.ops[i] = SWAPS[type(node.ops[i])]()  # type: ignore[attr-defined]
                elif kind == "op":
                    node.op = SWAPS[type(node.op)]()  # type: ignore[attr-defined]
                elif kind == "not":
                    _replace(parents[id(node)], node, node.operand)  # type: ignore[attr-defined]
                elif kind == "bool":
                    node.value = not node.value  # type: ignore[attr-defined]
                elif kind == "int":
                    node.value = node.value + 1  # type: ignore[attr-defined]
            n += 1
    return tree, found, n


def _replace(parent: ast.AST, old: ast.AST, new: ast.AST) -> None:
    for name, value in ast.iter_fields(parent):
        if value is old:
            setattr(parent, name, new)
            return
        if isinstance(value, list):
            for j, item in enumerate(value):
                if item is old:
                    value[j] = new
                    return


def _functions(module: ModuleType) -> dict[str, FunctionType]:
    """The module's own functions and methods by qualified name, unwrapped (lru_cache, properties)."""
    out: dict[str, FunctionType] = {}
    for name, obj in vars(module).items():
        if inspect.isclass(obj) and obj.__module__ == module.__name__:
            for attr, member in vars(obj).items():
                for f in (member, getattr(member, "fget", None), getattr(member, "__func__", None)):
                    f = inspect.unwrap(f) if callable(f) else f
                    if isinstance(f, FunctionType) and f.__module__ == module.__name__:
                        out[f"{name}.{attr}"] = f
        elif callable(obj):
            f = inspect.unwrap(obj)
            if isinstance(f, FunctionType) and f.__module__ == module.__name__:
                out[name] = f
    return out


Body = tuple[CodeType, Any, Any]  # a function's code and its default values (positional, keyword-only)


def _body(f: FunctionType) -> Body:
    return f.__code__, f.__defaults__, f.__kwdefaults__


def _swap(f: FunctionType, body: Body) -> None:
    """Give ``f`` another body: the defaults too, which live on the function, not in its code (``user_added=False``)."""
    f.__code__, f.__defaults__, f.__kwdefaults__ = body


def _codes(tree: ast.Module, filename: str, module: ModuleType) -> dict[str, Body]:
    """The code objects of the mutated module's functions, compiled as the module's own (same globals)."""
    space: dict[str, Any] = {"__name__": module.__name__, "__file__": filename}
    with contextlib.redirect_stdout(io.StringIO()):
        exec(compile(tree, filename, "exec"), space)  # noqa: S102 - the module's own source, one operator changed
    fake = ModuleType(module.__name__)
    fake.__dict__.update(space)
    return {name: _body(f) for name, f in _functions(fake).items()}


def _imports(module: ModuleType) -> set[str]:
    """The names of the modules ``module``'s source imports, at its top or inside a function (relative ones resolved)."""
    try:
        tree = ast.parse(Path(module.__file__ or "").read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return set()
    package = module.__name__ if hasattr(module, "__path__") else module.__name__.rpartition(".")[0]
    for node in ast.walk(tree):  # what only the type checker imports runs nowhere
        if isinstance(node, ast.If) and ast.unparse(node.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING"):
            node.body = []
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join([*parts[:len(parts) - node.level + 1], *([base] if base else [])])
            for alias in node.names:  # "from package import module" uses the module, "from module import name" the module
                out.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in sys.modules else base)
    return out


def _memo_names(module: ModuleType) -> set[str]:
    """The module's memo dicts: made empty at its top, read by key and written in one function (``_ROWS_READ``).

    A registry filled by its callers (``DATA_FORMATS``, a command table) is written in one place and read in another:
    it is not one, and keeps what the imports put in it.
    """
    try:
        tree = ast.parse(Path(module.__file__ or "").read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return set()
    empty: set[str] = set()
    for node in tree.body:
        target, value = (node.targets[0], node.value) if isinstance(node, ast.Assign) and len(node.targets) == 1 else (
            (node.target, node.value) if isinstance(node, ast.AnnAssign) else (None, None))
        made_empty = isinstance(value, ast.Dict) and not value.keys or isinstance(value, ast.Call) and not value.args and \
            isinstance(value.func, ast.Name) and value.func.id in ("dict", "OrderedDict")
        if isinstance(target, ast.Name) and made_empty:
            empty.add(target.id)
    out: set[str] = set()
    for fn in ast.walk(tree):
        if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        read: set[str] = set()
        written: set[str] = set()
        for use in ast.walk(fn):
            if isinstance(use, ast.Subscript) and isinstance(use.value, ast.Name) and use.value.id in empty:
                (written if isinstance(use.ctx, ast.Store) else read).add(use.value.id)
            elif isinstance(use, ast.Call) and isinstance(use.func, ast.Attribute) and isinstance(use.func.value, ast.Name) \
                    and use.func.value.id in empty and use.func.attr in ("get", "setdefault"):
                read.add(use.func.value.id)
                if use.func.attr == "setdefault":
                    written.add(use.func.value.id)
        out |= read & written
    return out


def _dependents(module_name: str) -> set[str]:
    """The loaded modules of the mutated module's top package that use it, directly or through others, and itself.

    Their caches may hold a value the mutated code computed (or, before the mutant, the original code computed:
    a result the mutant is then never asked for).
    """
    top = module_name.split(".")[0]
    loaded = {name: m for name, m in list(sys.modules.items())
              if m is not None and (name == top or name.startswith(top + ".")) and getattr(m, "__file__", None)}
    users: dict[str, set[str]] = {}
    for name, m in loaded.items():
        for imported in _imports(m):
            users.setdefault(imported, set()).add(name)
    out, todo = {module_name}, [module_name]
    while todo:
        for user in users.get(todo.pop(), ()):
            if user not in out:
                out.add(user)
                todo.append(user)
    return out


@dataclass
class Caches:
    """Every place a value computed by the mutated module can outlive a run of the tests.

    A run must compute afresh what the mutant changes, or a mutant in a cached function survives unseen: the
    ``functools`` caches (``lru_cache``, ``cache``), ``cached_property`` values and memo dicts (``_memo_names``) of
    the mutated module and of every module that uses it; each dataset's derived tables (``Dataset.derive`` / ``recent``: filters, search
    terms, selections); when the build itself uses the module, the datasets kept between runs (``load_dataset``'s
    and ``--reuse-build``'s); Streamlit's caches when a page module uses it; and the test modules themselves, which
    pytest would otherwise keep between runs with the names they imported (a class the module makes when asked,
    as ``gazetteer.PlaceRow``, would stay the one the original code made).
    """

    module_name: str
    kept_builds: dict[Any, Any]
    tests: list[str] = field(default_factory=list)
    users: set[str] = field(default_factory=set)

    memos: list[dict[Any, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.users = _dependents(self.module_name)
        for name in sorted(self.users):
            module = sys.modules.get(name)
            if module is not None:
                self.memos += [memo for memo in (getattr(module, n, None) for n in _memo_names(module)) if isinstance(memo, dict)]

    @property
    def build_uses_it(self) -> bool:
        """Whether the dataset build runs the mutated module (then a build kept between runs is the original's)."""
        return "laomap.pipeline.dataset" in self.users

    def clear(self) -> None:
        for memo in self.memos:
            memo.clear()
        classes: list[type] = []
        for name in sorted(self.users):
            module = sys.modules.get(name)
            if module is None:
                continue
            for obj in list(vars(module).values()):
                if isinstance(obj, functools._lru_cache_wrapper):
                    obj.cache_clear()
                elif inspect.isclass(obj) and obj.__module__ == name:
                    classes.append(obj)
                    for member in vars(obj).values():
                        if isinstance(member, functools._lru_cache_wrapper):
                            member.cache_clear()
        properties = {c: [a for a, v in vars(c).items() if isinstance(v, functools.cached_property)] for c in classes}
        properties = {c: names for c, names in properties.items() if names}
        dataset = sys.modules.get("laomap.pipeline.dataset")
        dataset_class = getattr(dataset, "Dataset", None)
        for obj in gc.get_objects():
            if dataset_class is not None and isinstance(obj, dataset_class):
                obj.derived.clear()
            for c, names in properties.items():
                if isinstance(obj, c):
                    for attr in names:
                        vars(obj).pop(attr, None)
        if self.build_uses_it:  # (load_dataset's own kept datasets are a memo dict of the dataset module: cleared above)
            self.kept_builds.clear()
        folders = {Path(t).resolve().parent for t in self.tests}
        top = self.module_name.split(".")[0]
        for name, module in list(sys.modules.items()):  # the tests' modules, not the code under test beside them
            where = getattr(module, "__file__", None)
            if where and name.split(".")[0] != top and any(Path(where).resolve().is_relative_to(f) for f in folders):
                del sys.modules[name]
        streamlit = sys.modules.get("streamlit")  # only when a test loaded it: the tool does not import the UI library
        if streamlit is not None and any(name.startswith("laomap.ui") for name in self.users):
            streamlit.cache_data.clear()
            streamlit.cache_resource.clear()


class _Timeout(Exception):
    pass


def _reuse_builds() -> dict[tuple[str, str], Any]:
    """Build the dataset of the built-in plans once for all the runs; the kept builds (``Caches`` drops them per
    mutant when the build uses the mutated module, so the option only saves time for a module it does not use)."""
    from laomap.pipeline import dataset

    original = dataset.build
    built: dict[tuple[str, str], Any] = {}

    def build(documents_dir: Path, geodata_dir: Path, user_dir: Path, *args: Any, **kwargs: Any) -> Any:
        if args or kwargs or any(Path(user_dir).iterdir()):
            return original(documents_dir, geodata_dir, user_dir, *args, **kwargs)
        key = (str(documents_dir), str(geodata_dir))
        if key not in built:
            built[key] = original(documents_dir, geodata_dir, user_dir)
        return built[key]

    dataset.build = build  # type: ignore[assignment]
    return built


def run(module_name: str, tests: list[str], limit: int | None, seconds: int, report: Path | None, reuse: bool = False,
        progress: bool = False, only: set[str] | None = None) -> int:
    kept = _reuse_builds() if reuse else {}
    module = importlib.import_module(module_name)
    source = Path(module.__file__ or "").read_text(encoding="utf-8")
    tree = ast.parse(source)
    _, _, total = _mutate(tree, -1)
    originals = {name: _body(f) for name, f in _functions(module).items()}
    args = [*tests, "-x", "-q", "-p", "no:cacheprovider", "--no-header", "-m", "not e2e", "-W", "ignore::pytest.PytestAssertRewriteWarning"]
    with contextlib.redirect_stdout(io.StringIO()):
        baseline = pytest.main(args)
    if baseline != 0:
        print(f"the tests fail without any mutant (exit {baseline}): fix them first", file=sys.stderr)
        return 2
    caches = Caches(module_name, kept, tests)  # after the first run: the tests have loaded every module that uses the mutated one
    if reuse and caches.build_uses_it:
        print(f"note: the build uses {module_name}: --reuse-build builds again for every mutant", file=sys.stderr)
    killed, survived = 0, []
    chosen = range(total) if limit is None else range(0, total, max(1, total // limit))
    started = time.perf_counter()

    def alarm(signum: int, frame: object) -> None:
        raise _Timeout

    signal.signal(signal.SIGALRM, alarm)
    for target in chosen:
        mutated, mutant, _ = _mutate(tree, target)
        assert mutant is not None
        try:
            codes = _codes(mutated, module.__file__ or "", module)
        except Exception:  # noqa: BLE001 - a mutant that does not even define the module is killed
            killed += 1
            continue
        functions = _functions(module)
        name = mutant.function
        if name not in functions or name not in codes or only is not None and name not in only:
            continue  # a function the module builds at import in another way: not swapped, not counted
        _swap(functions[name], codes[name])
        caches.clear()
        signal.alarm(seconds)
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                code = pytest.main(args)
        except _Timeout:
            code = 1
        finally:
            signal.alarm(0)
            _swap(functions[name], originals[name])
        if code == 0:
            survived.append(mutant)
        else:
            killed += 1
        if progress:
            print(f"{killed + len(survived)}/{len(chosen)} {'killed' if code else 'SURVIVED'}: line {mutant.line} in "
                  f"{mutant.function}: {mutant.what}", file=sys.stderr, flush=True)
    tried = killed + len(survived)
    which = ("" if limit is None else f", every {max(1, total // limit)}th") + ("" if only is None else f", in {','.join(sorted(only))}")
    lines = [f"{module_name}: {tried} mutants ({total} points{which}), "
             f"{killed} killed, {len(survived)} survived: {100 * killed / max(1, tried):.1f} % killed "
             f"({time.perf_counter() - started:.0f} s; tests: {' '.join(tests)})"]
    lines += [f"  survived: line {m.line} in {m.function}: {m.what}" for m in survived]
    text = "\n".join(lines)
    print(text)
    if report is not None:
        report.parent.mkdir(parents=True, exist_ok=True)
        report.write_text(text + "\n", encoding="utf-8")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("module", help="the module to mutate, e.g. laomap.pipeline.dates")
    parser.add_argument("tests", nargs="+", help="the test files that cover it")
    parser.add_argument("--limit", type=int, default=None, help="try about this many mutants, evenly spread (default: all)")
    parser.add_argument("--seconds", type=int, default=120, help="a mutant whose tests run longer is killed (an endless loop)")
    parser.add_argument("--report", type=Path, default=None, help="also write the result to this file")
    parser.add_argument("--reuse-build", action="store_true",
                        help="build the built-in plans' dataset once (for a module the build does not use: views, style)")
    parser.add_argument("--progress", action="store_true", help="say each mutant's fate as it is known (on stderr)")
    parser.add_argument("--only", default=None, help="mutate only these functions (comma-separated, e.g. _search_terms,Filter.from_query)")
    a = parser.parse_args()
    only = set(a.only.split(",")) if a.only else None
    return run(a.module, a.tests, a.limit, a.seconds, a.report, a.reuse_build, a.progress, only)


if __name__ == "__main__":
    raise SystemExit(main())
