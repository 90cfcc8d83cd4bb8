"""Tables inside documents: recognise the charter growth table by its header (the words of district.yml) and parse
it, never retyped."""

import re

from .errors import CorpusError

SCHOOL_YEAR = re.compile(r"^(\d{4})\s*[-–/]\s*(\d{2}|\d{4})$")
COUNT = re.compile(r"^\d{1,3}(,\d{3})+$|^\d+$")


def charter_columns(header, header_words):
    """Map charter_enrollment columns to header positions, or None when this is not a charter growth table.
    header_words: district.yml's charter_table (loaders.district.CharterTable)."""
    found = {}
    for position, name in enumerate(header):
        name = name.lower()
        if not any(mark in name for mark in header_words.marks):
            continue
        column = next((c for c, needed in header_words.columns.items() if all(w in name for w in needed)), None)
        if column and column not in found:
            found[column] = position
    return found if len(found) == len(header_words.columns) else None


def normalise_school_year(text):
    """'1999-2000' → (1999, '1999-00'); '2016-17' → (2016, '2016-17'); anything else → None."""
    m = SCHOOL_YEAR.match(text.strip())
    if not m:
        return None
    start, end = int(m.group(1)), m.group(2)
    if int(end[-2:]) != (start + 1) % 100 or (len(end) == 4 and int(end) != start + 1):
        return None
    return start, f"{start}-{(start + 1) % 100:02d}"


def parse_count(text):
    text = text.strip()
    return int(text.replace(",", "")) if COUNT.match(text) else None


def charter_enrollment_rows(path, table, header_words):
    """Rows of charter_enrollment from one document table; [] when the table is not a charter growth table by
    header_words (district.yml's charter_table).

    Raises CorpusError naming the file and line for a malformed row, a total that is not the sum of its
    parts, or a year that does not follow the previous one."""
    columns = charter_columns(table.header, header_words)
    if columns is None:
        return []
    rows, previous = [], None
    for line, cells in table.rows:
        if len(cells) != len(table.header):
            raise CorpusError(
                f"{path}:{line}: table row has {len(cells)} cells, the header has {len(table.header)}")
        year = normalise_school_year(cells[0])
        if year is None:
            raise CorpusError(f"{path}:{line}: '{cells[0]}' is not a school year such as 2016-17")
        row = {"start_year": year[0], "school_year": year[1]}
        for column, position in columns.items():
            value = parse_count(cells[position])
            if value is None:
                raise CorpusError(
                    f"{path}:{line}: {year[1]}: '{cells[position]}' in column '{table.header[position]}' "
                    "is not a count")
            row[column] = value
        for kind in ("schools", "enrollment"):
            parts = row[f"independent_{kind}"] + row[f"affiliated_{kind}"]
            if row[f"total_{kind}"] != parts:
                raise CorpusError(
                    f"{path}:{line}: {year[1]}: total {kind} {row[f'total_{kind}']:,} is not independent "
                    f"{row[f'independent_{kind}']:,} + affiliated {row[f'affiliated_{kind}']:,} = {parts:,}")
        if previous is not None and row["start_year"] != previous + 1:
            raise CorpusError(
                f"{path}:{line}: {year[1]} follows {previous}-{(previous + 1) % 100:02d}: "
                "expected one row per consecutive school year")
        previous = row["start_year"]
        row["line"] = line
        rows.append(row)
    return rows
