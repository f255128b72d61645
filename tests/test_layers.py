"""The floors of the README's layout: each app imports only the floors below it."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def floors() -> list[set[str]]:
    """The README's floors, from the top; apps named on one line ("ground floor") share one."""
    layout = (ROOT / "README.md").read_text().split("## Layout", 1)[1].split("```")[1]
    # The portal's packages; tests/ stands beside them, importing any.
    names = [
        name
        for name in re.findall(r"^([a-z_]+)/ ", layout, flags=re.MULTILINE)
        if name != "tests" and (ROOT / name / "__init__.py").exists()
    ]
    grounds = {name for name in names if re.search(rf"^{name}/\s+ground floor", layout, re.M)}
    result = [{name} for name in names if name not in grounds]
    return [*result, grounds] if grounds else result


def imported_apps(package: str, apps: set[str]) -> dict[str, set[str]]:
    """Each portal app imported by the package's modules, and where (migrations aside)."""
    found: dict[str, set[str]] = {}
    for path in (ROOT / package).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            modules = []
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            for module in modules:
                app = module.split(".")[0]
                if app in apps and app != package:
                    found.setdefault(app, set()).add(str(path.relative_to(ROOT)))
    return found


def test_the_layout_names_every_app():
    named = set().union(*floors())
    packages = {p.parent.name for p in ROOT.glob("*/__init__.py")} - {"tests"}
    assert packages <= named, f"add to the README's layout: {sorted(packages - named)}"


def test_each_app_imports_only_the_floors_below_it():
    levels = floors()
    apps = set().union(*levels)
    wrong = []
    for index, level in enumerate(levels):
        below = set().union(*levels[index + 1 :]) if index + 1 < len(levels) else set()
        for app in level:
            for other, where in imported_apps(app, apps).items():
                if other not in below:
                    wrong.append(f"{app} imports {other} ({', '.join(sorted(where))})")
    assert not wrong, "\n".join(wrong)
