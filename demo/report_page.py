"""Regenerates docs/report.png: the demo district's year-end report as the board gets it in PDF, a page of it
rendered to PNG with pypdfium2 (the renderer pdfplumber reads with).

    python -m demo.report_page [output.png] [--page N | --section TITLE] [--pages COUNT]

By default the page on which the section "Internfeminism" begins and the next, side by side: its chart, its
promises with their status, progress, owners, updates and evidence.

The district is the demo's, a week on: the women's meeting and the open meeting have been held, evidence is
linked and targets set through the bot's own commands."""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from pathlib import Path

import pdfplumber
import pypdfium2
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
    with pdfplumber.open(pdf) as document:
        for number, page in enumerate(document.pages, start=1):
            if heading in (line.strip() for line in (page.extract_text() or "").splitlines()):
                return number
    raise SystemExit(f"no page of the report has the heading {heading!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("output", nargs="?", default="docs/report.png")
    parser.add_argument("--page", type=int, help="the page's number")
    parser.add_argument("--section", default="Internfeminism", help="else the page on which this section begins")
    parser.add_argument("--pages", type=int, default=2, help="how many pages from there, side by side")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "report.pdf"
        pdf.write_bytes(asyncio.run(report_pdf(Path(folder))))
        first = args.page or heading_page(pdf, args.section)
        document = pypdfium2.PdfDocument(pdf)
        try:
            count = min(args.pages, len(document) - first + 1)
            pages = [document[first - 1 + n].render(scale=80 / 72).to_pil().convert("RGB") for n in range(count)]
        finally:
            document.close()
        spread = Image.new("RGB", (sum(p.width for p in pages) + 12 * (len(pages) - 1), pages[0].height), "#bbbbbb")
        for index, page in enumerate(pages):
            spread.paste(page, (index * (page.width + 12), 0))
        Path(args.output).parent.mkdir(parents=True, exist_ok=True)
        spread.save(args.output, optimize=True)
    print(args.output)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
