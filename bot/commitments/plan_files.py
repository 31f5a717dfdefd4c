"""A plan file as the secretary has it (PDF, Word .docx, LibreOffice .odt, text, Markdown) turned into text the
plan parser reads: headings as Markdown "##", list paragraphs as "- ", paragraphs apart by a blank line.

PDF (pdfplumber): text PDFs in one or two columns; a column gutter is found from the words' positions and the
columns are read left then right between full-width lines; larger or bold lines are headings. A PDF without a
text layer (a scan) and a password-protected file are refused with a sentence saying what to do instead.
.docx (python-docx): Word's heading styles are headings, list paragraphs are items. .odt (odfpy): text:h
headings, text:list items. A .docx or .odt is a zip: its members are checked before a library reads them.

Everything is bounded: the file's size, a PDF's pages, the unpacked size of a zip and the length of the text.
Every refusal is a `PlanFileError` (a `UserError`); nothing here touches the database.
"""

from __future__ import annotations

import io
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import PurePath
from statistics import median
from typing import Any

from bot.archives import UnsafeArchive, check_archive
from bot.commitments.plan_parser import ParsedPlan, parse_plan
from bot.errors import UserError

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_TEXT_FILE_BYTES = 1024 * 1024
MAX_TEXT_CHARS = 500_000
MAX_PDF_PAGES = 100
MAX_PDF_INFLATED = 100 * 1024 * 1024
TEXT_SUFFIXES = ("", ".txt", ".text", ".md", ".markdown")
HEADING_SIZE = 1.15
"""A PDF line set this much larger than the body text is a heading."""

_OLE = b"\xd0\xcf\x11\xe0"
_ODT = b"application/vnd.oasis.opendocument.text"


class PlanFileError(UserError):
    """The file cannot be read as a plan; nothing is stored."""


def check_size(size: int) -> None:
    """A file larger than `MAX_FILE_BYTES` is refused before it is read (and fetched)."""
    if size > MAX_FILE_BYTES:
        raise PlanFileError("commitments.import.too_big", megabytes=MAX_FILE_BYTES // (1024 * 1024))


def read_plan(data: bytes, filename: str) -> ParsedPlan:
    """The plan in a file of any supported format. Blocking work: run it in a thread."""
    return parse_plan(plan_text(data, filename))


def plan_text(data: bytes, filename: str) -> str:
    """The file's text in reading order, with its headings and list items marked as Markdown."""
    check_size(len(data))
    if not data.strip():
        raise PlanFileError("commitments.import.empty")
    suffix = PurePath(filename).suffix.lower()
    if data[:1024].lstrip().startswith(b"%PDF-"):
        text = _pdf_text(data)
    elif data.startswith(b"PK\x03\x04"):
        text = _zipped_text(data)
    elif data.startswith(_OLE) or suffix not in TEXT_SUFFIXES:
        raise PlanFileError("commitments.import.format")
    else:
        if len(data) > MAX_TEXT_FILE_BYTES:
            raise PlanFileError("commitments.import.too_big", megabytes=MAX_TEXT_FILE_BYTES // (1024 * 1024))
        text = _decode(data)
    if len(text) > MAX_TEXT_CHARS:
        raise PlanFileError("commitments.import.too_much_text", limit=MAX_TEXT_CHARS)
    return text


def _decode(data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    if "\x00" in text:
        raise PlanFileError("commitments.import.format")
    return text


def _zipped_text(data: bytes) -> str:
    try:
        archive = check_archive(data)
        names = set(archive.namelist())
        if "word/document.xml" in names:
            return _docx_text(data)
        if "mimetype" in names and archive.read("mimetype").strip() == _ODT:
            return _odt_text(data)
    except UnsafeArchive:
        raise PlanFileError("commitments.import.zip_bomb") from None
    except PlanFileError:
        raise
    except Exception:  # zipfile, lxml, python-docx and odfpy each raise their own errors for a broken file
        raise PlanFileError("commitments.import.damaged") from None
    raise PlanFileError("commitments.import.format")


def _markdown(blocks: Iterable[tuple[str, str]]) -> str:
    """("heading" | "item" | "text", text) blocks as the parser's Markdown, one blank line apart."""
    out = []
    for kind, text in blocks:
        lines = [" ".join(line.split()) for line in text.splitlines()]
        lines = [line for line in lines if line]
        if not lines:
            continue
        if kind == "text":
            out.append("\n".join(lines))
        else:
            out.append({"heading": "## ", "item": "- "}[kind] + " ".join(lines))
    return "\n\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------- Word


def _docx_text(data: bytes) -> str:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(data))

    def paragraphs() -> Iterator[Paragraph]:
        for element in document.element.body.iterchildren():
            if element.tag.endswith("}p"):
                yield Paragraph(element, document)
            elif element.tag.endswith("}tbl"):
                for row in Table(element, document).rows:
                    for cell in row.cells:
                        yield from cell.paragraphs

    def kind(paragraph: Paragraph) -> str:
        style = (paragraph.style.name if paragraph.style is not None else "").casefold()
        properties = paragraph._p.pPr
        if style.startswith(("heading", "rubrik", "title")) or (
            properties is not None and properties.find(docx.oxml.ns.qn("w:outlineLvl")) is not None
        ):
            return "heading"
        if "list" in style or "lista" in style or (properties is not None and properties.numPr is not None):
            return "item"
        runs = [run for run in paragraph.runs if run.text.strip()]
        if runs and all(run.bold for run in runs) and len(paragraph.text) <= 90:
            return "heading"
        return "text"

    return _markdown((kind(p), p.text) for p in paragraphs())


# ---------------------------------------------------------------------------------------------- LibreOffice


def _odt_text(data: bytes) -> str:
    from odf import teletype
    from odf.namespaces import STYLENS, TABLENS, TEXTNS
    from odf.opendocument import load

    document = load(io.BytesIO(data))
    headings = ("title", "heading", "rubrik")
    parents = {
        str(style.getAttribute("name")): str(style.getAttribute("parentstylename") or "")
        for styles in (document.styles, document.automaticstyles)
        for style in styles.childNodes
        if getattr(style, "qname", None) == (STYLENS, "style")
    }

    def is_heading(style: str) -> bool:
        names = {style, parents.get(style, "")}
        return any(name.casefold().startswith(headings) for name in names if name)

    def walk(node: Any, in_list: bool) -> Iterator[tuple[str, str]]:
        for child in node.childNodes:
            qname = getattr(child, "qname", None)
            if qname == (TEXTNS, "h"):
                yield "heading", teletype.extractText(child)
            elif qname == (TEXTNS, "p"):
                style = str(child.getAttribute("stylename") or "")
                kind = "heading" if is_heading(style) else "item" if in_list else "text"
                yield kind, teletype.extractText(child)
            elif qname in ((TEXTNS, "list"), (TEXTNS, "list-item")):
                yield from walk(child, True)
            elif qname in ((TEXTNS, "section"), (TABLENS, "table"), (TABLENS, "table-row"), (TABLENS, "table-cell")):
                yield from walk(child, in_list)

    return _markdown(walk(document.text, False))


# ---------------------------------------------------------------------------------------------- PDF


@dataclass
class _Line:
    words: list[dict[str, Any]]

    @property
    def text(self) -> str:
        return " ".join(w["text"] for w in self.words)

    @property
    def top(self) -> float:
        return min(w["top"] for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w["bottom"] for w in self.words)

    @property
    def size(self) -> float:
        return median(w["size"] for w in self.words)

    @property
    def bold(self) -> bool:
        return all("bold" in w["fontname"].casefold() for w in self.words)


def _pdf_text(data: bytes) -> str:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            _check_streams(pdf.doc)
            if len(pdf.pages) > MAX_PDF_PAGES:
                raise PlanFileError("commitments.import.too_many_pages", limit=MAX_PDF_PAGES)
            pages = [page.extract_words(extra_attrs=["size", "fontname"]) for page in pdf.pages]
            widths = [float(page.width) for page in pdf.pages]
    except PlanFileError:
        raise
    except PdfminerException as error:
        cause = error.args[0] if error.args else None
        if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
            raise PlanFileError("commitments.import.encrypted") from None
        raise PlanFileError("commitments.import.damaged") from None
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise PlanFileError("commitments.import.encrypted") from None
    except Exception:  # pdfminer raises many kinds of errors for a broken file
        raise PlanFileError("commitments.import.damaged") from None
    words = [w for page in pages for w in page]
    if not any(w["text"].strip() for w in words):
        raise PlanFileError("commitments.import.scanned")
    sizes = Counter(round(w["size"], 1) for w in words for _ in w["text"])
    body = sizes.most_common(1)[0][0]
    blocks: list[tuple[str, str]] = []
    for page_words, width in zip(pages, widths, strict=True):
        for flow in _reading_order(page_words, width):
            blocks += _flow_blocks(flow, body)
    return _markdown(blocks)


def _check_streams(document: Any) -> None:
    """Refuse a PDF whose compressed streams inflate beyond `MAX_PDF_INFLATED` before pdfminer inflates them
    (images are left out: text extraction never unpacks them)."""
    from pdfminer.pdftypes import LITERALS_FLATE_DECODE, PDFStream
    from pdfminer.psparser import LIT

    total = 0
    for xref in document.xrefs:
        for objid in xref.get_objids():
            try:
                if xref.get_pos(objid)[0] is not None:
                    continue  # inside an object stream, which is checked itself
                stream = document.getobj(objid)
            except Exception:
                continue
            if not isinstance(stream, PDFStream) or stream.attrs.get("Subtype") is LIT("Image"):
                continue
            filters = stream.get_filters()
            if not filters or filters[0][0] not in LITERALS_FLATE_DECODE:
                continue
            inflater = zlib.decompressobj()
            pending = stream.rawdata or b""
            while pending and not inflater.eof:
                try:
                    total += len(inflater.decompress(pending, 1024 * 1024))
                except zlib.error:
                    break
                if total > MAX_PDF_INFLATED:
                    raise PlanFileError("commitments.import.zip_bomb")
                pending = inflater.unconsumed_tail


def _rows(words: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Words on the same baseline, top to bottom."""
    rows: list[list[dict[str, Any]]] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if rows and abs(rows[-1][0]["top"] - word["top"]) <= 2.5:
            rows[-1].append(word)
        else:
            rows.append([word])
    return [sorted(row, key=lambda w: w["x0"]) for row in rows]


def _gutter(rows: list[list[dict[str, Any]]], width: float) -> float | None:
    """The x of a column gutter: a band in the middle of the page (at least 6 pt wide) that (almost) no line's
    words cross, with text on both sides of it on many lines."""
    if len(rows) < 4:
        return None
    low, high = int(width * 0.25), int(width * 0.75)
    blocked = [0] * (high - low + 1)
    for row in rows:
        covered: set[int] = set()
        for word in row:
            covered.update(range(max(low, int(word["x0"]) - 1), min(high, int(word["x1"]) + 1) + 1))
        for x in covered:
            blocked[x - low] += 1
    limit = max(1, len(rows) // 10)
    best: tuple[int, float] | None = None
    start: int | None = None
    for offset, count in enumerate([*blocked, limit + 1]):
        if count <= limit:
            start = offset if start is None else start
            continue
        if start is not None and (best is None or offset - start > best[0]):
            best = (offset - start, low + (start + offset - 1) / 2)
        start = None
    if best is None or best[0] < 6:
        return None
    gutter = best[1]
    left = sum(1 for row in rows if any(w["x1"] < gutter for w in row))
    right = sum(1 for row in rows if any(w["x0"] > gutter for w in row))
    if left < len(rows) * 0.3 or right < len(rows) * 0.3:
        return None
    return gutter


def _reading_order(words: list[dict[str, Any]], width: float) -> list[list[_Line]]:
    """A page's lines in reading order, as flows of lines read one after the other: in two columns, the left
    column then the right one, between full-width lines (a title across both columns)."""
    rows = _rows(words)
    gutter = _gutter(rows, width)
    if gutter is None:
        return [[_Line(row) for row in rows]]
    flows: list[list[_Line]] = []
    left: list[_Line] = []
    right: list[_Line] = []

    def flush() -> None:
        flows.extend(column for column in (left[:], right[:]) if column)
        left.clear()
        right.clear()

    for row in rows:
        if any(w["x0"] < gutter < w["x1"] for w in row):
            flush()
            flows.append([_Line(row)])
            continue
        on_left = [w for w in row if w["x1"] <= gutter]
        on_right = [w for w in row if w["x0"] >= gutter]
        if on_left:
            left.append(_Line(on_left))
        if on_right:
            right.append(_Line(on_right))
    flush()
    return flows


def _flow_blocks(flow: list[_Line], body: float) -> list[tuple[str, str]]:
    """One flow's lines as heading, item and text blocks: a wider gap than between lines ends a paragraph,
    a line set larger or in bold is a heading (its following lines of the same kind continue it)."""
    blocks: list[tuple[str, str]] = []
    previous: _Line | None = None
    for line in flow:
        text = line.text.strip()
        if not text:
            continue
        heading = line.size >= body * HEADING_SIZE or (line.bold and len(text) <= 90)
        kind = "heading" if heading else "text"
        gap = previous is None or line.top - previous.bottom > (previous.bottom - previous.top) * 0.8
        if blocks and not gap and blocks[-1][0] == kind:
            blocks[-1] = (kind, blocks[-1][1] + "\n" + text)
        else:
            blocks.append((kind, text))
        previous = line
    return blocks
