"""Read input bytes safely and turn them into text, or say exactly why not."""

from __future__ import annotations

import codecs
import os
import stat
from typing import BinaryIO, TextIO

MAX_BYTES = 20_000_000  # per input; checked before reading so huge files never load
_BINARY_CONTROL_SHARE = 0.10
# Control bytes that never appear in text (tab, newlines, form feed and ESC do).
_CONTROL_BYTES = bytes([*range(0x00, 0x08), *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])
# Text saved as UTF-16 or UTF-32 ("Unicode" in Windows editors) is full of NUL
# bytes; its byte order mark tells it from binary. UTF-32 first: its LE mark
# starts like UTF-16's.
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_SPECIAL = {stat.S_IFIFO: "FIFO", stat.S_IFSOCK: "socket", stat.S_IFCHR: "character device",
            stat.S_IFBLK: "block device"}


class Rejected(Exception):
    """An input (or one JSONL line) that cannot become an article, with the reason."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f}".removesuffix(".0") + " MB"


def file_kind(mode: int) -> str | None:
    """None for a regular file, else what it is ("FIFO", "socket", ...)."""
    if stat.S_ISREG(mode):
        return None
    return "directory" if stat.S_ISDIR(mode) else _SPECIAL.get(stat.S_IFMT(mode), "special file")


def read_file(path: str) -> bytes:
    """The file's bytes, refusing oversized, empty and non-regular files before reading.

    Checked before opening, then again on the handle, opened non-blocking: a
    FIFO (or a file swapped for one) is refused instead of hanging the batch.
    """
    try:
        _check_file(os.stat(path))
        with open(path, "rb", opener=_nonblocking) as handle:
            _check_file(os.fstat(handle.fileno()))
            data = handle.read(MAX_BYTES + 1)  # the file may have grown since fstat
    except OSError as error:
        raise Rejected(os_reason(error)) from error
    return check_bytes(data)


def _nonblocking(path: str, flags: int) -> int:
    return os.open(path, flags | os.O_NONBLOCK)


def _check_file(info: os.stat_result) -> None:
    if kind := file_kind(info.st_mode):
        raise Rejected(f"not a regular file ({kind})")
    if info.st_size > MAX_BYTES:
        raise Rejected(f"file too large ({info.st_size / 1_000_000:.1f} MB > "
                       f"{_megabytes(MAX_BYTES)} limit)")


def read_stream(stream: TextIO | BinaryIO) -> bytes:
    """Up to MAX_BYTES from a stream such as stdin, which has no size to stat.

    Text streams are read through their byte buffer when they have one, so bad
    UTF-8 is reported like it is for files instead of raising mid-read.
    """
    source = getattr(stream, "buffer", stream)
    try:
        data = source.read(MAX_BYTES + 1)
    except (OSError, ValueError) as error:  # closed or unreadable stream
        raise Rejected(f"cannot read: {error}") from error
    return check_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def os_reason(error: OSError) -> str:
    """A short lower-case reason such as 'permission denied', to match the other reasons."""
    return (error.strerror or str(error)).lower()


def check_bytes(data: bytes) -> bytes:
    """Reject empty, oversized and binary content; pass text bytes through (UTF-16
    and UTF-32 as UTF-8)."""
    if len(data) > MAX_BYTES:
        raise Rejected(f"file too large (over {_megabytes(MAX_BYTES)} limit)")
    data = _as_utf8(data)
    if not data.strip():
        raise Rejected("empty file")
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if b"\0" in data or controls > _BINARY_CONTROL_SHARE * len(data):
        raise Rejected("binary file, not text")
    return data


def _as_utf8(data: bytes) -> bytes:
    """UTF-16/32 text as UTF-8; other bytes unchanged (the checks after judge them)."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec).encode("utf-8")
            except UnicodeDecodeError as error:
                raise Rejected(f"invalid {codec.upper()} at byte {error.start}") from error
    # No mark: UTF-16 of Latin-script text has a zero high byte in most characters.
    for codec, high in (("utf-16-le", 1), ("utf-16-be", 0)):
        if len(data) % 2 == 0 and data[high::2].count(0) > len(data) // 4:
            try:
                return data.decode(codec).encode("utf-8")
            except UnicodeDecodeError:
                break
    return data


def decode_utf8(data: bytes, offset: int = 0, line: int | None = None) -> str:
    """Decode strictly, naming the first bad byte (counted from the file start)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise Rejected(f"invalid UTF-8 at byte {offset + error.start}", line) from error
