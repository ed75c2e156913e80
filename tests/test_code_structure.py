"""The code stays plain: no import cycles, apps that depend one way, no private names of the frameworks."""

import ast
import importlib.util
import re
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ["core", "history", "staff_signin", "occ_site"]  # each may import only the ones before it
CODE = [*APPS, "ops", "benchmarks", "tests"]

# Private names of Wagtail, Django, treebeard and django-csp that code here once reached into. Each
# breaks silently on an upgrade (Django 6.1 has no cc_delim_re); the documented ways are used instead.
PRIVATE_NAMES = [
    "_wagtail_route_for_request",
    "_wagtail_site",
    "_cached_parent_obj",
    "cc_delim_re",
    "_csp_exempt",
    "_committed",
    "_str2int",
    "_get_path",
    "_get_base_content_type",
    "_set_image_file_metadata",
]
# Frameworks whose underscore methods the project's classes must not override (see below).
FRAMEWORKS = ["django", "wagtail", "treebeard", "modelcluster"]


def modules_of(roots):
    modules = {}
    for root in roots:
        for path in (ROOT / root).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
            modules[name] = path
    return modules


def imports_of(name, path, modules):
    """The project modules ``name`` imports, at the top or inside functions alike."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for target in targets:
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def cycles(graph):
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, result = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for neighbour in graph[node]:
            if neighbour not in index:
                visit(neighbour)
                low[node] = min(low[node], low[neighbour])
            elif neighbour in on_stack:
                low[node] = min(low[node], index[neighbour])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                result.append(sorted(component))

    for node in graph:
        if node not in index:
            visit(node)
    return result


def test_no_import_cycles_counting_imports_inside_functions():
    modules = modules_of(APPS)
    graph = {name: imports_of(name, path, modules) for name, path in modules.items()}
    assert cycles(graph) == []


def test_apps_depend_one_way():
    modules = modules_of(APPS)
    wrong = []
    for name, path in modules.items():
        app = name.split(".")[0]
        allowed = set(APPS[: APPS.index(app) + 1])
        wrong += [f"{name} imports {target}" for target in imports_of(name, path, modules)
                  if target.split(".")[0] not in allowed]
    assert wrong == []


def app_labels_named(path, labels):
    """Lines of ``path`` whose code (not docstrings or comments) names one of the app ``labels`` as a
    string: ``apps.get_model("history", ...)``, ``"history.Person"``, a template under ``history/``."""
    tree = ast.parse(path.read_text())
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        f"{path.relative_to(ROOT)}:{node.lineno}: {node.value!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
        and any(node.value == label or node.value.startswith((f"{label}.", f"{label}/", f"{label}_")) for label in labels)
    ]


def test_the_plumbing_knows_nothing_of_the_apps_above_it():
    # core is the bottom layer (storage, view restrictions, translated fields, cache tags, photo
    # files and renditions, sitemaps, JSON): besides not importing them, it does not reach the
    # domain's models, templates or URLs by name either.
    above = APPS[APPS.index("core") + 1 :]
    assert [line for path in (ROOT / "core").rglob("*.py") for line in app_labels_named(path, above)] == []


# A module a newcomer reads whole before changing it: longer ones are split by theme.
MAX_MODULE_LINES = 450


def test_no_module_is_longer_than_a_newcomer_reads_at_once():
    long = [
        f"{path.relative_to(ROOT)}: {count} lines"
        for path in modules_of(CODE).values()
        if (count := len(path.read_text().splitlines())) > MAX_MODULE_LINES
    ]
    assert long == []


def imports_of_the_tests(importer):
    """'module imports tests.x' for each module ``importer(name)`` picks that imports from tests/."""
    modules = modules_of(CODE)
    return [
        f"{name} imports {target}"
        for name, path in modules.items()
        if importer(name)
        for target in imports_of(name, path, modules)
        if target.split(".")[0] == "tests"
    ]


def test_only_the_tests_the_benchmarks_and_the_load_test_import_the_test_suite():
    # tests/harness/ starts servers with throwaway secrets and pytest's skips: the apps and the
    # operations scripts must run without it, and the image may leave tests/ out.
    assert imports_of_the_tests(lambda name: name.split(".")[0] not in {"tests", "benchmarks"} and name != "ops.loadtest") == []


def test_no_test_module_imports_another():
    # What tests share lives in one place a reader looks for it: fixtures in a folder's conftest.py,
    # helpers in plain modules (tests/signin.py, tests/photo_uploads.py...), servers in tests/harness/.
    imports = imports_of_the_tests(lambda name: True)
    assert [line for line in imports if line.split(" imports ")[1].rpartition(".")[2].startswith("test_")] == []


def test_the_harness_imports_nothing_of_the_tests_that_use_it():
    wrong = imports_of_the_tests(lambda name: name.startswith("tests.harness"))
    assert [line for line in wrong if not line.split(" imports ")[1].startswith("tests.harness")] == []


def test_no_private_names_of_the_frameworks():
    pattern = re.compile(r"\b(" + "|".join(re.escape(name) for name in PRIVATE_NAMES) + r")\b")
    this_file = Path(__file__).resolve()
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for root in CODE
        for path in (ROOT / root).rglob("*.py")
        if path.resolve() != this_file and "migrations" not in path.parts
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if pattern.search(line)
    ]
    assert found == []


def test_settings_objects_are_read_through_wagtails_documented_api():
    # BaseSiteSetting._request was set by hand to make for_request() cached settings work.
    found = [str(path) for root in APPS for path in (ROOT / root).rglob("*.py") if "._request" in path.read_text()]
    assert found == []


@cache
def framework_private_methods():
    """Underscore methods defined in the frameworks' classes (not their tests): name → where."""
    methods = {}
    for package in FRAMEWORKS:
        for root in importlib.util.find_spec(package).submodule_search_locations:
            for path in Path(root).rglob("*.py"):
                if "tests" in path.relative_to(root).parts:
                    continue
                for name in re.findall(r"^[ \t]+def (_[A-Za-z][A-Za-z0-9_]*)\(", path.read_text(errors="replace"), re.M):
                    methods.setdefault(name, f"{package}/{path.relative_to(root)}")
    return methods


def private_overrides(roots, base=ROOT):
    """Methods of the project's classes named like a framework's underscore method.

    Such a method overrides the framework's (or would, once a subclass meets it): the
    framework may rename or drop it in any release, and the override then silently stops running.
    """
    framework = framework_private_methods()
    return [
        f"{path.relative_to(base)}:{method.lineno}: {cls.name}.{method.name} (as in {framework[method.name]})"
        for root in roots
        for path in (base / root).rglob("*.py")
        if "migrations" not in path.parts
        for cls in ast.walk(ast.parse(path.read_text()))
        if isinstance(cls, ast.ClassDef)
        for method in cls.body
        if isinstance(method, ast.FunctionDef | ast.AsyncFunctionDef)
        and not method.name.startswith("__")
        and method.name in framework
    ]


def test_no_override_of_a_frameworks_underscore_method():
    assert private_overrides(CODE) == []


def test_the_override_check_finds_an_override(tmp_path):
    """Guards the check above: the override this project once had is found."""
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "models.py").write_text(
        "class CaptionedImage(AbstractImage):\n    def _set_image_file_metadata(self):\n        pass\n"
    )
    assert private_overrides(["app"], base=tmp_path) == [
        "app/models.py:2: CaptionedImage._set_image_file_metadata (as in wagtail/images/models.py)"
    ]
