"""Zip archives from members (a .docx, an .odt, an .xlsx) looked at before a library unpacks them.

A zip states every member's packed and unpacked size in its directory; Python's `zipfile` never gives more than
the stated size, so checking the directory is enough to refuse a zip bomb before any XML is read.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass


class UnsafeArchive(ValueError):
    """The archive unpacks to too much, or is packed suspiciously hard."""


@dataclass(frozen=True)
class ArchiveLimits:
    members: int = 2_000
    member_bytes: int = 50 * 1024 * 1024
    total_bytes: int = 100 * 1024 * 1024
    ratio: int = 100
    """Unpacked size over packed size; text XML packs 5–20 times, a bomb thousands of times."""


def check_archive(data: bytes, limits: ArchiveLimits = ArchiveLimits()) -> zipfile.ZipFile:
    """The opened archive, once every member is within the limits; `UnsafeArchive` or `zipfile.BadZipFile`."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    members = archive.infolist()
    if len(members) > limits.members:
        raise UnsafeArchive("members")
    total = 0
    for member in members:
        total += member.file_size
        if member.file_size > limits.member_bytes or total > limits.total_bytes:
            raise UnsafeArchive("size")
        if member.file_size > 1024 * 1024 and member.file_size > limits.ratio * max(member.compress_size, 1):
            raise UnsafeArchive("ratio")
    return archive
