"""The lock file: it agrees with pyproject.toml, and it is what is installed."""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import PackageNotFoundError, version

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from tests.conftest import ROOT

_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")


def locked() -> dict[str, tuple[Version, Marker | None]]:
    """The lock's pins by normalised name, with the marker that limits each, if any."""
    pins = {}
    for line in (ROOT / "requirements-lock.txt").read_text(encoding="utf-8").splitlines():
        match = _PIN.match(line)
        if match:
            marker = Marker(match[3]) if match[3] else None
            pins[canonicalize_name(match[1])] = (Version(match[2]), marker)
    return pins


def declared() -> list[Requirement]:
    """What pyproject.toml asks for: the dependencies and the dev extra."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [Requirement(text) for text in
            [*project["dependencies"], *project["optional-dependencies"]["dev"]]]


def test_lock_satisfies_every_declared_requirement() -> None:
    pins = locked()
    wrong = []
    for req in declared():
        pin = pins.get(canonicalize_name(req.name))
        if pin is None:
            wrong.append(f"{req}: not in requirements-lock.txt")
        elif not req.specifier.contains(pin[0], prereleases=True):
            wrong.append(f"{req}: the lock has {pin[0]}")
    assert wrong == [], "requirements-lock.txt is out of date: run make lock"


def test_installed_packages_are_the_locked_ones() -> None:
    wrong = []
    for name, (pinned, marker) in locked().items():
        if marker is not None and not marker.evaluate():
            continue  # not for this platform
        try:
            installed = Version(version(name))
        except PackageNotFoundError:
            wrong.append(f"{name}: not installed")
            continue
        if installed != pinned:
            wrong.append(f"{name}: {installed} installed, {pinned} locked")
    assert wrong == [], "the environment was not made from requirements-lock.txt (make test does)"


def test_pin_reader_reads_the_lock_format() -> None:
    assert _PIN.match("weasyprint==70.0 \\")[2] == "70.0"  # type: ignore[index]
    line = "colorama==0.4.6 ; sys_platform == 'win32' \\"
    assert _PIN.match(line)[3] == "sys_platform == 'win32'"  # type: ignore[index]
    assert len(locked()) > 20
