"""The one reader for every import file (inmates, vacancies, units, schemes, assessments).

Pure: lines in, ``(line number, row)`` out. The same behaviour everywhere: UTF-8 with or without a
byte-order mark, comma- or semicolon-separated (decided by the header), a CSV header line whose
names are trimmed and must be unique and known, rows numbered by the line where they start
(header = line 1), blank lines skipped, and every problem an ``ImportRowError`` in Bahasa
Indonesia that names the line and the column. The standard ``csv``
module does the CSV dialect (quotes, embedded commas and line breaks); only the checks are ours.
"""

from __future__ import annotations

import codecs
import csv
import itertools
import json
from collections.abc import Collection, Iterable, Iterator, Sequence
from typing import Any

from models.errors import ImportRowError


def decoded_lines(raw_lines: Iterable[bytes | str]) -> Iterator[str]:
    """UTF-8 lines (BOM dropped); a line that is not UTF-8 is an error naming it."""
    for number, raw in enumerate(raw_lines, 1):
        if isinstance(raw, str):
            yield raw.lstrip("\ufeff") if number == 1 else raw
            continue
        if number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ImportRowError(
                number,
                None,
                f"bukan UTF-8 yang sah (byte 0x{raw[exc.start]:02x} di kolom {exc.start + 1}); "
                "simpan berkas sebagai UTF-8",
            ) from None


def check_columns(header: Sequence[str], *, known: Collection[str] | None, required: Sequence[str]) -> None:
    """Header names: none empty, none twice, none unknown (when ``known`` is given), all required."""
    seen: set[str] = set()
    for name in header:
        if not name:
            raise ImportRowError(1, None, "ada nama kolom yang kosong di baris judul")
        if name in seen:
            raise ImportRowError(1, name, "kolom muncul dua kali di baris judul")
        seen.add(name)
    for name in required:
        if name not in seen:
            raise ImportRowError(1, name, "kolom wajib tidak ada di baris judul")
    for name in header:
        if known is not None and name not in known:
            raise ImportRowError(1, name, f"kolom tidak dikenal; kolom yang dikenal: {', '.join(known)}")


def delimiter_of(header_line: str) -> str:
    """Comma, or semicolon for files saved by spreadsheets set to an Indonesian locale (where the
    comma is the decimal mark): the header line alone decides, its names never contain either."""
    return ";" if header_line.count(";") > header_line.count(",") else ","


def csv_rows(
    raw_lines: Iterable[bytes | str], *, known: Collection[str] | None = None, required: Sequence[str] = ()
) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a CSV file with a header line, as (line number where the row starts, {column: text})."""
    lines = decoded_lines(raw_lines)
    head = next(lines, None)
    if head is None:
        return
    reader = csv.reader(itertools.chain([head], lines), delimiter=delimiter_of(head), strict=True)
    try:
        first = next(reader, None)
        if first is None:
            return
        header = [h.strip() for h in first]
        check_columns(header, known=known, required=required)
        start = reader.line_num + 1
        for record in reader:
            if not record or all(not v.strip() for v in record):
                start = reader.line_num + 1
                continue
            if len(record) != len(header):
                raise ImportRowError(start, None, f"seharusnya {len(header)} kolom, ada {len(record)}")
            yield start, dict(zip(header, record))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ImportRowError(reader.line_num or 1, None, f"CSV rusak: {exc}") from None


def jsonl_rows(raw_lines: Iterable[bytes | str]) -> Iterator[tuple[int, dict[str, Any]]]:
    """Objects of a JSON Lines file, one per non-blank line, as (line number, object)."""
    for number, text in enumerate(decoded_lines(raw_lines), 1):
        if not text.strip():
            continue
        try:
            value = json.loads(text)
        except (ValueError, RecursionError) as exc:
            raise ImportRowError(number, None, f"JSON tidak sah: {exc}") from None
        if not isinstance(value, dict):
            raise ImportRowError(number, None, f"setiap baris harus berupa objek JSON, bukan {type(value).__name__}")
        yield number, value
