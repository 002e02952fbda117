"""``bench/distributed.py --quick`` runs end to end (site, server with a delay, 1, 2 and 4
workers on fresh redis-servers, the outputs checked, the Redis memory measured) and prints
what the README quotes. Only the shape is checked: timings on a shared machine are not."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_quick_benchmark_prints_every_worker_count_verified_and_the_redis_memory():
    result = subprocess.run([sys.executable, str(ROOT / "bench" / "distributed.py"), "--quick"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    rows = {int(m[1]): m for m in re.finditer(
        r"^ +(\d) +([\d,]+) +([\d.]+) +(\d+) +([\d.]+) +([\d.]+)x +([\d+]+) ", result.stdout, re.M)}
    assert sorted(rows) == [1, 2, 4]
    for workers, row in rows.items():
        assert row[2] == ",".join(["0"] * workers)  # every worker exited 0
        shares = [int(n) for n in row[7].split("+")]
        assert len(shares) == workers and sum(shares) == 150  # each article exported by one worker
    assert rows[1][6] == "1.00"
    assert re.search(r"^speed-up with 2 workers: [\d.]+x \(target >= 1\.8: (NOT )?met\)$", result.stdout, re.M)
    assert re.search(r"^speed-up with 4 workers: [\d.]+x \(target >= 3\.2: (NOT )?met\)$", result.stdout, re.M)
    memory = re.search(r"^Redis memory per 100,000 seen articles .*: ([\d.]+) MB while the run lasts .*, "
                       r"([\d.]+) MB after it$", result.stdout, re.M)
    assert memory and 0 < float(memory[2]) < float(memory[1])
    assert "every worker count exported the same 150 URLs, each once (scripts/merge-run: ok)" in result.stdout
