"""The code's layout rules (docs/ARCHITECTURE.md): apps and the sub-domains of an app depend one
way, no two modules import each other in a circle (not even through imports inside functions),
and an app split by sub-domain has no layer files with sub-domain suffixes."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "minzheng"

# Lower first: an app may import only the apps before it.
# eldercare sits below assistance: the elder nursing subsidy (assistance) reads the ability level
# an assessment found (eldercare), never the other way.
APP_ORDER = ["core", "people", "places", "facilities", "benefits", "eldercare", "assistance", "children", "disability",
             "civil_society", "lottery", "marriage", "funeral", "operations", "demo"]
# Inside places, lower first. Root modules (messages, codes, parsing, pinyin, data) are below them all.
PLACES_ORDER = ["addresses", "matching", "doorplates", "names"]
# Modules whose job is to wire the sub-domains together.
PLACES_WIRING = {"minzheng.places.models", "minzheng.places.apps"}
# Inside benefits, lower first; applications and payments both build on enrollments and never
# import each other. Root modules (messages, money, workdays) are below them all.
BENEFITS_ORDER = ["programs", "enrollments", "applications", "payments"]
BENEFITS_WIRING = {"minzheng.benefits.models", "minzheng.benefits.apps"}
# Inside assistance, lower first: the pure policies; the records (ability levels, certificates,
# low-income status); the facts the engine reads from them; the trial calculation. Root modules
# (codes, messages) are below them all.
ASSISTANCE_ORDER = ["policies", "ability", "disability", "low_income", "subjects", "assess"]
ASSISTANCE_WIRING = {"minzheng.assistance.models", "minzheng.assistance.apps"}
# Inside eldercare, lower first: the ability assessment, whose level the later sub-domains (beds,
# meals, love cards) read; the figures, which count them all, on top. Root modules (messages) are
# below them all.
ELDERCARE_ORDER = ["assessment", "beds", "love_cards", "meals", "insurance", "adaptation", "home_services", "home_beds", "figures"]
ELDERCARE_WIRING = {"minzheng.eldercare.models", "minzheng.eldercare.apps"}
# Inside facilities, lower first: the operators that run sites; the registry of sites; the public
# nearest search and the map POI export, which both read the registry and never each other; the
# public meal-site finder page, which searches through nearest and never reads the export.
FACILITIES_ORDER = ["operators", "sites", "nearest", "poi", "finder"]
FACILITIES_WIRING = {"minzheng.facilities.models", "minzheng.facilities.apps"}
# Inside children, lower first: the pure category rules; the profiles (with the visit frequency); the
# directors; the visits and services (which record the village's director); the allowances; the figures.
# Root modules (codes, messages, exports) are below them all.
CHILDREN_ORDER = ["categories", "profiles", "directors", "visits", "allowances", "figures"]
CHILDREN_WIRING = {"minzheng.children.models", "minzheng.children.apps"}
# Inside civil_society, lower first: the registry of organizations (with annual reports and activity
# records); the credit lists built on it; dormancy detection and cleanup cases (which enter the lists);
# venture philanthropy and awards (eligibility reads the lists); charity (recognition, donations, trusts);
# the figures, which count them all.
CIVIL_SOCIETY_ORDER = ["registry", "credit", "dormancy", "venture", "charity", "donations", "trusts", "figures"]
CIVIL_SOCIETY_WIRING = {"minzheng.civil_society.models", "minzheng.civil_society.apps"}
# Inside lottery, lower first: the game types, rate table and fund computation; the stations (contracts,
# upgrades, closures, the school distance); the monthly sales (and their import); the promotion events;
# the reports over them all (figures, the fund page). Root modules (messages) are below them
# all; the app's urls and api wire the sub-domains' views together.
LOTTERY_ORDER = ["fund", "stations", "sales", "promotion", "figures"]
LOTTERY_WIRING = {"minzheng.lottery.models", "minzheng.lottery.apps", "minzheng.lottery.urls", "minzheng.lottery.api"}
# Inside disability (mental-health rehab), lower first: the 1+5+N network and its targets; the registered
# patients; their service records; the review rounds of the two disability subsidies; the indicators and
# figures over them all. Root modules (messages, cleaning, forms) are below them all.
DISABILITY_ORDER = ["network", "patients", "records", "reviews", "figures"]
DISABILITY_WIRING = {"minzheng.disability.models", "minzheng.disability.apps", "minzheng.disability.admin"}
# Inside marriage, lower first: the pure legal checks and the counting of ages and periods; the
# appointments (public booking); the registrations (marriages, divorces by agreement, certificates,
# replacements, the courts' marks, marital status); the statistics by office and month; the counselling
# stations, simple-wedding bases and events; the figures. Root modules (messages) are below them all.
MARRIAGE_ORDER = ["rules", "appointments", "registrations", "statistics", "counselling", "figures"]
MARRIAGE_WIRING = {"minzheng.marriage.models", "minzheng.marriage.apps"}
# Inside funeral, lower first: the death registrations; the funeral homes' cases, services and the
# basic-service waiver catalogue; the smart cemetery (plots, niches, use periods, eco burial, conversion
# projects); the after-death one thing (the closures and the checklist); the figures. Root modules
# (messages) are below them all.
FUNERAL_ORDER = ["deaths", "services", "cemetery", "after_death", "figures"]
FUNERAL_WIRING = {"minzheng.funeral.models", "minzheng.funeral.apps"}
# Inside operations, lower first: the request logs (one JSON line per request, with its id); serving (the
# production server, the real client address behind the proxy, the deploy checks); health (the worker's
# heartbeat, /healthz); backup and restore.
OPERATIONS_ORDER = ["logs", "serving", "health", "backup"]
OPERATIONS_WIRING = {"minzheng.operations.models", "minzheng.operations.apps", "minzheng.operations.urls"}
# Per split app: its sub-domains lower first, its wiring modules, and pairs that stay apart.
SUB_DOMAINS: dict[str, tuple[list[str], set[str], list[set[str]]]] = {
    "places": (PLACES_ORDER, PLACES_WIRING, [{"doorplates", "names"}]),
    "benefits": (BENEFITS_ORDER, BENEFITS_WIRING, [{"applications", "payments"}]),
    "assistance": (ASSISTANCE_ORDER, ASSISTANCE_WIRING, []),
    "eldercare": (ELDERCARE_ORDER, ELDERCARE_WIRING, []),
    "children": (CHILDREN_ORDER, CHILDREN_WIRING, []),
    "civil_society": (CIVIL_SOCIETY_ORDER, CIVIL_SOCIETY_WIRING, []),
    "lottery": (LOTTERY_ORDER, LOTTERY_WIRING, []),
    "disability": (DISABILITY_ORDER, DISABILITY_WIRING, []),
    "marriage": (MARRIAGE_ORDER, MARRIAGE_WIRING, [{"appointments", "counselling"}]),
    "funeral": (FUNERAL_ORDER, FUNERAL_WIRING, [{"services", "cemetery"}]),
    "operations": (OPERATIONS_ORDER, OPERATIONS_WIRING, []),
    "facilities": (FACILITIES_ORDER, FACILITIES_WIRING, [{"nearest", "poi"}, {"poi", "finder"}]),
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts}


def imports_of(path: Path, name: str, known: set[str]) -> set[str]:
    """Every minzheng module that ``path`` imports, at the top or inside a function."""
    out: set[str] = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*package.split(".")[: len(package.split(".")) - node.level + 1], *filter(None, [base])])
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target.startswith("minzheng") and target != name:
                out.add(target)
    return out


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    return {name: imports_of(path, name, known) for name, path in found.items()}


def _app(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_apps_import_only_lower_apps(graph: dict[str, set[str]]) -> None:
    wrong = sorted(
        f"{module} → {target}"
        for module, targets in graph.items() for target in targets
        if _app(module) in APP_ORDER and _app(target) in APP_ORDER
        and APP_ORDER.index(_app(target)) > APP_ORDER.index(_app(module))
    )
    assert wrong == []


def _sub(module: str, app: str) -> str:
    parts = module.split(".")
    return parts[2] if len(parts) >= 3 and parts[1] == app and parts[2] in SUB_DOMAINS[app][0] else ""


@pytest.mark.parametrize("app", sorted(SUB_DOMAINS))
def test_sub_domains_import_one_way(graph: dict[str, set[str]], app: str) -> None:
    order, wiring, apart = SUB_DOMAINS[app]
    wrong = []
    for module, targets in graph.items():
        if (_app(module) != app or module in wiring or ".templatetags" in module
                or ".management." in module):
            continue
        own = _sub(module, app)
        for target in targets:
            other = _sub(target, app)
            if not other or other == own:
                continue
            if not own or order.index(other) > order.index(own) or {own, other} in apart:
                wrong.append(f"{module} → {target}")
    assert sorted(wrong) == []


def test_no_module_imports_itself_through_a_circle(graph: dict[str, set[str]]) -> None:
    # A package's __init__ that re-exports its own submodules is not a circle of meaning.
    edges = {m: {t for t in ts if not m.startswith(t + ".")} for m, ts in graph.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in edges.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    assert circles == []


@pytest.mark.parametrize("app", sorted(SUB_DOMAINS))
def test_split_apps_have_no_layer_files_with_sub_domain_suffixes(app: str) -> None:
    layers = ("services", "selectors", "views", "urls", "forms", "tasks", "demo", "api")
    suffixed = sorted(
        str(p.relative_to(ROOT)) for p in (PACKAGE / app).rglob("*.py")
        if any(p.stem.startswith(f"{layer}_") for layer in layers)
    )
    assert suffixed == []


def test_the_graph_sees_imports_inside_functions() -> None:
    # The rule would be toothless if imports inside functions were missed.
    found = modules()
    targets = imports_of(found["minzheng.places.matching.linking"], "minzheng.places.matching.linking", set(found))
    assert "minzheng.places.matching" in targets or "minzheng.places.matching.matcher" in targets
