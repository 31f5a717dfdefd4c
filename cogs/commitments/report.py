"""The year-end report (verksamhetsberättelse) draft written out: Markdown or PDF, with a chart of status per
section, in the server's language. Its contents come from `bot.commitments.report`."""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path

from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont

from bot.commitments.models import OVERDUE, Plan, Status, Update
from bot.commitments.report import Postponement, ReportData, ReportSection
from bot.commitments.service import CommitmentInfo
from bot.i18n import and_list, t, tn
from bot.timeparse import to_local
from cogs.commitments.render import evidence_text, progress_text, status_text, update_status_text

COLOURS = {
    Status.DONE: (46, 139, 87),
    Status.IN_PROGRESS: (230, 160, 30),
    Status.PLANNED: (120, 144, 156),
    OVERDUE: (218, 41, 28),
    Status.CANCELLED: (60, 60, 60),
    Status.DROPPED: (190, 190, 190),
}


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


def render_markdown(
    data: ReportData,
    lang: str,
    *,
    names: Mapping[int, str] | None = None,
    roles: Mapping[int, str] | None = None,
    chart_name: str = "status.png",
) -> str:
    names, roles = names or {}, roles or {}
    plan = data.plan
    out = [
        f"# {t('commitments.report.title', lang, year=plan.year)}",
        "",
        t("commitments.report.subtitle", lang, organisation=plan.organisation or "–", plan=plan.title),
        "",
        f"*{t('commitments.report.draft_note', lang, day=data.today.isoformat())}*",
        "",
        f"## {t('commitments.report.summary', lang)}",
        "",
    ]
    counts = data.counts()
    out.append(tn("commitments.report.total", len(data.items), lang))
    out.append("")
    for status in data.statuses():
        out.append(f"- {status_text(status, lang)}: {counts.get(status, 0)}")
    out += ["", f"![{t('commitments.report.chart', lang)}]({chart_name})", ""]
    for section in data.sections:
        out += [f"## {_section_title(section.title, lang)}", ""]
        for item in section.items:
            info = item.info
            out.append(f"### {info.title}")
            out.append("")
            out.append(f"{t('commitments.report.status', lang)}: **{status_text(info.shown_status, lang)}**")
            if info.progress is not None:
                out.append(f"{t('commitments.report.progress', lang)}: {progress_text(info.progress, lang)}")
            if info.due_date:
                out.append(f"{t('commitments.report.due', lang)}: {info.due_date.isoformat()}")
            owners = _owners(info, names, roles, lang)
            if owners:
                out.append(f"{t('commitments.report.owners', lang)}: {owners}")
            out += [_postponed_line(p, names, lang) for p in data.postponements_of(item)]
            if info.description:
                out += ["", info.description]
            updates = [u for u in item.updates if not u.postponed]  # postponements have their own lines
            if updates:
                out += ["", f"{t('commitments.report.updates', lang)}:"]
                out += [f"- {_update_line(u, data, names, lang)}" for u in updates]
            if item.evidence:
                out += ["", f"{t('commitments.report.evidence', lang)}:"]
                out += [f"- {evidence_text(e, lang)}" for e in item.evidence]
            out.append("")
    return "\n".join(out).rstrip() + "\n"


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


def render_chart(data: ReportData, lang: str) -> bytes:
    """A PNG with one stacked bar per section: how many commitments are in each status."""
    font = chart_font(14)
    title_font = chart_font(18)
    label_width, bar_width, row, top = 330, 520, 30, 50
    sections = data.sections or [ReportSection("")]
    height = top + row * len(sections) + 70
    image = Image.new("RGB", (label_width + bar_width + 40, height), "white")
    draw = ImageDraw.Draw(image)
    draw.text((10, 12), t("commitments.report.chart", lang), fill="black", font=title_font)
    most = max((len(s.items) for s in sections), default=1) or 1
    for index, section in enumerate(sections):
        y = top + index * row
        label = _section_title(section.title, lang)
        while draw.textlength(label, font=font) > label_width - 20 and len(label) > 4:
            label = label.removesuffix("…")[:-1].rstrip() + "…"
        draw.text((10, y + 5), label, fill="black", font=font)
        x = label_width
        counts = section.counts()
        for status in data.statuses():
            count = counts.get(status, 0)
            if not count:
                continue
            width = round(bar_width * count / most)
            draw.rectangle((x, y + 3, x + width - 1, y + row - 5), fill=COLOURS[status])
            if width >= 18:
                draw.text((x + 5, y + 6), str(count), fill="white", font=font)
            x += width
    y = top + len(sections) * row + 20
    x = 10
    for status in data.statuses():
        draw.rectangle((x, y, x + 14, y + 14), fill=COLOURS[status])
        text = status_text(status, lang)
        draw.text((x + 20, y - 1), text, fill="black", font=font)
        x += 40 + int(draw.textlength(text, font=font))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------- pdf

_PDF_REPLACEMENTS = str.maketrans(
    {"—": "-", "–": "-", "“": '"', "”": '"', "‘": "'", "’": "'", "…": "...", "•": "-", "\u00a0": " "}
)


def _latin1(text: str) -> str:
    return text.translate(_PDF_REPLACEMENTS).encode("latin-1", "replace").decode("latin-1")


def render_pdf(
    data: ReportData,
    lang: str,
    *,
    chart: bytes,
    names: Mapping[int, str] | None = None,
    roles: Mapping[int, str] | None = None,
) -> bytes:
    """The same report as a PDF, with the chart on the first page."""
    names, roles = names or {}, roles or {}
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_title(_latin1(t("commitments.report.title", lang, year=data.plan.year)))

    def para(text: str, size: int = 11, style: str = "", gap: float = 1.5) -> None:
        pdf.set_font("Helvetica", style, size)
        pdf.multi_cell(0, size * 0.5, _latin1(text), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    plan = data.plan
    para(t("commitments.report.title", lang, year=plan.year), 18, "B")
    para(t("commitments.report.subtitle", lang, organisation=plan.organisation or "-", plan=plan.title))
    para(t("commitments.report.draft_note", lang, day=data.today.isoformat()), 9, "I", 4)
    para(t("commitments.report.summary", lang), 14, "B")
    counts = data.counts()
    para(tn("commitments.report.total", len(data.items), lang))
    for status in data.statuses():
        para(f"- {status_text(status, lang)}: {counts.get(status, 0)}", gap=0.5)
    pdf.ln(3)
    pdf.image(io.BytesIO(chart), w=pdf.epw)
    for section in data.sections:
        pdf.ln(4)
        para(_section_title(section.title, lang), 14, "B")
        for item in section.items:
            info = item.info
            para(info.title, 11, "B", 0.5)
            para(f"{t('commitments.report.status', lang)}: {status_text(info.shown_status, lang)}", 10, gap=0.5)
            if info.progress is not None:
                para(f"{t('commitments.report.progress', lang)}: {progress_text(info.progress, lang)}", 10, gap=0.5)
            if info.due_date:
                para(f"{t('commitments.report.due', lang)}: {info.due_date.isoformat()}", 10, gap=0.5)
            owners = _owners(info, names, roles, lang)
            if owners:
                para(f"{t('commitments.report.owners', lang)}: {owners}", 10, gap=0.5)
            for postponed in data.postponements_of(item):
                para(_postponed_line(postponed, names, lang), 10, gap=0.5)
            if info.description:
                para(info.description, 10, gap=0.5)
            for update in (u for u in item.updates if not u.postponed):
                para(f"- {_update_line(update, data, names, lang)}", 10, gap=0.5)
            for evidence in item.evidence:
                para(f"- {evidence_text(evidence, lang)}", 10, gap=0.5)
            pdf.ln(2)
    return bytes(pdf.output())


def report_filename(plan: Plan, extension: str) -> str:
    return f"verksamhetsberattelse-{plan.year}-{plan.id}.{extension}"
