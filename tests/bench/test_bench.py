"""`make bench` cannot rot: its small run completes on the suite's database, writes every target of issue 15 in the
issue's shape, and leaves nothing in the temporary folder. Its figures are never judged here."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TARGETS = [
    "one read through the project's database layer",
    "every interaction, p50 / p99",
    "claims, 50 concurrent callers, 100 000 contacts",
    "import of 100 000 rows",
    "3 000 posts due in one minute, under the rate-limit model",
    "start-up with the national dataset",
    "full garbage collections during the interactions",
]


def is_ratio(value: object) -> bool:
    """A number, null (no floor), or named numbers for a target of several parts."""
    if isinstance(value, dict):
        return bool(value) and all(is_ratio(part) and not isinstance(part, dict) for part in value.values())
    return value is None or (isinstance(value, int | float) and not isinstance(value, bool) and value >= 0)


def test_the_small_bench_completes_writes_every_target_in_the_issues_shape_and_leaves_no_files(tmp_path):
    server = os.environ.get("TEST_DATABASE_URL")  # the suite's PostgreSQL run benches PostgreSQL
    env = {name: value for name, value in os.environ.items() if name not in ("DATABASE_URL", "BENCH_POSTGRES_URL")}
    if server:
        env["DATABASE_URL"] = server
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env["TMPDIR"] = str(scratch)
    results = tmp_path / "results.json"

    done = subprocess.run(
        [sys.executable, "-m", "bench", "--small", "--results", str(results)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )

    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    found = json.loads(results.read_text(encoding="utf-8"))
    ran, skipped = ("postgresql", "sqlite") if server else ("sqlite", "postgresql")
    assert set(found) == {"sqlite", "postgresql", "machine"}
    assert found[skipped] is None
    assert set(found["machine"]) == {"cores", "load"}
    assert found["machine"]["cores"] == os.cpu_count()
    assert set(found[ran]) == {"targets"}
    rows = found[ran]["targets"]
    assert [row["name"] for row in rows] == TARGETS
    for row in rows:
        assert set(row) == {"name", "figure", "floor", "ratio", "target", "met"}, row
        assert isinstance(row["figure"], str) and row["figure"], row
        assert isinstance(row["floor"], str) and row["floor"], row
        assert isinstance(row["target"], str) and row["target"], row
        assert is_ratio(row["ratio"]), row
        assert row["met"] in (True, False, None), row
    assert list(scratch.iterdir()) == []
