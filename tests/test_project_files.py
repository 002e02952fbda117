"""The files around the code: version, licence, changelog."""
from __future__ import annotations

import tomllib

import newscrawler
from tests.support import ROOT


def test_the_package_version_is_pyprojects():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert newscrawler.__version__ == project["version"]


def test_the_changelog_has_a_section_for_the_current_version():
    headings = [line for line in (ROOT / "CHANGELOG.md").read_text().splitlines() if line.startswith("## ")]
    assert headings and headings[0].startswith(f"## {newscrawler.__version__} ")


def test_the_licence_is_mit_and_the_readme_names_it():
    licence = (ROOT / "LICENSE").read_text()
    assert licence.startswith("MIT License\n")
    assert "THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND" in licence
    assert "MIT licence: `LICENSE`" in (ROOT / "README.md").read_text()
