"""Every portal in the registry is complete: a spider and a row in the README (its pages are
compared in test_fixture_pages.py, its crawl in tests/spiders/test_portal_crawls.py)."""
import subprocess

from newscrawler.portals import PORTALS
from readme_portals import BLOCK, render
from tests.conftest import ROOT
from tests.support import SCRAPY, project_env


def test_readme_portal_table_is_generated_from_the_registry():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert BLOCK.search(readme), "README lacks the <!-- portals:start/end --> block"
    assert render(readme) == readme, "run: .venv/bin/python scripts/readme_portals.py"


def test_every_portal_has_a_spider():
    listed = subprocess.run([SCRAPY, "list"], cwd=ROOT, env=project_env(), capture_output=True, text=True, check=True)
    assert set(PORTALS) <= set(listed.stdout.split())
