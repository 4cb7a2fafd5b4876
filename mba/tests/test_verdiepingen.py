"""The floors of the house: every module imports downward only, and no two modules import each
other (docs/adr/0006-floors-and-rights.md).

    rapportage -> activiteiten -> initiatieven -> wijken -> mba

Every import is read with ``ast``, also the ones inside functions (an import inside a function
is still a dependency; it only hides it). ``mba/urls.py`` is the one module that may import every
app: it includes every app's urls. Tests are not read: they build a world across apps to test
one (a medewerker with contact moments, initiatives and a report), and nothing imports them.
Migrations are read like any other module: they run in production, and a migration that imports
live code of a higher app would break the floors on the day it runs.

Not an import, and so not read: Django's app registry (``apps.get_model("activiteiten",
"Contactmoment")``, string relations, ``include("wijken.urls")``), which names a model or module
by label at run time, as migrations do.
"""

import ast
from pathlib import Path

import pytest
from django.conf import settings

VERDIEPINGEN = ("mba", "wijken", "initiatieven", "activiteiten", "rapportage")
# module -> why it may import upward
UITZONDERINGEN = {"mba.urls": "the one file that includes every app's urls"}


def _modulenaam(pad, root):
    delen = list(pad.relative_to(root).with_suffix("").parts)
    if delen[-1] == "__init__":
        delen.pop()
    return ".".join(delen)


def modules(root, apps=VERDIEPINGEN):
    """{module name: path} of every non-test module of the apps under ``root``."""
    uit = {}
    for app in apps:
        for pad in sorted((Path(root) / app).rglob("*.py")):
            if "tests" in pad.relative_to(root).parts:
                continue
            uit[_modulenaam(pad, root)] = pad
    return uit


def importen(naam, pad, bekend):
    """[(line, imported module)] of every import in the module, at any depth (functions,
    methods, ``if`` blocks), relative ones made absolute. ``from a import b`` is the module
    ``a.b`` when that is a module of the project, else ``a``."""
    pakket = naam if pad.name == "__init__.py" else naam.rpartition(".")[0]
    uit = []
    for knoop in ast.walk(ast.parse(pad.read_text(encoding="utf-8"), filename=str(pad))):
        if isinstance(knoop, ast.Import):
            uit += [(knoop.lineno, alias.name) for alias in knoop.names]
        elif isinstance(knoop, ast.ImportFrom):
            if knoop.level:
                basis = pakket.split(".")
                basis = basis[: len(basis) - (knoop.level - 1)]
                bron = ".".join(basis + ([knoop.module] if knoop.module else []))
            else:
                bron = knoop.module
            for alias in knoop.names:
                sub = f"{bron}.{alias.name}"
                uit.append((knoop.lineno, sub if sub in bekend else bron))
    return uit


def graaf(root, apps=VERDIEPINGEN):
    """{module: {imported project module: first line}} over the apps' non-test modules."""
    alle = modules(root, apps)
    uit = {}
    for naam, pad in alle.items():
        randen = {}
        for regel, doel in importen(naam, pad, alle):
            # "import a.b.c" may name a module or, through "from", a name in one
            while doel and doel not in alle and "." in doel:
                doel = doel.rpartition(".")[0]
            if doel in alle and doel != naam:
                randen.setdefault(doel, regel)
        uit[naam] = randen
    return uit


def omhoog(g, apps=VERDIEPINGEN, uitzonderingen=UITZONDERINGEN):
    """["module:line imports module"] for every import of an app above the module's own."""
    verdieping = {app: i for i, app in enumerate(apps)}
    uit = []
    for bron, randen in sorted(g.items()):
        if bron in uitzonderingen:
            continue
        hier = verdieping[bron.split(".")[0]]
        for doel, regel in sorted(randen.items()):
            if verdieping[doel.split(".")[0]] > hier:
                uit.append(f"{bron}:{regel} imports {doel}")
    return uit


def kringen(g):
    """The import cycles: every strongly connected component of more than one module (Tarjan),
    each as a sorted list of module names."""
    index, laag, stapel, op_stapel, uit = {}, {}, [], set(), []
    teller = [0]

    def bezoek(v):
        # iterative, so a deep chain of imports cannot exhaust Python's recursion limit
        werk = [(v, iter(sorted(g.get(v, ()))))]
        index[v] = laag[v] = teller[0]
        teller[0] += 1
        stapel.append(v)
        op_stapel.add(v)
        while werk:
            knoop, buren = werk[-1]
            for w in buren:
                if w not in index:
                    index[w] = laag[w] = teller[0]
                    teller[0] += 1
                    stapel.append(w)
                    op_stapel.add(w)
                    werk.append((w, iter(sorted(g.get(w, ())))))
                    break
                if w in op_stapel:
                    laag[knoop] = min(laag[knoop], index[w])
            else:
                werk.pop()
                if werk:
                    laag[werk[-1][0]] = min(laag[werk[-1][0]], laag[knoop])
                if laag[knoop] == index[knoop]:
                    component = []
                    while True:
                        w = stapel.pop()
                        op_stapel.discard(w)
                        component.append(w)
                        if w == knoop:
                            break
                    if len(component) > 1:
                        uit.append(sorted(component))

    for v in sorted(g):
        if v not in index:
            bezoek(v)
    return sorted(uit)


# --- the house itself -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def huis():
    return graaf(settings.BASE_DIR)


def test_every_app_of_the_project_is_on_a_floor():
    # A new app must be given its floor here, or its imports would go unchecked.
    eigen = {a for a in settings.INSTALLED_APPS if (settings.BASE_DIR / a / "apps.py").exists()}
    assert eigen == set(VERDIEPINGEN)


def test_no_module_imports_an_app_above_its_own_floor(huis):
    assert omhoog(huis) == []


def test_no_two_modules_import_each_other_however_long_the_circle(huis):
    assert kringen(huis) == []


def test_the_one_exception_is_real(huis):
    # mba/urls.py includes every app: if it no longer did, the exception should go.
    assert {d.split(".")[0] for d in huis["mba.urls"]} == set(VERDIEPINGEN)


# --- the checker, on tiny trees that break the rules --------------------------------------------


def _boom(tmp_path, bestanden):
    for naam, tekst in bestanden.items():
        pad = tmp_path / naam
        pad.parent.mkdir(parents=True, exist_ok=True)
        pad.write_text(tekst, encoding="utf-8")
    for app in ("laag", "hoog"):
        (tmp_path / app).mkdir(exist_ok=True)
        (tmp_path / app / "__init__.py").touch()
    return tmp_path


APPS = ("laag", "hoog")


def test_the_checker_finds_an_upward_import_hidden_in_a_function(tmp_path):
    root = _boom(
        tmp_path,
        {
            "laag/rechten.py": "def zichtbaar(user):\n    from hoog.models import Contact\n",
            "hoog/models.py": "from laag import rechten\n",
        },
    )
    assert omhoog(graaf(root, APPS), APPS, {}) == ["laag.rechten:2 imports hoog.models"]


def test_the_checker_finds_from_package_import_module_and_honours_the_exception(tmp_path):
    root = _boom(
        tmp_path,
        {
            "laag/views.py": "from hoog import kengetallen\n",
            "laag/urls.py": "import hoog.urls\n",
            "hoog/kengetallen.py": "",
            "hoog/urls.py": "",
        },
    )
    g = graaf(root, APPS)
    assert g["laag.views"] == {"hoog.kengetallen": 1}
    assert omhoog(g, APPS, {"laag.urls": "includes everyone"}) == [
        "laag.views:1 imports hoog.kengetallen"
    ]


def test_the_checker_ignores_tests_and_imports_of_libraries(tmp_path):
    root = _boom(
        tmp_path,
        {
            "laag/tests/test_alles.py": "from hoog.models import Contact\n",
            "laag/models.py": "import django.db\nfrom django.db import models\n",
            "hoog/models.py": "",
        },
    )
    g = graaf(root, APPS)
    assert "laag.tests.test_alles" not in g
    assert omhoog(g, APPS, {}) == []


def test_the_checker_finds_a_cycle_of_relative_imports_inside_functions(tmp_path):
    # Like activiteiten/models.py and tellingen.py before: each imports the other in a function.
    root = _boom(
        tmp_path,
        {
            "hoog/models.py": "def save():\n    from . import tellingen\n",
            "hoog/tellingen.py": "def tel():\n    from .models import Contact\n",
            "hoog/views.py": "from .models import Contact\n",
        },
    )
    assert kringen(graaf(root, APPS)) == [["hoog.models", "hoog.tellingen"]]


def test_the_checker_finds_a_long_cycle_across_apps_and_no_cycle_in_a_chain(tmp_path):
    root = _boom(
        tmp_path,
        {
            "laag/a.py": "from laag import b\n",
            "laag/b.py": "import hoog.c\n",
            "hoog/c.py": "from laag.a import iets\n",
            "hoog/d.py": "from hoog import c\n",
        },
    )
    g = graaf(root, APPS)
    assert kringen(g) == [["hoog.c", "laag.a", "laag.b"]]
    del g["hoog.c"]["laag.a"]
    assert kringen(g) == []
