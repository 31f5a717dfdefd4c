"""Writes the shipped plans (data/plans/*.json, offered by `/plan load`) from the districts' own plan texts, with
the importer itself, so that nothing in them is written by hand:

    python -m bot.commitments.build_plans          # rewrite data/plans/
    python -m bot.commitments.build_plans --check  # exit 1 if data/plans/ is not what the importer makes

The texts are the two seed plans as published (tests/fixtures/plans/).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from bot.commitments.plan_files import read_plan
from bot.commitments.plans import PLANS_DIR, parsed_to_data

ROOT = Path(__file__).resolve().parents[2]
SOURCES = {
    "dalarna-2023": (
        "tests/fixtures/plans/dalarna-2023.txt",
        "Verksamhetsplan 2023 för Vänsterpartiet Dalarna (prosa; åtagandena funna av importen)",
    ),
    "skane-2023": (
        "tests/fixtures/plans/skane-2023.txt",
        "Distriktsstyrelsens förslag till verksamhetsplan 2023 för Vänsterpartiet Skåne (text ur PDF)",
    ),
}


def build(key: str) -> dict[str, Any]:
    """The structured plan the importer reads from the key's source text."""
    path, source = SOURCES[key]
    parsed = read_plan((ROOT / path).read_bytes(), Path(path).name)
    if parsed.title is None or parsed.year is None or parsed.organisation is None:
        raise ValueError(f"{path}: the importer found no title, year or district")
    data = parsed_to_data(parsed, key=key, year=parsed.year, title=parsed.title, organisation=parsed.organisation)
    data["source"] = f"{source}; {path}, python -m bot.commitments.build_plans"
    return data


def rendered(key: str) -> str:
    return json.dumps(build(key), ensure_ascii=False, indent=2) + "\n"


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    for key in SOURCES:
        target = PLANS_DIR / f"{key}.json"
        text = rendered(key)
        if check:
            if not target.is_file() or target.read_text(encoding="utf-8") != text:
                stale.append(target.name)
        else:
            target.write_text(text, encoding="utf-8")
            print("wrote", target)
    if stale:
        print("not what the importer makes:", ", ".join(stale), "(run python -m bot.commitments.build_plans)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
