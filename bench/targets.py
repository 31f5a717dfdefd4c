"""The issue's targets, judged from one run, and the table `make bench` prints.

Each target is `{"name", "figure", "floor", "ratio", "target", "met"}`: name and target as the issue states them,
figure and floor in words with their units, ratio the figure over the floor (an object where a target has two
parts, null where there is no floor), met true or false (null when a part could not be judged in this run:
PostgreSQL's start-up against SQLite's when SQLite did not run)."""

from __future__ import annotations

from typing import Any

from bench.common import CALLERS, Size, median
from bench.databases import NAMES, POSTGRESQL, SQLITE
from bench.interactions import NOOP, NOOP_READ

READ = "one read through the project's database layer"
INTERACTIONS = "every interaction, p50 / p99"
CLAIMS = "claims, 50 concurrent callers, 100 000 contacts"
IMPORT = "import of 100 000 rows"
POSTS = "3 000 posts due in one minute, under the rate-limit model"
START = "start-up with the national dataset"
COLLECTIONS = "full garbage collections during the interactions"
CLAIM_TARGET = {SQLITE: 1.0, POSTGRESQL: 0.8}


def _ratio(figure: float, floor: float) -> float | None:
    return round(figure / floor, 2) if floor > 0 else None


def _target(name: str, figure: str, floor: str, ratio: Any, target: str, met: bool | None) -> dict[str, Any]:
    return {"name": name, "figure": figure, "floor": floor, "ratio": ratio, "target": target, "met": met}


def worst(interactions: dict[str, Any]) -> dict[str, Any]:
    """The interaction furthest above the floor, at p50 and at p99."""
    floor = interactions[NOOP_READ]
    measured = {name: f for name, f in interactions.items() if name not in (NOOP, NOOP_READ)}
    found = {}
    for p in ("p50", "p99"):
        name = max(measured, key=lambda n: measured[n][f"{p}_ms"])
        found[p] = {"name": name, "ms": measured[name][f"{p}_ms"], "floor_ms": floor[f"{p}_ms"]}
    return found


def targets(kind: str, found: dict[str, Any]) -> list[dict[str, Any]]:
    run = found[kind]
    national = run["national"]
    rows = []

    reads = national["reads"]
    ratio = _ratio(reads["project"]["p50_ms"], reads["one_hop"]["p50_ms"])
    rows.append(
        _target(
            READ,
            f"{reads['project']['p50_ms']:.2f} ms (p50)",
            f"{reads['one_hop']['p50_ms']:.2f} ms (p50): a synchronous session's read on a worker thread",
            ratio,
            "≤ 1.5× a synchronous session's read on a worker thread",
            ratio is not None and ratio <= 1.5,
        )
    )

    w = worst(national["interactions"])
    ratios = {p: _ratio(w[p]["ms"], w[p]["floor_ms"]) for p in ("p50", "p99")}
    rows.append(
        _target(
            INTERACTIONS,
            f"worst p50 {w['p50']['ms']:.1f} ms ({w['p50']['name']}), worst p99 {w['p99']['ms']:.1f} ms "
            f"({w['p99']['name']}), from each interaction's arrival",
            f"p50 {w['p50']['floor_ms']:.1f} ms, p99 {w['p99']['floor_ms']:.1f} ms: no-op + one read",
            ratios,
            '≤ 3× / ≤ 6× the "no-op + one read" floor',
            ratios["p50"] is not None and ratios["p99"] is not None and ratios["p50"] <= 3 and ratios["p99"] <= 6,
        )
    )

    claims = national["claims"]
    service = median([r["per_second"] for r in claims["rounds"]["service"]])
    bare = median([r["per_second"] for r in claims["rounds"]["bare_sql"]])
    asked = sum(r["asked"] for rounds in claims["rounds"].values() for r in rounds)
    got = sum(r["claims"] for rounds in claims["rounds"].values() for r in rounds)
    least = CLAIM_TARGET[kind]
    ratio = _ratio(service, bare)
    rows.append(
        _target(
            CLAIMS,
            f"{service:.0f} claims/s through the service; {claims['double_claims']} double claims; "
            f"{got} of {asked} claims made",
            f"{bare:.0f} claims/s: the same-work bare SQL claim",
            ratio,
            f"≥ {least:g}× the same-work bare SQL claim ({NAMES[kind]}); zero double claims",
            ratio is not None and ratio >= least and claims["double_claims"] == 0 and got == asked,
        )
    )

    imported = run["import"]
    ratio = _ratio(imported["median_seconds"], imported["floor_median_seconds"])
    rows.append(
        _target(
            IMPORT,
            f"{imported['median_seconds']:.2f} s (median of {len(imported['pairs'])} paired runs), "
            f"peak memory {imported['peak_rss_mb']:.0f} MB",
            f"{imported['floor_median_seconds']:.2f} s: csv + phonenumbers in the paired runs",
            ratio,
            "≤ 1.5× the paired parse floor; peak memory < 300 MB",
            ratio is not None and ratio <= 1.5 and imported["peak_rss_mb"] < 300,
        )
    )

    posts = national["posts"]
    too_many = sum(posts["too_many_requests"].values())
    complete = posts["p99_s"] is not None
    if complete:
        ratio = _ratio(posts["p99_s"], posts["floor_p99_s"])
        figure = f"p99 due → posted {posts['p99_s']:.2f} s"
    else:  # the ratio is a lower bound: the p99 post was not out when the bench stopped waiting
        ratio = _ratio(posts["waited_s"], posts["floor_p99_s"])
        figure = f"p99 due → posted over {posts['waited_s']:.0f} s (ratio at least the one shown)"
        if posts["projected_last_s"] is not None:
            figure += f", the last after about {posts['projected_last_s']:.0f} s at the pace seen"
    rows.append(
        _target(
            POSTS,
            f"{figure}; {too_many} responses 429; {posts['posted']} of {posts['due']} posted",
            f"{posts['floor_p99_s']:.2f} s: p99 if every request were answered at once, ten posts a message",
            ratio,
            "p99 due → posted ≤ 1.2× the floor set by Discord's limits; zero 429s",
            complete and ratio is not None and ratio <= 1.2 and too_many == 0 and posts["posted"] == posts["due"],
        )
    )

    empty = median([start["seconds"] for start in run["no_servers"]])
    start = national["start_seconds"]
    ratios = {"no_servers": _ratio(start, empty)}
    floor = f"{empty:.1f} s: start-up with no servers"
    target = "≤ 1.5× start-up with no servers"
    parts: list[bool | None] = [ratios["no_servers"] is not None and ratios["no_servers"] <= 1.5]
    if kind == POSTGRESQL:
        target += "; PostgreSQL ≤ 1.5× SQLite"
        sqlite_start = found[SQLITE]["national"]["start_seconds"] if SQLITE in found else None
        ratios["sqlite"] = _ratio(start, sqlite_start) if sqlite_start else None
        if sqlite_start:
            floor += f"; {sqlite_start:.1f} s: SQLite's start-up with the dataset"
        parts.append(None if ratios["sqlite"] is None else ratios["sqlite"] <= 1.5)
    met = False if False in parts else (None if None in parts else True)
    rows.append(_target(START, f"{start:.1f} s", floor, ratios, target, met))

    gc = national["gc"]
    rows.append(
        _target(
            COLLECTIONS,
            f"{gc['full_collections']} (longest {gc['longest_ms']:.0f} ms)",
            "0",
            None,
            "0",
            gc["full_collections"] == 0,
        )
    )
    return rows


def _late(posts: dict[str, Any], key: str) -> str:
    value = posts[key]
    return f"over {posts['waited_s']:.0f}" if value is None else f"{value:.2f}"


def _met(met: bool | None) -> str:
    return {True: "yes", False: "MISSED", None: "not judged"}[met]


def report(
    found: dict[str, Any], results: dict[str, Any], size: Size, when: str, loads: list[float], seconds: float
) -> str:
    lines = [
        "",
        f"rödbot benchmark · {when} · {results['machine']['cores']} cores, load {min(loads):.1f}–{max(loads):.1f}",
        f"dataset: {size.guilds} servers × {size.members_per_guild} members, {size.meetings} meetings with "
        f"{size.meetings * size.rsvps_per_meeting} answers, {size.commitments} commitments, {size.contacts} contacts "
        f"in {size.campaigns} campaigns, {size.memorial_per_guild} memorial days per server",
    ]
    for kind, run in found.items():
        n = run["national"]
        g = n["generate"]
        lines += [
            "",
            f"━━ {NAMES[kind]} ━━",
            f"generated in {g['total']:.1f} s (encrypting contacts {g['contacts_encrypt']:.1f} s), SimCord world "
            f"{n['world_seconds']:.1f} s" + (f", database {n['db_mb']:.0f} MB" if "db_mb" in n else ""),
            "",
            f"{'one primary-key read':<52}{'p50 ms':>9}{'p99 ms':>9}",
        ]
        raw = "raw sqlite3" if kind == SQLITE else "raw asyncpg"
        for label, way in (
            (f"{raw} (floor)", "raw"),
            ("synchronous session on a worker thread (floor)", "one_hop"),
            ("the project's database layer", "project"),
        ):
            r = n["reads"][way]
            lines.append(f"{label:<52}{r['p50_ms']:>9.3f}{r['p99_ms']:>9.3f}")
        floor = n["interactions"][NOOP_READ]
        lines += [
            "",
            f"{'interaction (from its arrival at the bot)':<42}{'n':>5}{'p50 ms':>9}{'p99 ms':>9}"
            f"{'p50/floor':>11}{'p99/floor':>11}{'handler p50':>13}",
        ]
        for name, f in n["interactions"].items():
            is_floor = name in (NOOP, NOOP_READ)
            p50 = "—" if is_floor else f"{f['p50_ms'] / floor['p50_ms']:.1f}×"
            p99 = "—" if is_floor else f"{f['p99_ms'] / floor['p99_ms']:.1f}×"
            lines.append(
                f"{name:<42}{f['n']:>5}{f['p50_ms']:>9.1f}{f['p99_ms']:>9.1f}{p50:>11}{p99:>11}"
                f"{f['handler_p50_ms']:>13.1f}"
            )
        lines.append(
            f"(full garbage collections during the interactions: {n['gc']['full_collections']}, longest "
            f"{n['gc']['longest_ms']:.0f} ms)"
        )
        c = n["claims"]["rounds"]
        lines += [
            "",
            f"claims, {CALLERS} concurrent callers, each claim by a new caller, claims/s per round: service "
            + ", ".join(f"{r['per_second']:.0f}" for r in c["service"])
            + "; bare SQL (same work) "
            + ", ".join(f"{r['per_second']:.0f}" for r in c["bare_sql"])
            + f"; double claims {n['claims']['double_claims']}",
        ]
        i = run["import"]
        lines.append(
            f"import of {i['rows']} rows, paired runs (import / parse floor, s): "
            + ", ".join(f"{p['import']['seconds']:.2f} / {p['parse-floor']['seconds']:.2f}" for p in i["pairs"])
            + f"; peak {i['peak_rss_mb']:.0f} MB"
        )
        p = n["posts"]
        lines.append(
            f"posts: {p['posted']}/{p['due']} out, due→posted p50 {_late(p, 'p50_s')} s, p99 {_late(p, 'p99_s')} s, "
            f"last {_late(p, 'last_s')} s"
            + (f" (about {p['projected_last_s']:.0f} s at the pace seen)" if p["projected_last_s"] else "")
            + f"; {p['requests']} requests, 429s {p['too_many_requests'] or 0}, failed {p['failed'] or 0}; "
            f"Discord's floor p99 "
            f"{p['floor_p99_s']:.2f} s (ten posts a message), {p['floor_one_per_message_p99_s']:.2f} s "
            "(one post a message)"
        )
        empty = [s["seconds"] for s in run["no_servers"]]
        lines.append(
            f"start-up to ready: national {n['start_seconds']:.1f} s (RSS {n['rss_after_start_mb']:.0f} MB), "
            f"no servers {', '.join(f'{s:.1f}' for s in empty)} s, restart on national {n['restart_seconds']:.1f} s"
        )
        if n["errors"]:
            lines += [f"errors seen by SimCord: {len(n['errors'])}", *n["errors"][:5]]
        lines += ["", f"{'target':<58}{'ratio':>16}  met"]
        for row in results[kind]["targets"]:
            ratio = row["ratio"]
            if isinstance(ratio, dict):
                shown = " / ".join("—" if v is None else f"{v:.2f}×" for v in ratio.values())
            else:
                shown = "—" if ratio is None else f"{ratio:.2f}×"
            lines.append(f"{row['name']:<58}{shown:>16}  {_met(row['met'])}")
            lines.append(f"    {row['figure']}  ·  floor {row['floor']}  ·  target {row['target']}")
    lines.append(f"\nwhole run {seconds:.0f} s; figures are noisy on a shared machine")
    return "\n".join(lines)
