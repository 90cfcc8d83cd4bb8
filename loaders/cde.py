"""State school files (California Department of Education) → `cde_schools`, `cde_files` and the charter views.

Two kinds of file are recognised in ``corpus/cde/``, by name, in any school year of the same shape:

- ``frpm*.csv`` / ``.xlsx`` / ``.xls`` / ``.ods`` — Free or Reduced-Price Meal data, one row per school. The school
  year is read from the file itself (the "Academic Year" column, else a year such as "2017-18" in the title rows or
  headers), never from the file name.
- ``pubschls*.txt`` (tab-separated) / ``.xlsx`` / ``.xls`` / ``.ods`` — the public schools directory, joined to the
  FRPM rows by CDS code for dates, status, magnet flag, address and coordinates. Every charter of the district in
  it, open or closed, in an FRPM file or not, is also kept in ``cde_directory_charters`` (the view
  ``directory_charters_by_year`` lists those open on each school year's census day). The directory's own school
  year is that of its snapshot: the last 1 October on or before its latest ``LastUpDate``. Administrators' names,
  e-mail addresses and phone numbers are never read into the database.

Only the schools of one district are written: the one of district.yml (loaders/district.py), which also gives
CDE's charter vocabulary and the school codes that are not schools. Spreadsheets are read by calamine.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import sqlite_utils
from python_calamine import CalamineError, CalamineWorkbook, SheetTypeEnum

from loaders.district import District, read_district
from loaders.errors import CorpusError

WORKBOOKS = (".xlsx", ".xls", ".ods")
ZIPPED_WORKBOOKS = (".xlsx", ".ods")  # zip archives of XML, checked before calamine inflates them
# A workbook inflates in memory several times over: the real directory (.xlsx, 3.5 MB) holds 30 MB of XML, so
# 400 MB is ample, and a 5 MB zip bomb of shared strings (gigabytes of XML) is refused before it is read.
WORKBOOK_MAX_UNCOMPRESSED = 400_000_000
# The real files compress at most 10:1; zip bombs at 1000:1. Only parts over 1 MB are checked (small XML parts
# of repeated markup compress well and cost nothing).
WORKBOOK_MAX_RATIO = 100
WORKBOOK_RATIO_FROM = 1_000_000


class StateFileError(CorpusError, ValueError):
    """A CDE file that cannot be read as published: message ``path:line: what is wrong``."""


# Spellings CDE uses for "no value".
NULLS = {"", "n/a", "na", "no data", "--"}

# FRPM header (whitespace collapsed, case ignored) → cde_schools column.
FRPM_COLUMNS = {
    "academic year": "academic_year",
    "county code": "county_code",
    "district code": "district_code",
    "school code": "school_code",
    "county name": "county_name",
    "district name": "district_name",
    "school name": "school_name",
    "school type": "school_type",
    "educational option type": "educational_option_type",
    "nslp provision status": "nslp_provision_status",
    "charter school (y/n)": "charter",
    "charter school number": "charter_number",
    "charter funding type": "funding_type",
    "low grade": "low_grade",
    "high grade": "high_grade",
    "enrollment (k-12)": "enrollment",
    "free meal count (k-12)": "free_meal_count",
    "percent (%) eligible free (k-12)": "percent_eligible_free",
    "frpm count (k-12)": "frpm_count",
    "percent (%) eligible frpm (k-12)": "percent_eligible_frpm",
}
FRPM_REQUIRED = {
    "county code": "County Code",
    "district code": "District Code",
    "school code": "School Code",
    "school name": "School Name",
    "charter school (y/n)": "Charter School (Y/N)",
    "charter funding type": "Charter Funding Type",
    "enrollment (k-12)": "Enrollment (K-12)",
}

# Directory header → column. Only these are read: no administrators' names, e-mail addresses or phone numbers.
DIRECTORY_COLUMNS = {
    "cdscode": "cds_code",
    "school": "school_name",
    "charter": "charter",
    "charternum": "charter_number",
    "fundingtype": "funding_type",
    "lastupdate": "last_update",
    "statustype": "status",
    "opendate": "open_date",
    "closeddate": "closed_date",
    "magnet": "magnet",
    "latitude": "latitude",
    "longitude": "longitude",
    "street": "street",
    "city": "city",
    "zip": "zip",
}
DIRECTORY_REQUIRED = {
    "cdscode": "CDSCode",
    "statustype": "StatusType",
    "opendate": "OpenDate",
    "closeddate": "ClosedDate",
    "charter": "Charter",
    "latitude": "Latitude",
    "longitude": "Longitude",
}

# The state's census day (Information Day) falls in early October: a school year is described by what is open on
# 1 October of its first calendar year (the view directory_charters_by_year counts by the same day).
CENSUS_MONTH_DAY = (10, 1)

YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*[-\u2013\u2014/]\s*(\d{4}|\d\d)(?!\d)")
HEADER_SEARCH_ROWS = 20


# ---------------------------------------------------------------------------------------------------------------
# Public API


def load_cde(db: sqlite_utils.Database, cde_dir: Path, district: District, warnings: list | None = None) -> dict:
    """Load the ``district``'s rows of every recognised CDE file in ``cde_dir`` into ``cde_schools`` and
    ``cde_files`` (tables made by ``schema.create``).

    Every file is read and checked before anything is written, so bad input raises ``StateFileError``
    (a ``CorpusError`` and a ``ValueError``) and leaves the database as it was. A missing or empty folder
    loads nothing. Every charter of the district in the directory files goes into ``cde_directory_charters``.
    Returns counts: ``frpm_files``, ``directory_files``, ``cde_schools`` (rows written), ``charter_schools``,
    ``with_coordinates`` and ``directory_charters``. A file with no row of the district is loaded (it describes
    the file) and reported: ``"path:1: …"`` is appended to ``warnings`` when given.
    """
    warnings = [] if warnings is None else warnings
    counts = {"frpm_files": 0, "directory_files": 0, "cde_schools": 0, "charter_schools": 0, "with_coordinates": 0,
              "directory_charters": 0}
    cde_dir = Path(cde_dir)
    if not cde_dir.is_dir():
        return counts
    frpm_paths, directory_paths = _recognised_files(cde_dir)
    if not frpm_paths and not directory_paths:
        return counts

    files: list[dict] = []
    directory: dict[str, dict] = {}
    elsewhere: dict[str, tuple] = {}
    charters: dict[str, dict] = {}
    for path in directory_paths:  # sorted by name: a later snapshot overrides an earlier one
        entries, others, found, info = read_directory(path, district)
        directory.update(entries)
        elsewhere.update(others)
        charters.update(found)
        files.append(info)
        if not entries:
            warnings.append(_no_district_rows(path, district, info))

    schools: list[dict] = []
    years: dict[int, Path] = {}
    for path in frpm_paths:
        rows, info = read_frpm(path, district)
        if info["start_year"] in years:
            raise StateFileError(
                f"{path}:1: school year {info['school_year']} is already given by {years[info['start_year']].name};"
                " keep one file per school year"
            )
        years[info["start_year"]] = path
        schools.extend(rows)
        files.append(info)
        if not rows:
            warnings.append(_no_district_rows(path, district, info))

    for school in schools:
        entry = directory.get(school["cds_code"])
        if entry is None and school["school_code"] in elsewhere:
            # the school has since moved to another district or authorizer: same school code, new CDS code
            entry = directory_entry(*elsewhere[school["school_code"]])
        if entry:
            school.update(entry)

    db["cde_files"].upsert_all(files, pk="name")
    for info in files:
        # a corrected file replaces its earlier rows instead of leaving stale ones
        if info["kind"] == "frpm":
            db["cde_schools"].delete_where("source_file = ?", [info["name"]])
        else:
            db["cde_directory_charters"].delete_where("directory_file = ?", [info["name"]])
    db["cde_schools"].upsert_all(schools, pk=("cds_code", "start_year"))
    db["cde_directory_charters"].upsert_all(charters.values(), pk="cds_code")

    counts["frpm_files"] = len(frpm_paths)
    counts["directory_files"] = len(directory_paths)
    counts["cde_schools"] = len(schools)
    counts["charter_schools"] = sum(1 for s in schools if s["charter"] == 1)
    counts["with_coordinates"] = sum(1 for s in schools if s.get("latitude") is not None)
    counts["directory_charters"] = len(charters)
    return counts


# ---------------------------------------------------------------------------------------------------------------
# Reading one file


def read_frpm(path: Path, district: District) -> tuple[list[dict], dict]:
    """Read one FRPM school file (.csv or a workbook): the district's rows and a ``cde_files`` row describing it."""
    path = Path(path)
    rows = _table_rows(path, sheet_hint="frpm school-level")
    header_line, header, preamble = _find_header(path, rows, FRPM_COLUMNS)
    index = _column_index(path, header_line, header, FRPM_COLUMNS, FRPM_REQUIRED)
    labels = {column: header[i] for column, i in index.items()}
    width = len(header)

    schools: list[dict] = []
    seen: dict[str, int] = {}
    academic_years: dict[int, int] = {}  # start year → first line giving it
    total = 0
    for line, raw in _records(path, rows, index, width):
        total += 1
        if "academic_year" in raw:
            year = _school_year(_text(raw["academic_year"]))
            if year is None:
                raise StateFileError(
                    f"{path}:{line}: no recognisable school year in 'Academic Year': {_text(raw['academic_year'])!r}"
                )
            academic_years.setdefault(year[0], line)
            if len(academic_years) > 1:
                first_year = next(iter(academic_years))
                raise StateFileError(
                    f"{path}:{line}: school year {year[1]} differs from "
                    f"{first_year}-{(first_year + 1) % 100:02d} on line {academic_years[first_year]}"
                )
        if _code(raw["county_code"], 2) + _code(raw["district_code"], 5) != district.cds_prefix:
            continue
        school = _frpm_school(path, line, raw, labels, district.charter_types)
        if school["cds_code"] in seen:
            raise StateFileError(
                f"{path}:{line}: school {school['cds_code']} already appears on line {seen[school['cds_code']]}"
            )
        seen[school["cds_code"]] = line
        schools.append(school)

    if academic_years:
        start_year = next(iter(academic_years))
    else:
        found = {y for text in preamble + [" ".join(header)] for y in _years_in(text)}
        if len(found) != 1:
            what = "several years " + ", ".join(map(str, sorted(found))) if found else "none"
            raise StateFileError(
                f"{path}:{header_line}: no recognisable school year: no 'Academic Year' column and {what} "
                "in the title rows or headers"
            )
        start_year = found.pop()
    school_year = f"{start_year}-{(start_year + 1) % 100:02d}"
    for school in schools:
        school["start_year"] = start_year
        school["school_year"] = school_year
        school["source_file"] = path.name
    info = {
        "name": path.name,
        "kind": "frpm",
        "school_year": school_year,
        "start_year": start_year,
        "rows": total,
        "district_rows": len(schools),
        "sha256": _sha256(path),
    }
    return schools, info


def read_directory(path: Path, district: District
                   ) -> tuple[dict[str, dict], dict[str, tuple], dict[str, dict], dict]:
    """Read a public schools directory (tab-separated .txt or a workbook).

    Returns four things: the district's entries keyed by CDS code (status, dates, magnet, address,
    coordinates); the rest of the state's rows keyed by 7-digit school code, unparsed as ``(path, line, raw)``
    for ``directory_entry()``, because a charter that changed authorizer keeps its school code under a new
    CDS code; the district's charters (Charter = Y), open or closed, as ``cde_directory_charters`` rows keyed by
    CDS code; and a ``cde_files`` row describing the file, its school year that of the snapshot
    (``snapshot_school_year()``).
    """
    path = Path(path)
    rows = _table_rows(path, sheet_hint=None)
    header_line, header, _ = _find_header(path, rows, DIRECTORY_COLUMNS)
    index = _column_index(path, header_line, header, DIRECTORY_COLUMNS, DIRECTORY_REQUIRED)
    width = len(header)

    entries: dict[str, dict] = {}
    elsewhere: dict[str, tuple] = {}
    charters: dict[str, dict] = {}
    updated: set[str] = set()  # when the snapshot was taken: every row's LastUpDate
    total = 0
    for line, raw in _records(path, rows, index, width):
        total += 1
        cds = _code(raw["cds_code"], 14)
        if not (cds.isdigit() and len(cds) == 14):
            raise StateFileError(f"{path}:{line}: CDSCode is not 14 digits: {_text(raw['cds_code'])!r}")
        if "last_update" in raw:
            updated.add(_date(path, line, "LastUpDate", raw["last_update"]))
        elif (_value(raw.get("status")) or "").lower() != "pending":
            # no LastUpDate column: the latest day a school opened or closed (a pending school's is yet to come)
            updated |= {_date(path, line, "OpenDate", raw.get("open_date")),
                        _date(path, line, "ClosedDate", raw.get("closed_date"))}
        if cds.startswith(district.cds_prefix):
            entry = entries[cds] = directory_entry(path, line, raw)
            if _yes_no(path, line, "Charter", raw["charter"]) == 1:
                charters[cds] = directory_charter(path, line, raw, entry, district.charter_types)
        elif cds[7:] not in district.not_schools:
            elsewhere[cds[7:]] = (path, line, raw)
    snapshot = snapshot_school_year(max(updated - {None}, default=None))
    info = {
        "name": path.name,
        "kind": "directory",
        "school_year": snapshot and snapshot[1],
        "start_year": snapshot and snapshot[0],
        "rows": total,
        "district_rows": len(entries),
        "sha256": _sha256(path),
    }
    return entries, elsewhere, charters, info


def snapshot_school_year(date: str | None) -> tuple[int, str] | None:
    """The school year a directory snapshot taken on ``date`` (ISO) describes: the one whose census day
    (1 October of its first year) is the last on or before that date, as (start_year, "YYYY-YY"); None for
    no date."""
    if date is None:
        return None
    day = dt.date.fromisoformat(date)
    start = day.year if (day.month, day.day) >= CENSUS_MONTH_DAY else day.year - 1
    return start, f"{start}-{(start + 1) % 100:02d}"


def directory_charter(path: Path, line: int, raw: dict, entry: dict, charter_types: dict) -> dict:
    """A ``cde_directory_charters`` row: one charter of the directory (``raw``, on ``line``), with the dates and
    status its ``directory_entry()`` read; ``charter_types``: funding type (lower case) → independent or
    affiliated."""
    funding = _value(raw.get("funding_type"))
    number = raw.get("charter_number")
    if isinstance(number, (int, float)):  # a spreadsheet dropped the leading zeros
        number = str(int(number)).zfill(4)
    return {
        "cds_code": entry["directory_cds_code"],
        "school_name": _value(raw.get("school_name")),
        "charter_number": _value(number),
        "funding_type": funding,
        "charter_type": charter_types.get((funding or "").lower()),
        "open_date": entry["open_date"],
        "closed_date": entry["closed_date"],
        "status": entry["status"],
        "directory_file": path.name,
        "line": line,
    }


def directory_entry(path: Path, line: int, raw: dict) -> dict:
    """The cde_schools columns taken from one directory row (``raw``: directory column → cell)."""
    return {
        "directory_cds_code": _code(raw["cds_code"], 14),
        "status": _value(raw.get("status")),
        "open_date": _date(path, line, "OpenDate", raw.get("open_date")),
        "closed_date": _date(path, line, "ClosedDate", raw.get("closed_date")),
        "magnet": _yes_no(path, line, "Magnet", raw.get("magnet")),
        "street": _value(raw.get("street")),
        "city": _value(raw.get("city")),
        "zip": _value(raw.get("zip")),
        "latitude": _number(path, line, "Latitude", raw.get("latitude"), float),
        "longitude": _number(path, line, "Longitude", raw.get("longitude"), float),
        "directory_file": path.name,
    }


# ---------------------------------------------------------------------------------------------------------------
# Helpers


def _no_district_rows(path: Path, district: District, info: dict) -> str:
    return (f"{path}:1: no row of {district.name} (CDS code {district.cds_prefix}…) among its {info['rows']} rows: "
            "nothing of the district loaded from it (is it another district's file, or cut short?)")


def _recognised_files(cde_dir: Path) -> tuple[list[Path], list[Path]]:
    frpm, directory = [], []
    for path in sorted(p for p in cde_dir.iterdir() if p.is_file()):
        name, suffix = path.name.lower(), path.suffix.lower()
        if name.startswith("frpm") and suffix in (".csv", *WORKBOOKS):
            frpm.append(path)
        elif name.startswith("pubschls") and suffix in (".txt", *WORKBOOKS):
            directory.append(path)
    return frpm, directory


def _table_rows(path: Path, sheet_hint: str | None) -> Iterator[tuple[int, list]]:
    """Rows of a CSV, tab-separated or workbook file as (line or row number where the row starts, cells)."""
    suffix = path.suffix.lower()
    if suffix in WORKBOOKS:
        return _sheet_rows(path, sheet_hint)
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:  # CDE's older exports are Windows-encoded
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as e:
            line = data.count(b"\n", 0, e.start) + 1
            raise StateFileError(f"{path}:{line}: not a text file (neither UTF-8 nor Windows-1252: byte "
                                 f"0x{data[e.start]:02x}); save the state file as published (.csv or .txt)") from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise StateFileError(f"{path}:{line}: not a text file (it holds NUL bytes); save the state file as published")
    return _csv_rows(path, text, "\t" if suffix == ".txt" else ",")


def _csv_rows(path: Path, text: str, delimiter: str) -> Iterator[tuple[int, list]]:
    # quoted headers hold line breaks, so a record's line is where it starts, not where the reader stopped
    quoting = csv.QUOTE_NONE if delimiter == "\t" else csv.QUOTE_MINIMAL
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quoting=quoting)
    start = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as e:  # a field over csv.field_size_limit() (131,072 characters), a stray quote …
            raise StateFileError(f"{path}:{start}: not a readable {path.suffix.lower()} row ({e})") from None
        yield start, cells
        start = reader.line_num + 1


def _sheet_rows(path: Path, sheet_hint: str | None) -> Iterator[tuple[int, list]]:
    """Rows of a worksheet of an .xlsx, .xls or .ods file as (row number, cells): the sheet whose title starts
    with ``sheet_hint``, else the first that is not a title page; the first sheet when there is no hint.

    Numbers come as floats, date cells as dates, empty cells as ""."""
    if path.suffix.lower() in ZIPPED_WORKBOOKS:
        _check_inflated_size(path)
    try:
        with CalamineWorkbook.from_path(path) as book:
            titles = [sheet.name for sheet in book.sheets_metadata if sheet.typ == SheetTypeEnum.WorkSheet]
            if not titles:
                raise StateFileError(f"{path}:1: the workbook has no worksheet")
            title = titles[0]
            if sheet_hint:
                named = [t for t in titles if " ".join(t.split()).lower().startswith(sheet_hint)]
                title = next(iter(named), next((t for t in titles if "title" not in t.lower()), title))
            # the whole sheet from A1, leading empty rows and columns included: a row's number is its line
            rows = book.get_sheet_by_name(title).to_python(skip_empty_area=False)
    except CalamineError as e:
        raise StateFileError(f"{path}:1: not a readable {path.suffix.lower()} file ({type(e).__name__}: {e})") from None
    return enumerate(rows, start=1)


def _check_inflated_size(path: Path) -> None:
    """Refuse a zipped workbook (.xlsx, .ods) that would inflate past the limits, before anything is read."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError) as e:
        raise StateFileError(f"{path}:1: not a readable {path.suffix.lower()} file (not a zip archive: {e})") from None
    total = sum(part.file_size for part in parts)
    if total > WORKBOOK_MAX_UNCOMPRESSED:
        raise StateFileError(f"{path}:1: the workbook would inflate to {total:,} bytes, over the limit of "
                             f"{WORKBOOK_MAX_UNCOMPRESSED:,}: refused unread (a zip bomb, or not a state file)")
    for part in parts:
        ratio = part.file_size / max(part.compress_size, 1)
        if part.file_size > WORKBOOK_RATIO_FROM and ratio > WORKBOOK_MAX_RATIO:
            raise StateFileError(f"{path}:1: {part.filename} inflates {ratio:,.0f} times (to {part.file_size:,} "
                                 f"bytes), over the limit of {WORKBOOK_MAX_RATIO}: refused unread (a zip bomb?)")


def _records(path: Path, rows, index: dict[str, int], width: int) -> Iterator[tuple[int, dict]]:
    """The non-empty data rows as (line, {column: cell}), short rows padded to the header's width.

    The last row must be as wide as the header: a file that ends inside a row was cut short (a download or a copy
    interrupted), and ``StateFileError`` says so rather than loading part of it."""
    def record(line, cells):
        cells = list(cells) + [None] * (width - len(cells))
        return line, {name: cells[i] for name, i in index.items()}

    held = None  # a row is yielded once the next one is read: the last is checked before it is used
    for line, cells in rows:
        if any(_text(c) for c in cells):
            if held:
                yield record(*held)
            held = line, cells
    if held:
        line, cells = held
        if len(cells) < width:
            raise StateFileError(f"{path}:{line}: the file ends inside a row: {len(cells)} of the header's {width} "
                                 "cells (cut short? download it again)")
        yield record(line, cells)


def _find_header(path: Path, rows: Iterator[tuple[int, list]], known: dict[str, str]):
    """Advance ``rows`` past the header; return its line, its normalised cells and the title rows above it.

    The header is the first row naming at least three ``known`` columns, so that a file missing one required
    column is reported as such, on its header line.
    """
    preamble: list[str] = []
    for count, (line, cells) in enumerate(rows):
        header = [_text(c) for c in cells]
        if sum(h.lower() in known for h in header) >= 3:
            return line, header, preamble
        preamble.append(" ".join(_text(c) for c in cells if _text(c)))
        if count >= HEADER_SEARCH_ROWS:
            break
    raise StateFileError(f"{path}:1: no header row naming this file's columns in the first {HEADER_SEARCH_ROWS} rows")


def _column_index(path, header_line, header, columns, required) -> dict[str, int]:
    lowered = [h.lower() for h in header]
    missing = [label for key, label in required.items() if key not in lowered]
    if missing:
        raise StateFileError(
            f"{path}:{header_line}: missing required column{'s' if len(missing) > 1 else ''} "
            + ", ".join(repr(m) for m in missing)
        )
    return {columns[h]: i for i, h in reversed(list(enumerate(lowered))) if h in columns}


def _frpm_school(path: Path, line: int, raw: dict, labels: dict, charter_types: dict) -> dict:
    """One FRPM row as cde_schools columns; ``labels`` are the file's own headers, for messages;
    ``charter_types``: funding type (lower case) → the district's name for that kind of charter."""
    county = _code(raw["county_code"], 2)
    district = _code(raw["district_code"], 5)
    school = _code(raw["school_code"], 7)
    cds = county + district + school
    if not (cds.isdigit() and len(cds) == 14):
        raise StateFileError(f"{path}:{line}: county, district and school codes do not make a CDS code: {cds!r}")
    name = _value(raw["school_name"])
    if name is None:
        raise StateFileError(f"{path}:{line}: {labels['school_name']} is empty")
    charter = _yes_no(path, line, labels["charter"], raw["charter"])
    funding = _value(raw["funding_type"])
    charter_number = raw.get("charter_number")
    if isinstance(charter_number, (int, float)):  # a spreadsheet dropped the leading zeros
        charter_number = str(int(charter_number)).zfill(4)
    low, high = _value(raw.get("low_grade")), _value(raw.get("high_grade"))

    def count(column):
        return _number(path, line, labels.get(column), raw.get(column), int)

    def percent(column):
        return _percent(path, line, labels.get(column), raw.get(column))

    return {
        "cds_code": cds,
        "county_code": county,
        "district_code": district,
        "school_code": school,
        "county_name": _value(raw.get("county_name")),
        "district_name": _value(raw.get("district_name")),
        "school_name": name,
        "school_type": _value(raw.get("school_type")),
        "educational_option_type": _value(raw.get("educational_option_type")),
        "nslp_provision_status": _value(raw.get("nslp_provision_status")),
        "charter": charter,
        "charter_number": _value(charter_number),
        "funding_type": funding,
        "charter_type": charter_types.get((funding or "").lower()) if charter == 1 else None,
        "low_grade": low,
        "high_grade": high,
        "grade_span": (low if low == high else f"{low}-{high}") if low and high else None,
        "enrollment": count("enrollment"),
        "free_meal_count": count("free_meal_count"),
        "percent_eligible_free": percent("percent_eligible_free"),
        "frpm_count": count("frpm_count"),
        "percent_eligible_frpm": percent("percent_eligible_frpm"),
    }


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _value(value) -> str | None:
    text = _text(value)
    return None if text.lower() in NULLS else text


def _code(value, width: int) -> str:
    # codes are text with leading zeros; a spreadsheet may have turned them into numbers
    return _text(value).zfill(width)


def _yes_no(path, line, column, value) -> int | None:
    text = _text(value).lower()
    if text in NULLS:
        return None
    if text in ("yes", "y"):
        return 1
    if text in ("no", "n"):
        return 0
    raise StateFileError(f"{path}:{line}: {column} is not Yes/No: {_text(value)!r}")


def _number(path, line, column, value, kind):
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return kind(value)
    if _text(value).lower() in NULLS:
        return None
    text = _text(value).replace(",", "").replace(" ", "")
    try:
        return kind(float(text)) if kind is int and "." in text else kind(text)
    except ValueError:
        raise StateFileError(f"{path}:{line}: {column} is not a number: {_text(value)!r}") from None


def _percent(path, line, column, value) -> float | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return round(value * 100, 4)  # spreadsheets store 58.6% as 0.586
    text = _text(value).rstrip("%").strip()
    return _number(path, line, column, text, float)


def _date(path, line, column, value) -> str | None:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = _value(value)
    if text is None:
        return None
    for fmt in ("%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%m/%d/%Y", "%m/%d/%Y %H:%M:%S", "%m/%d/%y"):
        try:
            return dt.datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            pass
    raise StateFileError(f"{path}:{line}: {column} is not a date: {text!r}")


def _years_in(text: str) -> list[int]:
    years = []
    for match in YEAR_RE.finditer(text):
        start, end = int(match.group(1)), match.group(2)
        if (len(end) == 4 and int(end) == start + 1) or (len(end) == 2 and int(end) == (start + 1) % 100):
            years.append(start)
    return years


def _school_year(text: str) -> tuple[int, str] | None:
    years = _years_in(text)
    if len(years) != 1:
        return None
    return years[0], f"{years[0]}-{(years[0] + 1) % 100:02d}"


def _sha256(path: Path) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def load_state_files(ctx):
    """Build stage: every state file in <corpus>/cde/, for the district of the corpus's district.yml."""
    district = read_district(ctx.corpus)
    counts = load_cde(ctx.db, Path(ctx.corpus) / "cde", district, ctx.warnings)
    return (f"{counts['frpm_files']} FRPM and {counts['directory_files']} directory files, "
            f"{counts['cde_schools']} {district.name} school rows ({counts['charter_schools']} charters, "
            f"{counts['with_coordinates']} located), {counts['directory_charters']} charters in the directory")
