"""`python -m bench [--small] [--postgres URL] [--results PATH]`: see bench/README.md."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import ROOT
from bench.common import Size, load_average, median, say, write_json
from bench.databases import NAMES, Databases, chosen
from bench.targets import report, targets

RESULTS = ROOT / "bench" / "results.json"


def child(spec_path: str) -> None:
    """Run one measured piece in this (fresh) process and write what it found where the spec says."""
    from bench import imports, national

    spec = json.loads(Path(spec_path).read_text(encoding="utf-8"))
    kind = spec["kind"]
    if kind == "national":
        found = asyncio.run(national.national(spec["url"], Size(**spec["size"])))
    elif kind == "no-servers":
        found = asyncio.run(national.no_servers(spec["url"]))
    elif kind == "parse-floor":
        found = imports.parse_floor(spec["csv"])
    elif kind == "import":
        found = imports.bot_import(spec["csv"], spec["url"])
    else:
        raise SystemExit(f"unknown child {kind}")
    write_json(Path(spec["out"]), found)


class Run:
    """One database's run: every measured piece in a child process, on a database made for it and dropped after."""

    def __init__(self, databases: Databases, size: Size, folder: Path, loads: list[float]) -> None:
        self.databases = databases
        self.size = size
        self.folder = folder
        self.loads = loads
        self.pieces = 0

    def piece(self, kind: str, *, database: str | None = None, **spec: Any) -> dict[str, Any]:
        self.pieces += 1
        self.loads.append(load_average())
        url = self.databases.create(database) if database else None
        spec_path = self.folder / f"piece-{self.pieces}.json"
        out = self.folder / f"piece-{self.pieces}-found.json"
        write_json(spec_path, {"kind": kind, "url": url, "out": str(out), **spec})
        try:
            if subprocess.run([sys.executable, "-m", "bench", "--child", str(spec_path)], cwd=ROOT).returncode:
                raise SystemExit(f"the bench stopped: its {kind} piece failed (see above)")
        finally:
            if url is not None:
                self.databases.drop(url)
        return json.loads(out.read_text(encoding="utf-8"))

    def everything(self) -> dict[str, Any]:
        size = self.size
        found: dict[str, Any] = {}
        say(f"start-up with no servers ({size.empty_starts}×) …")
        found["no_servers"] = [self.piece("no-servers", database="empty") for _ in range(size.empty_starts)]
        print(f"national dataset on {NAMES[self.databases.kind]}: generate, start, measure …", flush=True)
        found["national"] = self.piece("national", database="national", size=size.as_dict())
        say(f"import of {size.import_rows} rows and its parse floor, {size.import_pairs} pairs …")
        csv_path = self.folder / "list.csv"
        from bench.imports import write_csv

        write_csv(csv_path, size.import_rows)
        pairs = []
        for pair in range(size.import_pairs):
            order = ("parse-floor", "import") if pair % 2 == 0 else ("import", "parse-floor")
            ran = {
                kind: self.piece(kind, csv=str(csv_path), database="import" if kind == "import" else None)
                for kind in order
            }
            pairs.append(ran)
        csv_path.unlink()
        found["import"] = {
            "rows": size.import_rows,
            "pairs": pairs,
            "median_seconds": median([p["import"]["seconds"] for p in pairs]),
            "floor_median_seconds": median([p["parse-floor"]["seconds"] for p in pairs]),
            "peak_rss_mb": max(p["import"]["peak_rss_mb"] for p in pairs),
        }
        return found


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--small", action="store_true", help="a small run, well under a minute (figures say nothing)")
    parser.add_argument("--postgres", metavar="URL", help="also run on this PostgreSQL server (BENCH_POSTGRES_URL)")
    parser.add_argument("--results", type=Path, default=RESULTS, help=f"where to write them (default {RESULTS})")
    parser.add_argument("--child", metavar="SPEC", help=argparse.SUPPRESS)
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    if args.child:
        child(args.child)
        return
    size = Size.small() if args.small else Size()
    kinds, server, why = chosen(args.postgres)
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    print(f"rödbot benchmark{' (small: the figures say nothing)' if args.small else ''}: {why}", flush=True)
    loads = [load_average()]
    started = time.perf_counter()
    found: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="rodbot-bench-") as folder:
        for kind in kinds:
            place = Path(folder) / kind
            place.mkdir()
            found[kind] = Run(Databases(kind, place, server), size, place, loads).everything()
    loads.append(load_average())
    results = {kind: {"targets": targets(kind, found)} if kind in found else None for kind in NAMES}
    results["machine"] = {"cores": os.cpu_count(), "load": round(max(loads), 2)}
    write_json(args.results, results)
    print(report(found, results, size, when, loads, time.perf_counter() - started))
    print(f"\nwritten: {args.results}")


if __name__ == "__main__":
    main()
