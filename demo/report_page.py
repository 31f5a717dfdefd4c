"""Regenerates docs/report.png: the demo district's year-end report as the board gets it in PDF, a page of it
rendered to PNG with pdftoppm (poppler-utils).

    python -m demo.report_page [output.png] [--page N | --section TITLE] [--pages COUNT]

By default the page on which the section "Internfeminism" begins and the next, side by side: its chart, its
promises with their status, progress, owners, updates and evidence.

The district is the demo's, a week on: the women's meeting and the open meeting have been held, evidence is
linked and targets set through the bot's own commands."""

from __future__ import annotations

import argparse
import asyncio
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

from demo.world import CAMPAIGN, DEFAULT_AT, _commitment, demo_world, parse_at

WEEK = 7 * 24 * 60


async def report_pdf(folder: Path) -> bytes:
    async with demo_world(parse_at(DEFAULT_AT), folder) as world:
        m, general = world.members, world.channels["allmänt"]
        organiser, board = m["organisatör"], m["styrelse"]
        women_goal = await _commitment(world.bot, "Arrangera träffar för kvinnor och ickebinära")
        calls_goal = await _commitment(world.bot, "Genomföra en ringkampanj som en del i den politiska kampanjen")
        links = ((women_goal, "meeting_audience", "women-nonbinary"), (calls_goal, "campaign", CAMPAIGN))
        for commitment, kind, value in links:
            await organiser.slash(general, "commitment link", commitment=commitment, kind=kind, value=value)
        await organiser.slash(general, "commitment target", commitment=women_goal, amount=6, unit="meetings")
        await organiser.slash(general, "commitment target", commitment=calls_goal, amount=30, unit="calls")
        world.clock.request(WEEK)
        await world.clock.wait_idle()
        result = await board.slash(general, "commitment report", format="pdf")
        return await result.response.attachments[0].read()


def heading_page(pdf: Path, heading: str) -> int:
    """The page on which a line reads `heading` (a section's heading)."""
    page = 1
    while True:
        number = str(page)
        found = subprocess.run(["pdftotext", "-f", number, "-l", number, str(pdf), "-"], capture_output=True, text=True)
        if found.returncode != 0:
            raise SystemExit(f"no page of the report has the heading {heading!r}")
        if heading in (line.strip() for line in found.stdout.splitlines()):
            return page
        page += 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("output", nargs="?", default="docs/report.png")
    parser.add_argument("--page", type=int, help="the page's number")
    parser.add_argument("--section", default="Internfeminism", help="else the page on which this section begins")
    parser.add_argument("--pages", type=int, default=2, help="how many pages from there, side by side")
    args = parser.parse_args(argv)
    if shutil.which("pdftoppm") is None:
        print("pdftoppm is missing: apt-get install -y poppler-utils", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "report.pdf"
        pdf.write_bytes(asyncio.run(report_pdf(Path(folder))))
        first = args.page or heading_page(pdf, args.section)
        last = str(first + args.pages - 1)
        subprocess.run(
            ["pdftoppm", "-png", "-r", "80", "-f", str(first), "-l", last, str(pdf), str(Path(folder) / "page")],
            check=True,
        )
        pages = [Image.open(path).convert("RGB") for path in sorted(Path(folder).glob("page-*.png"))]
        spread = Image.new("RGB", (sum(p.width for p in pages) + 12 * (len(pages) - 1), pages[0].height), "#bbbbbb")
        for index, page in enumerate(pages):
            spread.paste(page, (index * (page.width + 12), 0))
        Path(args.output).parent.mkdir(parents=True, exist_ok=True)
        spread.save(args.output, optimize=True)
    print(args.output)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
