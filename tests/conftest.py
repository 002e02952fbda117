"""Shared test fixtures: the bundled iNews copy and a local server for it."""
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
    """The live URL a folder of the fixture site stands for."""
    return "https://" + folder.relative_to(INEWS_SITE).as_posix()



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
