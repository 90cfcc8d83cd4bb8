"""State school files: loaders/cde.py → cde_schools, cde_files, charter_sources, charter_sources_compared.

Fixtures in tests/fixtures/cde/ are cut from the real files in corpus/cde/:
- frpm1617.csv: the real header record (28 physical lines, CRLF, line breaks inside quoted headers) and ten real
  rows, byte for byte (three Alameda County rows, seven LAUSD rows).
- frpm1718.csv: the same rows with "Academic Year" changed to 2017-2018 and Santee's enrollment 1923 written
  "1,923" (quoted), as another year's file may have it. The header still says "2016-17 CALPADS ...", as published.
- pubschls.txt: the real directory columns, tab-separated, for eight real rows of pubschls-2018-06.xlsx; empty
  cells written "No Data" as in CDE's .txt download; administrators' names, e-mails and phones replaced by
  placeholders.
"""

import datetime as dt
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
import sqlite_utils
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900

from loaders.cde import DISTRICT, StateFileError, _xlsx_rows, create_cde_views, load_cde
from loaders.errors import CorpusError

FIXTURES = Path(__file__).parent / "fixtures" / "cde"
CORPUS_CDE = Path(__file__).resolve().parents[1] / "corpus" / "cde"

CHARTER_ENROLLMENT = {
    "start_year": int,
    "school_year": str,
    "independent_schools": int,
    "independent_enrollment": int,
    "affiliated_schools": int,
    "affiliated_enrollment": int,
    "total_schools": int,
    "total_enrollment": int,
    "document_id": int,
}


def new_db(path: Path) -> sqlite_utils.Database:
    db = sqlite_utils.Database(path)
    # written by another loader in the real build; empty here
    db["charter_enrollment"].create(CHARTER_ENROLLMENT, pk="start_year")
    return db


@pytest.fixture
def db(tmp_path):
    return new_db(tmp_path / "reform.db")


def cde_dir(tmp_path: Path, *names: str) -> Path:
    folder = tmp_path / "cde"
    folder.mkdir(exist_ok=True)
    for name in names:
        shutil.copy(FIXTURES / name, folder / name)
    return folder


def school(db, cds_code, start_year=2016) -> dict:
    return db["cde_schools"].get((cds_code, start_year))


def fixture_text(name="frpm1617.csv") -> str:
    return (FIXTURES / name).read_bytes().decode("utf-8")


def write_text(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_bytes(text.encode("utf-8"))
    return path


# ---------------------------------------------------------------------------------------------------------------
# The full corpus


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory):
    db = new_db(tmp_path_factory.mktemp("corpus") / "reform.db")
    counts = load_cde(db, CORPUS_CDE)
    create_cde_views(db)
    return db, counts


def test_full_corpus_lausd_charters_2016_17(corpus_db):
    db, counts = corpus_db
    assert counts["frpm_files"] == 1 and counts["directory_files"] == 1
    row = db.execute(
        "select count(*), sum(charter_type = 'independent'), sum(charter_type = 'affiliated'), sum(enrollment)"
        " from cde_schools where start_year = 2016 and charter = 1"
    ).fetchone()
    assert row == (279, 225, 54, 154_705)
    assert list(db.query("select * from charter_sources")) == [
        {
            "start_year": 2016,
            "school_year": "2016-17",
            "source": "CDE frpm1617 (2016-17)",
            "charter_schools": 279,
            "independent_schools": 225,
            "affiliated_schools": 54,
            "enrollment": 154_705,
        }
    ]


def test_full_corpus_files_described(corpus_db):
    db, _ = corpus_db
    files = {f["name"]: f for f in db["cde_files"].rows}
    assert files["frpm1617.csv"]["kind"] == "frpm"
    assert files["frpm1617.csv"]["rows"] == 10_478
    assert files["frpm1617.csv"]["district_rows"] == 1_009 == db["cde_schools"].count
    assert files["frpm1617.csv"]["sha256"] == "839ce0b556a59488b803f7183865e40d317222f5ee3d5b0d1e90a3ab7aaf9a1c"
    assert files["pubschls-2018-06.xlsx"]["kind"] == "directory"
    assert files["pubschls-2018-06.xlsx"]["rows"] == 17_892


def test_full_corpus_directory_join(corpus_db):
    db, _ = corpus_db
    new_academy = school(db, "19647330100289")
    assert new_academy["school_name"] == "N.E.W. Academy of Science and Arts"
    assert (new_academy["latitude"], new_academy["longitude"]) == (34.05922, -118.2667)
    assert new_academy["open_date"] == "2003-09-29"
    assert new_academy["directory_file"] == "pubschls-2018-06.xlsx"
    # every school but the nonpublic-schools line finds its directory entry
    missing = [r["cds_code"] for r in db.query("select cds_code from cde_schools where latitude is null")]
    assert missing == ["19647330000001"]


# ---------------------------------------------------------------------------------------------------------------
# Values as published


def test_leading_zeros_kept_as_text(db, tmp_path):
    load_cde(db, cde_dir(tmp_path, "frpm1617.csv"))
    row = school(db, "19647330100289")
    assert (row["county_code"], row["district_code"], row["school_code"]) == ("19", "64733", "0100289")
    assert row["charter_number"] == "0521"
    types = {c.name: c.type for c in db["cde_schools"].columns}
    assert types["cds_code"] == types["school_code"] == types["charter_number"] == "TEXT"
    assert types["enrollment"] == types["start_year"] == types["charter"] == "INTEGER"
    assert types["latitude"] == "REAL"


def test_yes_no_and_charter_types(db, tmp_path):
    load_cde(db, cde_dir(tmp_path, "frpm1617.csv"))
    independent = school(db, "19647330100289")
    assert (independent["charter"], independent["funding_type"], independent["charter_type"]) == (
        1,
        "Directly funded",
        "independent",
    )
    affiliated = school(db, "19647330102491")
    assert (affiliated["charter"], affiliated["funding_type"], affiliated["charter_type"]) == (
        1,
        "Locally funded",
        "affiliated",
    )
    santee = school(db, "19647330109447")  # published as "No " with a trailing space
    assert (santee["charter"], santee["funding_type"], santee["charter_type"]) == (0, None, None)


def test_not_applicable_is_null(db, tmp_path):
    load_cde(db, cde_dir(tmp_path, "frpm1617.csv"))
    nonpublic = school(db, "19647330000001")
    assert nonpublic["school_name"] == "Nonpublic, Nonsectarian Schools"
    for column in ("charter", "charter_number", "funding_type", "school_type", "low_grade", "grade_span"):
        assert nonpublic[column] is None, column
    assert nonpublic["enrollment"] == 2659
    assert school(db, "19647330100289")["nslp_provision_status"] is None


def test_numbers_percentages_and_grade_spans(db, tmp_path):
    load_cde(db, cde_dir(tmp_path, "frpm1617.csv"))
    row = school(db, "19647330102491")
    assert (row["enrollment"], row["free_meal_count"], row["frpm_count"]) == (642, 440, 518)
    assert (row["percent_eligible_free"], row["percent_eligible_frpm"]) == (68.5, 80.7)
    assert row["grade_span"] == "K-5"
    assert school(db, "19647330109231")["grade_span"] == "K"  # Low Grade K, High Grade K
    assert school(db, "19647330109231")["school_name"] == "Danny J. Bakewell, Sr., Primary Center"


def test_only_the_district_is_loaded(db, tmp_path):
    counts = load_cde(db, cde_dir(tmp_path, "frpm1617.csv"))
    assert counts["cde_schools"] == 7
    codes = {(r["county_code"], r["district_code"]) for r in db["cde_schools"].rows}
    assert codes == {(DISTRICT["county_code"], DISTRICT["district_code"])}
    assert db["cde_files"].get("frpm1617.csv")["rows"] == 10
    assert db["cde_files"].get("frpm1617.csv")["district_rows"] == 7


def test_another_year_and_commas_in_numbers(db, tmp_path):
    load_cde(db, cde_dir(tmp_path, "frpm1617.csv", "frpm1718.csv"))
    santee = school(db, "19647330109447", 2017)
    assert (santee["start_year"], santee["school_year"]) == (2017, "2017-18")
    assert santee["enrollment"] == 1923  # published as "1,923"
    assert santee["source_file"] == "frpm1718.csv"
    assert school(db, "19647330109447", 2016)["source_file"] == "frpm1617.csv"
    assert db["cde_files"].get("frpm1718.csv")["school_year"] == "2017-18"


def test_year_comes_from_the_file_not_its_name(db, tmp_path):
    folder = tmp_path / "cde"
    write_text(folder, "frpm-latest.csv", fixture_text("frpm1718.csv"))
    load_cde(db, folder)
    assert {r["start_year"] for r in db["cde_schools"].rows} == {2017}


def test_reloading_replaces_a_files_rows(db, tmp_path):
    folder = cde_dir(tmp_path, "frpm1617.csv")
    load_cde(db, folder)
    text = fixture_text()
    kept = "\r\n".join(line for line in text.split("\r\n") if ",0109447," not in line)
    write_text(folder, "frpm1617.csv", kept)
    load_cde(db, folder)
    assert db["cde_schools"].count == 6


def test_missing_or_empty_folder_does_nothing(db, tmp_path):
    zero = {"frpm_files": 0, "directory_files": 0, "cde_schools": 0, "charter_schools": 0, "with_coordinates": 0}
    assert load_cde(db, tmp_path / "absent") == zero
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "README.md").write_text("notes")
    assert load_cde(db, tmp_path / "empty") == zero
    assert "cde_schools" not in db.table_names()


# ---------------------------------------------------------------------------------------------------------------
# Bad input


@pytest.mark.parametrize(
    "header_cell, column",
    [(',"Charter \nFunding \nType"', "Charter Funding Type"), ("County Code,", "County Code")],
)
def test_missing_column_names_file_and_header_line(db, tmp_path, header_cell, column):
    text = fixture_text().replace(header_cell, "", 1)
    path = write_text(tmp_path / "cde", "frpm1617.csv", text)
    with pytest.raises(CorpusError) as error:
        load_cde(db, path.parent)
    assert str(error.value) == f"{path}:1: missing required column '{column}'"
    assert isinstance(error.value, ValueError)
    assert "cde_schools" not in db.table_names()


def test_unrecognisable_academic_year_names_the_line(db, tmp_path):
    lines = fixture_text().split("\r\n")
    lines[3] = lines[3].replace("2016-2017,", "Fall,", 1)  # third data row, starting on physical line 31
    path = write_text(tmp_path / "cde", "frpm1617.csv", "\r\n".join(lines))
    with pytest.raises(StateFileError, match=r":31: no recognisable school year in 'Academic Year': 'Fall'"):
        load_cde(db, path.parent)


def test_no_year_anywhere_in_the_file(db, tmp_path):
    lines = fixture_text().split("\r\n")
    header = lines[0].replace("Academic Year,", "", 1).replace('"2016-17 \nCALPADS', '"CALPADS', 1)
    rows = [line.replace("2016-2017,", "", 1) for line in lines[1:]]
    path = write_text(tmp_path / "cde", "frpm1617.csv", "\r\n".join([header, *rows]))
    with pytest.raises(StateFileError) as error:
        load_cde(db, path.parent)
    assert str(error.value).startswith(f"{path}:1: no recognisable school year")


def test_year_from_a_header_when_there_is_no_academic_year_column(db, tmp_path):
    lines = fixture_text().split("\r\n")
    header = lines[0].replace("Academic Year,", "", 1)  # "2016-17 CALPADS Fall 1 Certification Status" stays
    rows = [line.replace("2016-2017,", "", 1) for line in lines[1:]]
    path = write_text(tmp_path / "cde", "frpm1617.csv", "\r\n".join([header, *rows]))
    load_cde(db, path.parent)
    assert db["cde_files"].get(path.name)["school_year"] == "2016-17"


def test_bad_value_names_the_line(db, tmp_path):
    lines = fixture_text().split("\r\n")
    lines[5] = lines[5].replace(",K,5,368,", ",K,5,many,", 1)  # N.E.W. Academy, physical line 33
    path = write_text(tmp_path / "cde", "frpm1617.csv", "\r\n".join(lines))
    with pytest.raises(StateFileError, match=r":33: Enrollment \(K-12\) is not a number: 'many'"):
        load_cde(db, path.parent)


def test_two_files_for_one_year_refused(db, tmp_path):
    folder = cde_dir(tmp_path, "frpm1617.csv")
    write_text(folder, "frpm1617-copy.csv", fixture_text())
    with pytest.raises(StateFileError, match="already given by"):
        load_cde(db, folder)


def test_bad_input_changes_nothing_already_built(db, tmp_path):
    load_cde(db, cde_dir(tmp_path, "frpm1617.csv"))
    before = list(db["cde_schools"].rows)
    text = fixture_text("frpm1718.csv").replace("Academic Year,", "Year,", 1).replace("2016-17 \nCALPADS", "CALPADS")
    write_text(tmp_path / "cde", "frpm1718.csv", text)
    with pytest.raises(StateFileError):
        load_cde(db, tmp_path / "cde")
    assert list(db["cde_schools"].rows) == before


# ---------------------------------------------------------------------------------------------------------------
# Directory


def test_directory_txt_join(db, tmp_path):
    counts = load_cde(db, cde_dir(tmp_path, "frpm1617.csv", "pubschls.txt"))
    assert counts["with_coordinates"] == 6  # all but the nonpublic-schools line
    row = school(db, "19647330100289")
    assert (row["latitude"], row["longitude"]) == (34.05922, -118.2667)
    assert (row["status"], row["open_date"], row["closed_date"]) == ("Active", "2003-09-29", None)
    assert (row["street"], row["city"], row["zip"]) == ("379 South Loma Avenue", "Los Angeles", "90017-1142")
    assert row["magnet"] == 0
    assert row["directory_file"] == "pubschls.txt"
    assert db["cde_files"].get("pubschls.txt")["kind"] == "directory"


def test_directory_no_data_is_null(db, tmp_path):
    lines = (FIXTURES / "pubschls.txt").read_text().splitlines(keepends=True)
    header = lines[0].rstrip("\n").split("\t")
    for i, line in enumerate(lines):
        if line.startswith("19647330100289"):
            cells = line.rstrip("\n").split("\t")
            for column in ("Latitude", "Longitude", "OpenDate", "Magnet"):
                cells[header.index(column)] = "No Data"
            lines[i] = "\t".join(cells) + "\n"
    write_text(cde_dir(tmp_path, "frpm1617.csv"), "pubschls.txt", "".join(lines))
    load_cde(db, tmp_path / "cde")
    row = school(db, "19647330100289")
    assert (row["latitude"], row["longitude"], row["open_date"], row["magnet"]) == (None, None, None, None)
    assert row["status"] == "Active"


def test_directory_missing_column(db, tmp_path):
    text = (FIXTURES / "pubschls.txt").read_text().replace("\tLatitude\t", "\tLat\t", 1)
    path = write_text(cde_dir(tmp_path, "frpm1617.csv"), "pubschls.txt", text)
    with pytest.raises(StateFileError, match=rf"^{path}:1: missing required column 'Latitude'$"):
        load_cde(db, path.parent)


def test_directory_finds_a_charter_that_changed_authorizer(db, tmp_path):
    load_cde(db, cde_dir(tmp_path, "frpm1617.csv", "pubschls.txt"))
    magnolia = school(db, "19647330115030")  # LAUSD in 2016-17, the county office's in the June 2018 directory
    assert magnolia["directory_cds_code"] == "19101990115030"
    assert magnolia["latitude"] is not None and magnolia["city"] == "Carson"


def test_administrators_are_not_loaded(db, tmp_path):
    load_cde(db, cde_dir(tmp_path, "frpm1617.csv", "pubschls.txt"))
    columns = {c.lower() for c in db["cde_schools"].columns_dict}
    for forbidden in ("adm", "email", "phone", "ext", "firstname", "lastname"):
        assert not any(forbidden in c for c in columns), forbidden
    values = " ".join(str(v) for row in db["cde_schools"].rows for v in row.values())
    assert "Firstname" not in values and "example.org" not in values and "555-0100" not in values


def test_directory_xlsx(db, tmp_path):
    lines = (FIXTURES / "pubschls.txt").read_text().splitlines()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "School Downloadable Data"
    for line in lines:
        ws.append([None if v == "No Data" else v for v in line.split("\t")])
    folder = cde_dir(tmp_path, "frpm1617.csv")
    wb.save(folder / "pubschls-test.xlsx")
    load_cde(db, folder)
    assert school(db, "19647330100289")["latitude"] == 34.05922
    assert school(db, "19647330100289")["directory_file"] == "pubschls-test.xlsx"


def test_frpm_xlsx_with_title_row(db, tmp_path):
    """CDE's frpmXXYY.xlsx: a title page, then the school sheet with a title row above the header."""
    import csv
    import io

    header, *rows = csv.reader(io.StringIO(fixture_text(), newline=""))
    keep = [i for i, h in enumerate(header) if h != "Academic Year"]
    wb = openpyxl.Workbook()
    wb.active.title = "Title Page"
    ws = wb.create_sheet("FRPM School-Level Data ")
    ws.append(["2017\u201318 Free or Reduced Price Meals (FRPM) Data"])
    ws.append([header[i].replace("2016-17", "2017-18") for i in keep])
    for row in rows:
        cells = []
        for i in keep:
            value = row[i]
            if value.endswith("%"):
                value = float(value[:-1]) / 100
            elif value.isdigit() and header[i].startswith(("Enrollment", "Free", "FRPM", "County Code")):
                value = int(value)  # a spreadsheet keeps numbers, and drops the county code's leading zero
            cells.append(value)
        ws.append(cells)
    folder = tmp_path / "cde"
    folder.mkdir()
    wb.save(folder / "frpm1718.xlsx")
    load_cde(db, folder)
    row = school(db, "19647330102491", 2017)
    assert row["school_year"] == "2017-18"
    assert (row["enrollment"], row["percent_eligible_frpm"]) == (642, 80.7)
    assert db["cde_files"].get("frpm1718.xlsx")["rows"] == 10

    # 0-based in the CSV header = 1-based in the sheet, which lacks the Academic Year column
    ws.delete_cols(header.index("Charter \nFunding \nType"))
    wb.save(folder / "frpm1718.xlsx")
    with pytest.raises(StateFileError, match=r"frpm1718.xlsx:2: missing required column"):
        load_cde(db, folder)


def openpyxl_rows(path, title):
    """The rows openpyxl gives for a sheet (read-only, data_only), trailing empty cells dropped."""
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        rows = []
        for number, cells in enumerate(wb[title].iter_rows(values_only=True), start=1):
            cells = list(cells)
            while cells and cells[-1] is None:
                cells.pop()
            rows.append((number, cells))
        while rows and not rows[-1][1]:
            rows.pop()  # openpyxl pads to the sheet's stated dimension
        return rows
    finally:
        wb.close()


def fast_rows(path, title):
    rows = []
    for number, cells in _xlsx_rows(path, " ".join(title.split()).lower()):
        cells = list(cells)
        while cells and cells[-1] is None:
            cells.pop()
        rows.append((number, cells))
    return rows


@pytest.mark.parametrize("epoch", [CALENDAR_WINDOWS_1900, CALENDAR_MAC_1904])
def test_xlsx_reader_gives_what_openpyxl_gives(tmp_path, epoch):
    wb = openpyxl.Workbook()
    wb.epoch = epoch
    wb.active.title = "Title Page"
    wb.active.append(["2017\u201318 Free or Reduced Price Meals (FRPM) Data"])
    ws = wb.create_sheet("School Downloadable Data")
    ws.append(["CDSCode", "OpenDate", "ClosedDate", "Latitude", "Enrollment", "Magnet", "Note"])
    ws.append(["01100170000000", dt.datetime(2003, 9, 29), None, 34.05922, 642, True, "  spaced  "])
    ws.append([None, dt.date(1959, 1, 1), dt.datetime(2016, 6, 30, 12, 30), -118.2667, 0, False, "Line\nbreak & <tag>"])
    ws.append([])  # an empty row between rows
    ws.append([19647330100289, "No Data", 1.5e-07, 1234567890123, -3, None, "é ü — “quoted”"])
    ws["H2"] = "=A2"  # a formula: no cached value, as openpyxl writes it
    ws["J6"] = "past the others"
    ws["C3"].number_format = "0.00%"
    ws["D3"].number_format = "yyyy-mm-dd"  # a number shown as a date is a date
    ws["E3"].number_format = "[h]:mm:ss"  # and one shown as a duration a duration
    ws["G5"] = CellRichText("bold ", TextBlock(InlineFont(b=True), "run"), " end")
    path = tmp_path / "pubschls-test.xlsx"
    wb.save(path)
    for title in wb.sheetnames:
        assert fast_rows(path, title) == openpyxl_rows(path, title)
    values = dict(fast_rows(path, "School Downloadable Data"))
    assert values[2][1] == dt.datetime(2003, 9, 29) and values[3][4] == dt.timedelta(0)
    assert values[5][6] == "bold run end" and values[6][9] == "past the others"


def test_xlsx_reader_inline_strings_and_cached_text(tmp_path):
    """Cells openpyxl does not write: an inline string (with a rich run), a formula's cached text, an error."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet"
    ws.append(["a", "b", "c"])
    path = tmp_path / "pubschls-inline.xlsx"
    wb.save(path)
    with zipfile.ZipFile(path) as book:
        parts = {name: book.read(name) for name in book.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    sheet = re.sub(r'<c r="A1"[^>]*>.*?</c>',
                   '<c r="A1" t="inlineStr"><is><t xml:space="preserve">in </t><r><t>line</t></r></is></c>', sheet)
    sheet = re.sub(r'<c r="B1"[^>]*>.*?</c>', '<c r="B1" t="str"><f>CONCAT("x","y")</f><v>xy</v></c>', sheet)
    sheet = re.sub(r'<c r="C1"[^>]*>.*?</c>', '<c r="C1" t="e"><v>#N/A</v></c>', sheet)
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w") as book:
        for name, data in parts.items():
            book.writestr(name, data)
    assert fast_rows(path, "Sheet") == openpyxl_rows(path, "Sheet") == [(1, ["in line", "xy", "#N/A"])]


def test_xlsx_that_is_not_one(tmp_path):
    folder = tmp_path / "cde"
    folder.mkdir()
    (folder / "pubschls-broken.xlsx").write_bytes(b"not a zip archive")
    with pytest.raises(StateFileError, match=r"pubschls-broken.xlsx:1: not a readable .xlsx file"):
        load_cde(new_db(tmp_path / "x.db"), folder)


# ---------------------------------------------------------------------------------------------------------------
# Views


def test_charter_sources_and_compared(db, tmp_path):
    db["charter_enrollment"].insert_all(
        [
            {"start_year": 2015, "school_year": "2015-16", "independent_schools": 220, "independent_enrollment": 100,
             "affiliated_schools": 50, "affiliated_enrollment": 40, "total_schools": 270, "total_enrollment": 140,
             "document_id": 1},
            {"start_year": 2016, "school_year": "2016-17", "independent_schools": 3, "independent_enrollment": 700,
             "affiliated_schools": 1, "affiliated_enrollment": 500, "total_schools": 4, "total_enrollment": 1200,
             "document_id": 1},
        ]
    )
    load_cde(db, cde_dir(tmp_path, "frpm1617.csv", "frpm1718.csv"))
    create_cde_views(db)
    sources = list(db.query("select * from charter_sources order by start_year, source"))
    assert [(s["start_year"], s["source"]) for s in sources] == [
        (2015, "LAUSD Charter Schools Division"),
        (2016, "CDE frpm1617 (2016-17)"),
        (2016, "LAUSD Charter Schools Division"),
        (2017, "CDE frpm1718 (2017-18)"),
    ]
    # fixture charters: N.E.W. Academy 368, Magnolia 3 460 (independent); Alexander 642, Hesby Oaks 555 (affiliated)
    assert sources[1] == {
        "start_year": 2016, "school_year": "2016-17", "source": "CDE frpm1617 (2016-17)",
        "charter_schools": 4, "independent_schools": 2, "affiliated_schools": 2, "enrollment": 2025,
    }
    compared = {r["start_year"]: r for r in db.query("select * from charter_sources_compared")}
    assert sorted(compared) == [2015, 2016, 2017]
    assert compared[2016] == {
        "start_year": 2016, "school_year": "2016-17",
        "district_schools": 4, "state_schools": 4, "schools_difference": 0,
        "district_independent": 3, "state_independent": 2,
        "district_affiliated": 1, "state_affiliated": 2,
        "district_enrollment": 1200, "state_enrollment": 2025, "enrollment_difference": 825,
        "state_source": "CDE frpm1617 (2016-17)",
    }
    assert compared[2015]["state_schools"] is None and compared[2015]["district_schools"] == 270
    assert compared[2017]["district_schools"] is None and compared[2017]["state_schools"] == 4


def test_views_answer_without_state_files(db, tmp_path):
    load_cde(db, tmp_path / "absent")
    create_cde_views(db)
    assert list(db.query("select * from charter_sources")) == []
    assert list(db.query("select * from charter_sources_compared")) == []
