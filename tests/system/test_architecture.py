"""The shape of the code, read from its imports: no import cycles, the bot class and the shared Discord-side helpers
apart, no cog importing another cog, each cog package's `__init__` holding only its `setup`, and Discord kept out of
`bot/` but for its wiring.

Every import statement counts, wherever it stands (at the top, under `if TYPE_CHECKING:`, inside a function):
a cycle that only a type annotation or a late import hides is still a cycle."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("bot", "cogs")
WIRING = {"bot.bot", "bot.translator", "bot.clock", "bot.__main__"}
"""The modules of `bot/` that may import discord.py: the bot class, the translator of the command tree, the one
clock (discord.py's, which SimCord moves), and the command line (`check` logs in to read each server)."""


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" not in path.parts:
                found[module_name(path)] = path
    return found


MODULES = project_modules()


def imported(name: str, source: str, *, package: bool = False) -> set[str]:
    """The project modules a module imports (`from x import y` counts as x.y when y is a module)."""
    parent = name if package else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = parent.split(".")[: len(parent.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base for alias in node.names]
        else:
            continue
        found.update(target for target in targets if target in MODULES and target != name)
    return found


def third_party(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            found.add(node.module.split(".")[0])
    return found


GRAPH = {
    name: imported(name, path.read_text(encoding="utf-8"), package=path.name == "__init__.py")
    for name, path in MODULES.items()
}


def reachable(start: str) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        for following in GRAPH[todo.pop()]:
            if following not in seen:
                seen.add(following)
                todo.append(following)
    return seen


def test_the_walk_reads_every_kind_of_import():
    """The walk itself, so that an empty answer below means something."""
    source = """
from typing import TYPE_CHECKING

import discord
from bot import permissions
from cogs._shared.ui import gate
from .interactions import reply

if TYPE_CHECKING:
    from bot.bot import RodBot


def later():
    import bot.ledger
"""
    assert imported("cogs._shared.example", source) == {
        "bot.permissions",
        "cogs._shared.ui",
        "cogs._shared.interactions",
        "bot.bot",
        "bot.ledger",
    }
    assert "cogs._shared.interactions" in GRAPH["bot.bot"]
    assert "bot.bot" in GRAPH["cogs._shared.ui"]


def test_no_module_imports_itself_through_others():
    cycles = sorted(name for name in GRAPH if name in reachable(name))
    assert cycles == []


def test_the_bot_class_never_reaches_the_helpers_that_use_it():
    helpers = {name for name in MODULES if name.startswith("cogs._shared.")}
    above = {name for name in helpers if "bot.bot" in reachable(name)}
    assert above >= {"cogs._shared.ui", "cogs._shared.delivery", "cogs._shared.channels", "cogs._shared.notices"}
    assert reachable("bot.bot") & above == set()


def cog_of(name: str) -> str | None:
    """The cog a module belongs to: its package (or module) right under `cogs`; None for the shared helpers and
    for anything outside `cogs`."""
    parts = name.split(".")
    if parts[0] != "cogs" or len(parts) < 2 or parts[1] == "_shared":
        return None
    return ".".join(parts[:2])


def test_a_module_belongs_to_the_cog_it_stands_in():
    assert cog_of("cogs.setup._cog") == cog_of("cogs.setup") == "cogs.setup"
    assert cog_of("cogs.meetings.views") == cog_of("cogs.meetings") == "cogs.meetings"
    assert cog_of("cogs._shared.ui") is None
    assert cog_of("bot.privacy") is None


def test_no_cog_imports_another_cog():
    """The modules of one cog's package import each other; a cog never imports another."""
    crossing = {
        name: sorted(target for target in GRAPH[name] if cog_of(target) not in (None, cog_of(name)))
        for name in MODULES
        if cog_of(name) is not None
    }
    assert {name: targets for name, targets in crossing.items() if targets} == {}


def test_a_cog_package_init_holds_only_its_setup():
    """As python-discord's extensions: a cog package's `__init__` is the extension's entry, `async def setup(bot)`,
    and nothing else (the cogs, views and rendering stand in the package's modules)."""
    packages = sorted(name for name, path in MODULES.items() if cog_of(name) == name and path.name == "__init__.py")
    assert {"cogs.setup", "cogs.privacy"} <= set(packages)
    defined = {}
    for name in packages:
        body = ast.parse(MODULES[name].read_text(encoding="utf-8")).body
        defined[name] = [
            type(node).__name__ if not isinstance(node, ast.AsyncFunctionDef) else node.name
            for node in body
            if not isinstance(node, ast.Import | ast.ImportFrom)
            and not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant))  # the docstring
        ]
    assert defined == {name: ["setup"] for name in packages}


def test_discord_stays_out_of_bot_but_for_its_wiring():
    touching = {name for name, path in MODULES.items() if name.startswith("bot") and "discord" in third_party(path)}
    assert touching == WIRING


def positional_sessions(source: str) -> list[str]:
    """The functions of a module that take `session` other than keyword-only."""
    return [
        node.name
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and any(argument.arg == "session" for argument in node.args.posonlyargs + node.args.args)
    ]


def test_the_walk_finds_a_positional_session():
    assert positional_sessions("def a(session): ...\nasync def b(*, session): ...\ndef c(x, /, session=None): ...") == [
        "a",
        "c",
    ]


def test_every_function_takes_its_session_keyword_only():
    """One way to run a unit of work: `service(session=…, …)`, as `Database.run_write` and the ledger call it;
    the cogs' units of work too."""
    found = {
        name: positional_sessions(path.read_text(encoding="utf-8"))
        for name, path in MODULES.items()
        if name.startswith(("bot.", "cogs.")) and not name.startswith("bot.migrations")
    }
    assert {name: functions for name, functions in found.items() if functions} == {}


@pytest.mark.parametrize("module", [*sorted(name for name in MODULES if name.startswith("cogs._shared")), "bot.bot"])
def test_each_shared_module_imports_on_its_own(module):
    """Imported first, in a fresh interpreter, each module loads (a cycle would leave a name half-made)."""
    result = subprocess.run([sys.executable, "-c", f"import {module}"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
