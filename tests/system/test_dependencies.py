"""Dependencies: every range is closed at the next major version, and a fresh machine installs the versions the
suite passed with (constraints.txt, which `make` and therefore CI install from)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]


def requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    listed = project["dependencies"] + [r for extra in project["optional-dependencies"].values() for r in extra]
    return [Requirement(text) for text in listed]


def pinned() -> dict[str, Version]:
    lines = (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines()
    pins = [line.split("==") for line in lines if line.strip() and not line.startswith("#")]
    return {canonicalize_name(name): Version(version) for name, version in pins}


def next_major(version: Version) -> Version:
    """2.7.1 -> 3; 0.22.1 -> 1; 0.0.50 -> 0.1 (a 0.0.x library breaks at its second number); 2026.6 -> 2027."""
    first, second = (*version.release, 0)[:2]
    if first:
        return Version(str(first + 1))
    return Version("1") if second else Version("0.1")


def test_every_dependency_has_an_upper_bound_at_the_next_major_version_of_what_was_tested():
    pins = pinned()
    for requirement in requirements():
        uppers = [Version(s.version) for s in requirement.specifier if s.operator == "<"]
        assert uppers == [next_major(pins[canonicalize_name(requirement.name)])], str(requirement)


def test_the_constraints_pin_every_dependency_inside_its_range():
    pins = pinned()
    for requirement in requirements():
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement.name} is not in constraints.txt"
        assert requirement.specifier.contains(pins[name]), f"{name}=={pins[name]} is outside {requirement}"


def test_make_and_therefore_ci_install_from_the_constraints():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    installs = [
        line.strip() for line in makefile.splitlines() if line.strip().startswith("$(BIN)/python -m pip install")
    ]
    assert installs == [
        "$(BIN)/python -m pip install --quiet --upgrade pip",
        "$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test,demo]'",
    ]
    assert re.search(r"^\$\(STAMP\): pyproject\.toml constraints\.txt$", makefile, re.MULTILINE)
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
