#!/usr/bin/env python3
"""Rewrite the portal table in README.md from the registry (tests check it is current)."""
from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from newscrawler.portals import registry_table  # noqa: E402

BLOCK = re.compile(r"(<!-- portals:start -->\n).*?(<!-- portals:end -->)", re.DOTALL)


def render(readme: str) -> str:
    return BLOCK.sub(lambda m: m[1] + registry_table() + "\n" + m[2], readme)


if __name__ == "__main__":
    path = ROOT / "README.md"
    path.write_text(render(path.read_text(encoding="utf-8")), encoding="utf-8")
