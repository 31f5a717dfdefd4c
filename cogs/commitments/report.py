"""The year-end report (verksamhetsberättelse) draft written out in the reader's language: Markdown, PDF, Word
(.docx) or OpenDocument text (.odt), with a chart of status per section and a chart of progress in each
section. Its contents come from `bot.commitments.report`.

One walk over the report (`write_report`) says what the document holds: headings, paragraphs, fields, lists and
charts; each format is a `Document` that writes those out. Headings are real headings in every format (Heading
styles in Word, outline levels in OpenDocument), so the board edits the draft with its outline in view."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple, Protocol

from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont

from bot.commitments.models import OVERDUE, Plan, Status, Update
from bot.commitments.report import Postponement, ReportData, ReportEvidence, ReportSection
from bot.commitments.service import CommitmentDetails, CommitmentInfo
from bot.i18n import and_list, t, tn
from bot.timeparse import to_local
from cogs.commitments.render import evidence_text, progress_text, status_text, update_status_text

FORMATS = ("md", "pdf", "docx", "odt")
"""The formats `/commitment report` writes, by file extension."""

COLOURS = {
    Status.DONE: (46, 139, 87),
    Status.IN_PROGRESS: (230, 160, 30),
    Status.PLANNED: (120, 144, 156),
    OVERDUE: (218, 41, 28),
    Status.CANCELLED: (60, 60, 60),
    Status.DROPPED: (190, 190, 190),
}
REST = (232, 232, 232)
"""The part of a progress bar not yet reached."""


def _section_title(title: str, lang: str) -> str:
    return title or t("commitments.section.none", lang)


def _name(user_id: int, names: Mapping[int, str]) -> str:
    return names.get(user_id) or str(user_id)


def _owners(info: CommitmentInfo, names: Mapping[int, str], roles: Mapping[int, str], lang: str) -> str:
    people = [_name(i, names) for i in info.owner_user_ids] + [roles.get(i) or str(i) for i in info.owner_role_ids]
    return and_list(people, lang)


def _update_line(update: Update, data: ReportData, names: Mapping[int, str], lang: str) -> str:
    day = to_local(update.created_at, data.timezone).date().isoformat()
    status = update_status_text(update, lang)
    return t(
        "commitments.report.update",
        lang,
        day=day,
        author=_name(update.author_id, names),
        status=status,
        note=update.note or "–",
    )


def _postponed_line(postponed: Postponement, names: Mapping[int, str], lang: str) -> str:
    return t(
        "commitments.report.postponed",
        lang,
        old=postponed.old_due.isoformat() if postponed.old_due else "–",
        new=postponed.new_due.isoformat(),
        day=postponed.day.isoformat(),
        author=_name(postponed.author_id, names),
        reason=postponed.reason or "–",
    )


# ---------------------------------------------------------------------------------------------- the walk


class Entry(NamedTuple):
    """A list item; `depth` 1 is an item under the one before it."""

    text: str
    depth: int = 0


class Document(Protocol):
    """What a report is made of; each format writes these out its own way."""

    def heading(self, text: str, level: int) -> None: ...

    def paragraph(self, text: str, *, note: bool = False) -> None: ...

    def field(self, label: str, value: str, *, strong: bool = False) -> None: ...

    def items(self, caption: str | None, entries: Sequence[Entry]) -> None: ...

    def image(self, png: bytes, name: str, caption: str) -> None: ...


@dataclass
class Charts:
    """The PNGs the report shows: the status per section, and the progress in each section (by its index)."""

    summary: bytes
    sections: dict[int, bytes] = field(default_factory=dict)


def evidence_entries(shown: ReportEvidence, data: ReportData, lang: str) -> list[Entry]:
    """An evidence line, and under it the meetings it counted that the reader may see (date, title, attendance),
    and how many others it counted whose details only their audience and moderators see."""
    entries = [Entry(evidence_text(shown.evidence, lang))]
    for meeting in shown.meetings:
        day = to_local(meeting.start_at, data.timezone).date().isoformat()
        text = tn("commitments.report.meeting", meeting.attended, lang, day=day, title=meeting.title)
        entries.append(Entry(text, 1))
    if shown.hidden:
        entries.append(Entry(tn("commitments.report.meetings_hidden", shown.hidden, lang), 1))
    return entries


def write_commitment(
    doc: Document,
    item: CommitmentDetails,
    data: ReportData,
    lang: str,
    names: Mapping[int, str],
    roles: Mapping[int, str],
) -> None:
    info = item.info
    doc.heading(info.title, 3)
    doc.field(t("commitments.report.status", lang), status_text(info.shown_status, lang), strong=True)
    if info.progress is not None:
        doc.field(t("commitments.report.progress", lang), progress_text(info.progress, lang))
    if info.due_date:
        doc.field(t("commitments.report.due", lang), info.due_date.isoformat())
    owners = _owners(info, names, roles, lang)
    if owners:
        doc.field(t("commitments.report.owners", lang), owners)
    for postponed in data.postponements_of(item):
        doc.paragraph(_postponed_line(postponed, names, lang))
    if info.description:
        doc.paragraph(info.description)
    updates = [u for u in item.updates if not u.postponed]  # postponements have their own lines
    if updates:
        doc.items(
            f"{t('commitments.report.updates', lang)}:",
            [Entry(_update_line(u, data, names, lang)) for u in updates],
        )
    shown = data.evidence_of(item)
    if shown:
        entries = [entry for e in shown for entry in evidence_entries(e, data, lang)]
        doc.items(f"{t('commitments.report.evidence', lang)}:", entries)


def write_report(
    doc: Document,
    data: ReportData,
    lang: str,
    *,
    charts: Charts,
    names: Mapping[int, str] | None = None,
    roles: Mapping[int, str] | None = None,
) -> None:
    """The report, in order, into `doc`: the one walk every format shares."""
    names, roles = names or {}, roles or {}
    plan = data.plan
    doc.heading(t("commitments.report.title", lang, year=plan.year), 1)
    doc.paragraph(t("commitments.report.subtitle", lang, organisation=plan.organisation or "–", plan=plan.title))
    doc.paragraph(t("commitments.report.draft_note", lang, day=data.today.isoformat()), note=True)
    doc.heading(t("commitments.report.summary", lang), 2)
    doc.paragraph(tn("commitments.report.total", len(data.items), lang))
    counts = data.counts()
    doc.items(None, [Entry(f"{status_text(s, lang)}: {counts.get(s, 0)}") for s in data.statuses()])
    doc.image(charts.summary, "status.png", t("commitments.report.chart", lang))
    for index, section in enumerate(data.sections):
        title = _section_title(section.title, lang)
        doc.heading(title, 2)
        if index in charts.sections:
            caption = t("commitments.report.section_chart", lang, section=title)
            doc.image(charts.sections[index], section_chart_name(index), caption)
        for item in section.items:
            write_commitment(doc, item, data, lang, names, roles)


def section_chart_name(index: int) -> str:
    return f"avsnitt-{index + 1}.png"


# ---------------------------------------------------------------------------------------------- markdown


class MarkdownDocument:
    """Blocks separated by blank lines; fields that follow each other stand on consecutive lines."""

    def __init__(self) -> None:
        self.blocks: list[list[str]] = []
        self._fields = False

    def _block(self, *lines: str) -> None:
        self.blocks.append(list(lines))
        self._fields = False

    def heading(self, text: str, level: int) -> None:
        self._block(f"{'#' * level} {text}")

    def paragraph(self, text: str, *, note: bool = False) -> None:
        self._block(f"*{text}*" if note else text)

    def field(self, label: str, value: str, *, strong: bool = False) -> None:
        line = f"{label}: **{value}**" if strong else f"{label}: {value}"
        if self._fields:
            self.blocks[-1].append(line)
        else:
            self._block(line)
            self._fields = True

    def items(self, caption: str | None, entries: Sequence[Entry]) -> None:
        lines = [caption] if caption else []
        self._block(*lines, *(f"{'  ' * e.depth}- {e.text}" for e in entries))

    def image(self, png: bytes, name: str, caption: str) -> None:
        self._block(f"![{caption}]({name})")

    def text(self) -> str:
        return "\n\n".join("\n".join(block) for block in self.blocks).rstrip() + "\n"


def render_markdown(
    data: ReportData,
    lang: str,
    *,
    names: Mapping[int, str] | None = None,
    roles: Mapping[int, str] | None = None,
    chart_name: str = "status.png",
) -> str:
    """The report as Markdown, the status chart linked as `chart_name` (sent beside it). Markdown travels as
    one file and its pictures beside it, so the section charts are left to the other formats."""
    doc = MarkdownDocument()
    write_report(doc, data, lang, charts=Charts(b""), names=names, roles=roles)
    return doc.text().replace("](status.png)", f"]({chart_name})")


# ---------------------------------------------------------------------------------------------- chart


FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    "/usr/share/fonts/truetype/freefont/FreeSans.ttf",
    "/Library/Fonts/Arial.ttf",
    "C:/Windows/Fonts/arial.ttf",
)


def chart_font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """A system font that has å, ä and ö (Pillow's built-in one lacks them), else the built-in one."""
    for path in FONT_CANDIDATES:
        if Path(path).is_file():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size=size)


class Segment(NamedTuple):
    share: float
    """Of the bar's full width, 0–1."""
    colour: tuple[int, int, int]
    text: str = ""


def bar_chart(
    title: str, rows: Sequence[tuple[str, Sequence[Segment]]], legend: Sequence[tuple[tuple[int, int, int], str]]
) -> bytes:
    """A PNG: a title, one horizontal bar of coloured segments per labelled row, and a legend."""
    font = chart_font(14)
    title_font = chart_font(18)
    label_width, bar_width, row, top = 330, 520, 30, 50
    rows = rows or [("", [])]
    height = top + row * len(rows) + 70
    image = Image.new("RGB", (label_width + bar_width + 40, height), "white")
    draw = ImageDraw.Draw(image)
    draw.text((10, 12), title, fill="black", font=title_font)
    for index, (label, segments) in enumerate(rows):
        y = top + index * row
        while draw.textlength(label, font=font) > label_width - 20 and len(label) > 4:
            label = label.removesuffix("…")[:-1].rstrip() + "…"
        draw.text((10, y + 5), label, fill="black", font=font)
        x = label_width
        for segment in segments:
            width = round(bar_width * segment.share)
            if width <= 0:
                continue
            draw.rectangle((x, y + 3, x + width - 1, y + row - 5), fill=segment.colour)
            if segment.text and draw.textlength(segment.text, font=font) + 10 <= width:
                ink = "black" if segment.colour == REST else "white"
                draw.text((x + 5, y + 6), segment.text, fill=ink, font=font)
            x += width
    y = top + len(rows) * row + 20
    x = 10
    for colour, text in legend:
        draw.rectangle((x, y, x + 14, y + 14), fill=colour)
        draw.text((x + 20, y - 1), text, fill="black", font=font)
        x += 40 + int(draw.textlength(text, font=font))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _legend(data: ReportData, lang: str) -> list[tuple[tuple[int, int, int], str]]:
    return [(COLOURS[status], status_text(status, lang)) for status in data.statuses()]


def render_chart(data: ReportData, lang: str) -> bytes:
    """A PNG with one stacked bar per section: how many commitments are in each status."""
    sections = data.sections or [ReportSection("")]
    most = max((len(s.items) for s in sections), default=1) or 1
    rows = []
    for section in sections:
        counts = section.counts()
        segments = [Segment(counts[s] / most, COLOURS[s], str(counts[s])) for s in data.statuses() if counts.get(s, 0)]
        rows.append((_section_title(section.title, lang), segments))
    return bar_chart(t("commitments.report.chart", lang), rows, _legend(data, lang))


def _percent(info: CommitmentInfo) -> int:
    if info.progress is not None:
        return info.progress.percent
    return 100 if info.shown_status == Status.DONE else 0


def render_section_chart(data: ReportData, section: ReportSection, lang: str) -> bytes:
    """A PNG with one bar per commitment of the section: how far it has come, coloured by its status."""
    rows = []
    for item in section.items:
        info = item.info
        share = _percent(info) / 100
        text = f"{_percent(info)} %"
        done, rest = (text, "") if share >= 0.1 else ("", text)  # the percent where it fits
        rows.append((info.title, [Segment(share, COLOURS[info.shown_status], done), Segment(1 - share, REST, rest)]))
    title = t("commitments.report.section_chart", lang, section=_section_title(section.title, lang))
    return bar_chart(title, rows, _legend(data, lang))


def render_charts(data: ReportData, lang: str) -> Charts:
    return Charts(
        render_chart(data, lang),
        {index: render_section_chart(data, section, lang) for index, section in enumerate(data.sections)},
    )


# ---------------------------------------------------------------------------------------------- pdf

_PDF_REPLACEMENTS = str.maketrans(
    {"—": "-", "–": "-", "“": '"', "”": '"', "‘": "'", "’": "'", "…": "...", "•": "-", "\u00a0": " "}
)


def _latin1(text: str) -> str:
    return text.translate(_PDF_REPLACEMENTS).encode("latin-1", "replace").decode("latin-1")


class PdfDocument:
    HEADINGS = {1: (18, 1.5), 2: (14, 1.5), 3: (11, 0.5)}
    KEEP = {2: 60, 3: 20}
    """How much room (mm) a heading wants below it on its page: a section's heading its chart, a promise's its
    first lines."""

    def __init__(self, title: str) -> None:
        self.pdf = FPDF(format="A4")
        self.pdf.set_auto_page_break(auto=True, margin=15)
        self.pdf.add_page()
        self.pdf.set_title(_latin1(title))
        self.size = 11

    def _para(self, text: str, size: int, style: str = "", gap: float = 0.5, indent: float = 0) -> None:
        self.pdf.set_font("Helvetica", style, size)
        self.pdf.set_x(self.pdf.l_margin + indent)
        self.pdf.multi_cell(0, size * 0.5, _latin1(text), new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(gap)

    def heading(self, text: str, level: int) -> None:
        size, gap = self.HEADINGS.get(level, (11, 0.5))
        if self.pdf.get_y() + self.KEEP.get(level, 0) > self.pdf.page_break_trigger:
            self.pdf.add_page()  # a heading stays with what follows it
        else:
            self.pdf.ln({1: 0, 2: 4}.get(level, 2))
        self._para(text, size, "B", gap)
        self.size = 10 if level >= 3 else 11

    def paragraph(self, text: str, *, note: bool = False) -> None:
        if note:
            self._para(text, 9, "I", 4)
        else:
            self._para(text, self.size, gap=1.5 if self.size > 10 else 0.5)

    def field(self, label: str, value: str, *, strong: bool = False) -> None:
        self._para(f"{label}: {value}", 10)

    def items(self, caption: str | None, entries: Sequence[Entry]) -> None:
        if caption:
            self._para(caption, self.size, "I")
        for entry in entries:
            self._para(f"- {entry.text}", self.size, indent=6 * entry.depth)

    def image(self, png: bytes, name: str, caption: str) -> None:
        self.pdf.ln(2)
        width, height = Image.open(io.BytesIO(png)).size
        shown = self.pdf.epw * height / width
        if self.pdf.get_y() + shown > self.pdf.page_break_trigger:
            self.pdf.add_page()
        self.pdf.image(io.BytesIO(png), w=self.pdf.epw)
        self.pdf.ln(2)

    def output(self) -> bytes:
        return bytes(self.pdf.output())


# ---------------------------------------------------------------------------------------------- docx


class DocxDocument:
    """A Word document: headings in the Heading styles, lists in the List Bullet styles, the charts inline."""

    def __init__(self, title: str) -> None:
        from docx import Document as WordDocument

        self.doc = WordDocument()
        self.doc.core_properties.title = title

    def heading(self, text: str, level: int) -> None:
        self.doc.add_heading(text, level)

    def paragraph(self, text: str, *, note: bool = False) -> None:
        paragraph = self.doc.add_paragraph()
        paragraph.add_run(text).italic = note

    def field(self, label: str, value: str, *, strong: bool = False) -> None:
        paragraph = self.doc.add_paragraph()
        paragraph.paragraph_format.space_after = 0
        paragraph.add_run(f"{label}: ")
        paragraph.add_run(value).bold = strong

    def items(self, caption: str | None, entries: Sequence[Entry]) -> None:
        if caption:
            self.doc.add_paragraph(caption)
        for entry in entries:
            self.doc.add_paragraph(entry.text, style="List Bullet 2" if entry.depth else "List Bullet")

    def image(self, png: bytes, name: str, caption: str) -> None:
        from docx.shared import Cm

        self.doc.add_picture(io.BytesIO(png), width=Cm(16))
        self.doc.inline_shapes[-1]._inline.docPr.set("descr", caption)

    def output(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()


# ---------------------------------------------------------------------------------------------- odt


class OdtDocument:
    """An OpenDocument text: headings as text:h with outline levels in the Heading styles, bulleted lists, the
    charts as pictures in the file."""

    def __init__(self, title: str) -> None:
        from odf import dc, style, text
        from odf.opendocument import OpenDocumentText

        self.doc = OpenDocumentText()
        self.doc.meta.addElement(dc.Title(text=title))
        self.headings = {}
        for level, size in ((1, "20pt"), (2, "15pt"), (3, "12pt")):
            heading = style.Style(
                name=f"Heading_20_{level}",
                displayname=f"Heading {level}",
                family="paragraph",
                defaultoutlinelevel=str(level),
            )
            heading.addElement(
                style.ParagraphProperties(margintop="0.4cm", marginbottom="0.2cm", keepwithnext="always")
            )
            heading.addElement(style.TextProperties(fontsize=size, fontweight="bold"))
            self.doc.styles.addElement(heading)
            self.headings[level] = heading
        self.note = style.Style(name="Report_20_note", displayname="Report note", family="paragraph")
        self.note.addElement(style.TextProperties(fontstyle="italic", fontsize="9pt"))
        self.doc.styles.addElement(self.note)
        self.strong = style.Style(name="Strong_20_Emphasis", displayname="Strong Emphasis", family="text")
        self.strong.addElement(style.TextProperties(fontweight="bold"))
        self.doc.styles.addElement(self.strong)
        self.bullets = text.ListStyle(name="Report_20_bullets", displayname="Report bullets")
        for level in (1, 2):
            bullet = text.ListLevelStyleBullet(level=level, bulletchar="•")
            bullet.addElement(style.ListLevelProperties(spacebefore=f"{0.6 * level - 0.6}cm", minlabelwidth="0.6cm"))
            self.bullets.addElement(bullet)
        self.doc.styles.addElement(self.bullets)
        self.frame = style.Style(name="Chart", family="graphic")
        self.frame.addElement(style.GraphicProperties(anchortype="as-char", verticalpos="top"))
        self.doc.automaticstyles.addElement(self.frame)

    def heading(self, text: str, level: int) -> None:
        from odf.text import H

        self.doc.text.addElement(H(outlinelevel=level, stylename=self.headings.get(level, self.headings[3]), text=text))

    def paragraph(self, text: str, *, note: bool = False) -> None:
        from odf.text import P

        self.doc.text.addElement(P(stylename=self.note, text=text) if note else P(text=text))

    def field(self, label: str, value: str, *, strong: bool = False) -> None:
        from odf.text import P, Span

        paragraph = P(text=f"{label}: ")
        paragraph.addElement(Span(stylename=self.strong, text=value) if strong else Span(text=value))
        self.doc.text.addElement(paragraph)

    def items(self, caption: str | None, entries: Sequence[Entry]) -> None:
        from odf.text import List, ListItem, P

        if caption:
            self.doc.text.addElement(P(text=caption))
        outer = List(stylename=self.bullets)
        last: ListItem | None = None
        inner: List | None = None
        for entry in entries:
            item = ListItem()
            item.addElement(P(text=entry.text))
            if entry.depth and last is not None:
                if inner is None:
                    inner = List()
                    last.addElement(inner)
                inner.addElement(item)
            else:
                outer.addElement(item)
                last, inner = item, None
        self.doc.text.addElement(outer)

    def image(self, png: bytes, name: str, caption: str) -> None:
        from odf.draw import Frame
        from odf.draw import Image as Picture
        from odf.svg import Desc
        from odf.text import P

        width, height = Image.open(io.BytesIO(png)).size
        href = self.doc.addPicture(f"Pictures/{name}", "image/png", png)
        frame = Frame(
            stylename=self.frame, width="16cm", height=f"{16 * height / width:.2f}cm", anchortype="as-char", name=name
        )
        frame.addElement(Picture(href=href))
        frame.addElement(Desc(text=caption))
        paragraph = P()
        paragraph.addElement(frame)
        self.doc.text.addElement(paragraph)

    def output(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.write(buffer)
        return buffer.getvalue()


def render_document(
    data: ReportData,
    lang: str,
    format: str,
    *,
    names: Mapping[int, str] | None = None,
    roles: Mapping[int, str] | None = None,
) -> list[tuple[str, bytes]]:
    """The report's files in `format` (one of `FORMATS`): the report, and for Markdown the chart beside it."""
    if format == "md":
        text = render_markdown(data, lang, names=names, roles=roles, chart_name="status.png")
        return [(report_filename(data.plan, "md"), text.encode("utf-8")), ("status.png", render_chart(data, lang))]
    title = t("commitments.report.title", lang, year=data.plan.year)
    doc = {"pdf": PdfDocument, "docx": DocxDocument, "odt": OdtDocument}[format](title)
    write_report(doc, data, lang, charts=render_charts(data, lang), names=names, roles=roles)
    return [(report_filename(data.plan, format), doc.output())]


def report_filename(plan: Plan, extension: str) -> str:
    return f"verksamhetsberattelse-{plan.year}-{plan.id}.{extension}"
