"""Shared test fixtures: the bundled copies of the portals and a local server for them."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
INEWS_SITE = FIXTURES / "inews" / "site"
SCHEMA_PATH = ROOT / "newscrawler" / "schema" / "article.schema.json"

sys.path.insert(0, str(ROOT / "scripts"))


def fixture_url(folder: Path) -> str:
    """The live URL a folder of the iNews fixture site stands for."""
    return "https://" + folder.relative_to(INEWS_SITE).as_posix()


def portal_site(name: str) -> Path:
    """The fixture copy of a portal: ``tests/fixtures/<portal>/site/<host>/...``."""
    return FIXTURES / name / "site"


from fixture_site import serve_in_thread  # noqa: E402


@pytest.fixture(scope="session")
def article_schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text())


@pytest.fixture(scope="session")
def expected_crawl() -> dict:
    return json.loads((FIXTURES / "inews" / "expected_crawl.json").read_text())


@pytest.fixture(scope="session")
def inews_server():
    """The fixture site on a free port for the whole session; yields its base URL."""
    server, base_url = serve_in_thread(INEWS_SITE)
    yield base_url
    server.shutdown()
