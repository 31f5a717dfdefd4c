"""What every part of the bench shares: the sizes, the dataset's fixed moments, and small statistics."""

from __future__ import annotations

import json
import os
import statistics
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet

DATA_KEY = Fernet.generate_key().decode()
ZONE = "Europe/Stockholm"
SIM_START = datetime(2026, 1, 1, tzinfo=UTC)  # SimCord's clock starts here
MEMORIAL_DUE = datetime(2026, 1, 2, 8, 0, tzinfo=UTC)  # 09:00 in Stockholm: every memorial day is 2 January
LONG_AGO = datetime(2025, 6, 1, tzinfo=UTC)
CALLERS = 50  # concurrent callers in the claims measure
DISTRICTS = 21  # servers with a commitment plan


@dataclass(frozen=True)
class Size:
    guilds: int = 300
    members_per_guild: int = 100
    commitments: int = 2_000
    meetings: int = 5_000
    rsvps_per_meeting: int = 20
    campaigns: int = 10
    contacts: int = 100_000
    memorial_per_guild: int = 10
    samples: int = 100  # rounds of interactions, each with a caller who has never called before
    reads: int = 300  # reads of each kind in the one-read comparison
    claims_per_caller: int = 10
    claim_rounds: int = 3  # alternating rounds of the service and the bare claim, each on its own campaign
    import_rows: int = 100_000
    import_pairs: int = 3  # paired whole-process runs of the import and its parse floor
    empty_starts: int = 3  # start-ups with no servers (the median is the floor)

    @classmethod
    def small(cls) -> Size:
        """A few seconds of each measure: proves the bench runs, says nothing about the targets."""
        return cls(
            guilds=DISTRICTS + 1,
            members_per_guild=30,
            commitments=50,
            meetings=50,
            contacts=2_000,
            memorial_per_guild=3,
            samples=10,
            reads=50,
            claims_per_caller=1,
            claim_rounds=1,
            import_rows=2_000,
            import_pairs=2,
            empty_starts=1,
        )

    @property
    def posts(self) -> int:
        return self.guilds * self.memorial_per_guild

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def say(text: str) -> None:
    print(f"  {time.strftime('%H:%M:%S')} {text}", flush=True)


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def summary_ms(values: list[float]) -> dict[str, float]:
    """Seconds in, milliseconds out."""
    return {
        "n": len(values),
        "p50_ms": percentile(values, 50) * 1000,
        "p95_ms": percentile(values, 95) * 1000,
        "p99_ms": percentile(values, 99) * 1000,
    }


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def _status_mb(field: str) -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def rss_mb() -> float:
    return _status_mb("VmRSS")


def peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not inherited from the parent at exec)."""
    return _status_mb("VmHWM")


def load_average() -> float:
    return os.getloadavg()[0]


def write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
