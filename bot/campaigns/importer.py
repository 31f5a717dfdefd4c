"""Reading call lists: CSV (comma or semicolon; UTF-8 with or without BOM, or Windows-1252) and XLSX.

Pure functions, no database: `parse_file(data, filename)` gives a `Parsed` preview of the valid, merged
rows and of the invalid ones with their row numbers (as a spreadsheet shows them) and why. A file that
cannot be read at all raises `ImportFormatError`, a `UserError` with a Swedish explanation.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import phonenumbers

from bot.errors import UserError

MAX_ROWS = 200_000
MAX_TABLE_ROWS = 2 * MAX_ROWS  # rows read at all, blank ones included
MAX_COLUMNS = 100
MAX_EXTRA_FIELDS = 8  # columns kept beside the known ones (the card shows as many)
MAX_BYTES = 25 * 1024 * 1024  # the file as uploaded
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # a workbook's parts once unzipped, before openpyxl reads any
MAX_PACKING_RATIO = 100  # a part unzipping to more than 100 times its size is a zip bomb, not a call list
RATIO_CHECKED_FROM = 1024 * 1024  # small parts (styles, settings) may pack tighter and cost nothing
PROGRESS_STEP = 5_000
MAX_FIELD = 300

Progress = Callable[[int, int], None]

HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("namn", "name", "fullständigtnamn", "fullname", "kontakt", "contact"),
    "first_name": ("förnamn", "fornamn", "firstname", "givenname", "tilltalsnamn"),
    "last_name": ("efternamn", "lastname", "surname", "familyname"),
    "phone": (
        "telefon",
        "telefonnummer",
        "tel",
        "telnr",
        "mobil",
        "mobilnummer",
        "mobiltelefon",
        "mobilnr",
        "phone",
        "phonenumber",
        "mobile",
        "mobilephone",
        "cell",
        "cellphone",
    ),
    "branch": ("partiförening", "partiforening", "förening", "forening", "branch", "lokalavdelning"),
    "email": ("epost", "epostadress", "email", "emailaddress", "mejl", "mail"),
    "note": ("anteckning", "anteckningar", "note", "notes", "kommentar", "comment", "comments"),
}
_BY_KEY = {alias: name for name, aliases in HEADERS.items() for alias in aliases}


class ImportFormatError(UserError):
    """The file cannot be read as a call list; nothing is stored."""


class InvalidPhone(ValueError):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(slots=True)
class Row:
    row: int
    phone: str
    name: str = ""
    branch: str = ""
    email: str = ""
    note: str = ""
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Invalid:
    row: int
    reason: str  # "missing" | "not_a_number" | "invalid"


@dataclass(slots=True)
class Parsed:
    rows_read: int = 0
    rows: list[Row] = field(default_factory=list)
    duplicates: int = 0
    invalid: list[Invalid] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)


def header_key(text: str) -> str:
    """'E-post ' -> 'epost', 'Phone number' -> 'phonenumber'."""
    return re.sub(r"[\W_]+", "", text.replace("\ufeff", "").strip().lower())


def match_header(cells: Sequence[str]) -> dict[str, list[int]]:
    """Which column holds what; several phone columns are tried in order."""
    found: dict[str, list[int]] = {}
    for index, cell in enumerate(cells):
        name = _BY_KEY.get(header_key(cell))
        found.setdefault(name or "extra", []).append(index)
    return found


def cell_text(value: Any) -> str:
    """A cell as text; spreadsheet numbers lose their '.0' (a phone number typed as a number)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())[:MAX_FIELD]


def normalise_phone(raw: str, region: str = "SE") -> str:
    """E.164 ('+46701740605'), Sweden as the default region; `InvalidPhone` with a reason otherwise."""
    text = raw.strip()
    if not text:
        raise InvalidPhone("missing")
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        raise InvalidPhone("not_a_number") from None
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhone("invalid")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_phone(e164: str) -> str:
    """'+46701740605' -> '070-174 06 05' for Swedish numbers, international format otherwise."""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    if number.country_code == 46:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


# ---------------------------------------------------------------------------- reading the file


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 as Excel writes it."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise ImportFormatError("campaigns.import.error.encoding") from None


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def bounded(number: int, values: Sequence[Any]) -> list[str]:
    """A row's cells as text, refusing a table beyond the rows and columns a call list can have."""
    if number > MAX_TABLE_ROWS:
        raise ImportFormatError("campaigns.import.error.too_many_rows", limit=MAX_ROWS)
    if len(values) > MAX_COLUMNS and any(value not in (None, "") for value in values[MAX_COLUMNS:]):
        raise ImportFormatError("campaigns.import.error.too_many_columns", limit=MAX_COLUMNS)
    return [cell_text(value) for value in values[:MAX_COLUMNS]]


def read_csv(data: bytes) -> Iterable[tuple[int, list[str]]]:
    text = decode_text(data)
    if "\x00" in text:
        raise ImportFormatError("campaigns.import.error.unreadable")
    first = next((line for line in text.splitlines() if line.strip()), "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first))
    try:
        for number, record in enumerate(reader, start=1):
            yield number, bounded(number, record)
    except csv.Error:
        raise ImportFormatError("campaigns.import.error.unreadable") from None


def check_workbook(data: bytes) -> None:
    """Refuse a workbook whose parts unzip to too much, or pack too tightly to be a list (a zip bomb), before
    openpyxl unzips any. The sizes checked are those the archive declares: zipfile never reads past them."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ImportFormatError("campaigns.import.error.unreadable") from None
    unpacked = sum(part.file_size for part in parts)
    packed_tight = any(
        part.file_size > RATIO_CHECKED_FROM and part.file_size > MAX_PACKING_RATIO * max(part.compress_size, 1)
        for part in parts
    )
    if unpacked > MAX_UNPACKED_BYTES or packed_tight:
        raise ImportFormatError(
            "campaigns.import.error.unpacks_too_large",
            megabytes=MAX_UNPACKED_BYTES // (1024 * 1024),
            ratio=MAX_PACKING_RATIO,
        )


def read_xlsx(data: bytes) -> Iterable[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    check_workbook(data)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        raise ImportFormatError("campaigns.import.error.unreadable") from None
    try:
        sheet = book.worksheets[0] if book.worksheets else None
        if sheet is None:
            raise ImportFormatError("campaigns.import.error.empty")
        rows = sheet.iter_rows(max_col=MAX_COLUMNS + 1, values_only=True)  # one more, to see a column too many
        for number, values in enumerate(rows, start=1):
            yield number, bounded(number, values)
    finally:
        book.close()


def ensure_size(size: int) -> None:
    """Refuse a file larger than a call list can be, before it is read (or even downloaded)."""
    if size > MAX_BYTES:
        raise ImportFormatError("campaigns.import.error.too_large", megabytes=MAX_BYTES // (1024 * 1024))


def read_table(data: bytes, filename: str) -> Iterable[tuple[int, list[str]]]:
    """(row number, cells) for every row of the file, header included."""
    if not data.strip():
        raise ImportFormatError("campaigns.import.error.empty")
    ensure_size(len(data))
    lower = filename.lower()
    if data.startswith(b"PK\x03\x04") or lower.endswith(".xlsx"):
        return read_xlsx(data)
    if data.startswith(b"\xd0\xcf\x11\xe0") or lower.endswith((".xls", ".ods", ".numbers")):
        raise ImportFormatError("campaigns.import.error.format")
    return read_csv(data)


# ---------------------------------------------------------------------------- rows


def _first(cells: list[str], indexes: list[int] | None) -> str:
    for index in indexes or ():
        if index < len(cells) and cells[index]:
            return cells[index]
    return ""


def parse_rows(table: Iterable[tuple[int, list[str]]], *, total: int = 0, progress: Progress | None = None) -> Parsed:
    """Recognise the header, normalise every row, merge duplicates (same number) within the file."""
    rows_iter = iter(table)
    header: list[str] | None = None
    for _, cells in rows_iter:
        if any(cells):
            header = cells
            break
    if header is None:
        raise ImportFormatError("campaigns.import.error.empty")
    columns = match_header(header)
    if "phone" not in columns:
        raise ImportFormatError("campaigns.import.error.no_phone_column")
    parsed = Parsed(columns=[name for name in HEADERS if name in columns])
    extra_names = [(index, header[index]) for index in columns.get("extra", []) if header[index]][:MAX_EXTRA_FIELDS]
    by_phone: dict[str, Row] = {}
    for number, cells in rows_iter:
        if not any(cells):
            continue
        parsed.rows_read += 1
        if parsed.rows_read > MAX_ROWS:
            raise ImportFormatError("campaigns.import.error.too_many_rows", limit=MAX_ROWS)
        if progress is not None and parsed.rows_read % PROGRESS_STEP == 0:
            progress(parsed.rows_read, total)
        try:
            phone = normalise_phone(_first(cells, columns["phone"]))
        except InvalidPhone as error:
            parsed.invalid.append(Invalid(number, error.reason))
            continue
        name = _first(cells, columns.get("name"))
        if not name:
            name = " ".join(
                part
                for part in (_first(cells, columns.get("first_name")), _first(cells, columns.get("last_name")))
                if part
            )
        row = Row(
            row=number,
            phone=phone,
            name=name,
            branch=_first(cells, columns.get("branch")),
            email=_first(cells, columns.get("email")),
            note=_first(cells, columns.get("note")),
            extra={title: cells[index] for index, title in extra_names if index < len(cells) and cells[index]},
        )
        earlier = by_phone.get(phone)
        if earlier is None:
            by_phone[phone] = row
            parsed.rows.append(row)
        else:
            parsed.duplicates += 1
            merge(earlier, row)
    return parsed


def merge(kept: Row, other: Row) -> None:
    """A duplicate fills what the first row lacked; differing notes are kept both."""
    kept.name = kept.name or other.name
    kept.branch = kept.branch or other.branch
    kept.email = kept.email or other.email
    if other.note and other.note not in kept.note:
        kept.note = f"{kept.note} / {other.note}" if kept.note else other.note
    for key, value in other.extra.items():
        kept.extra.setdefault(key, value)


def count_lines(data: bytes) -> int:
    return data.count(b"\n")


def parse_file(data: bytes, filename: str, progress: Progress | None = None) -> Parsed:
    total = 0 if data.startswith(b"PK\x03\x04") else count_lines(data)
    return parse_rows(read_table(data, filename), total=total, progress=progress)
