"""Hostile state files and text (issue 14): a zip bomb of a workbook, a file cut inside a row, a state file without
the district, random bytes, a field past the csv module's limit, control characters in documents. Each is a clean
`path:line: what is wrong` (the old database byte-for-byte as it was) or a warning the build prints."""

import random
import zipfile

import pytest
import sqlite_utils
from click.testing import CliRunner

from conftest import assert_refused, run_build, write_document
from loaders import cde, schema
from loaders.cde import StateFileError, load_cde
from loaders.district import read_district
from loaders.documents import read_document
from loaders.formats import read_source, without_control_characters
from reformkb.cli import cli
from test_cde import FIXTURES, LAUSD, fixture_text

CONTROLS = "".join(map(chr, [*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F]))


def new_db(tmp_path):
    db = sqlite_utils.Database(tmp_path / "reform.db")
    schema.create(db)
    return db


def write_bytes(folder, name, data):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)
    return folder / name


def zip_bomb(path, size):
    """An .xlsx whose sharedStrings.xml is size bytes of one repeated string: a few kilobytes on disk."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook/>')
        head, item = '<?xml version="1.0"?><sst>', "<si><t>AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA</t></si>"
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            part.write(head.encode())
            chunk = (item * (1_000_000 // len(item))).encode()
            for _ in range(size // len(chunk)):
                part.write(chunk)
            part.write(b"</sst>")
    return path


def cut_frpm():
    """The FRPM fixture cut inside its last row (as an interrupted download leaves it): (text, that row's line)."""
    text = fixture_text().rstrip("\r\n")
    start = text.rindex("\r\n") + 2
    cut = text[:start] + ",".join(text[start:].split(",")[:5])
    return cut, text.count("\n", 0, start) + 1


def with_long_field(text, newline):
    """text with a field of 140,000 characters at the start of its last record: (text, that record's line)."""
    start = text.rstrip(newline).rindex(newline) + len(newline)
    return text[:start] + "x" * 140_000 + text[start:], text.count("\n", 0, start) + 1


def no_district_frpm():
    """The FRPM fixture with only the rows of other districts."""
    lines = fixture_text().split("\r\n")
    header = next(i for i, line in enumerate(lines) if "District Code" in line)
    kept = [line for line in lines[header + 1:] if line and ",64733," not in line]
    assert kept and len(kept) < len(lines) - header - 2
    return "\r\n".join(lines[:header + 1] + kept) + "\r\n"


@pytest.fixture
def guard_calamine(monkeypatch):
    """calamine must never open a refused workbook."""
    class Refuse:
        @staticmethod
        def from_path(path):
            raise AssertionError(f"calamine opened {path}")
    monkeypatch.setattr(cde, "CalamineWorkbook", Refuse)


# --- 1. a workbook that inflates to gigabytes ------------------------------------------------------------------

def test_a_zip_bomb_workbook_is_refused_unread_by_its_ratio(tmp_path, guard_calamine):
    path = zip_bomb(tmp_path / "cde" / "pubschls.xlsx", 50_000_000)
    assert path.stat().st_size < 1_000_000
    db = new_db(tmp_path)
    with pytest.raises(StateFileError, match=rf"^{path}:1: xl/sharedStrings.xml inflates [\d,]+ times"):
        load_cde(db, tmp_path / "cde", LAUSD)
    assert db["cde_files"].count == 0


def test_a_workbook_over_the_uncompressed_limit_is_refused_unread(tmp_path, guard_calamine, monkeypatch):
    monkeypatch.setattr(cde, "WORKBOOK_MAX_UNCOMPRESSED", 10_000_000)  # the same sum, without writing 400 MB
    path = zip_bomb(tmp_path / "cde" / "frpm1617.xlsx", 20_000_000)
    with pytest.raises(StateFileError, match=rf"^{path}:1: the workbook would inflate to [\d,]+ bytes, over"):
        load_cde(new_db(tmp_path), tmp_path / "cde", LAUSD)


def test_the_real_directory_workbook_is_within_the_limits():
    cde._check_inflated_size(cde.Path(__file__).parents[1] / "corpus" / "cde" / "pubschls-2018-06.xlsx")


def test_a_workbook_that_is_not_a_zip_names_its_path(tmp_path, guard_calamine):
    path = write_bytes(tmp_path / "cde", "frpm1617.xlsx", b"PK not really a zip" * 100)
    with pytest.raises(StateFileError, match=rf"^{path}:1: not a readable .xlsx file"):
        load_cde(new_db(tmp_path), tmp_path / "cde", LAUSD)


# --- 2. a file cut inside a row; a file without the district --------------------------------------------------

def test_an_frpm_file_cut_inside_a_row_is_refused_at_that_line(tmp_path):
    text, line = cut_frpm()
    path = write_bytes(tmp_path / "cde", "frpm1617.csv", text.encode())
    db = new_db(tmp_path)
    with pytest.raises(StateFileError, match=rf"^{path}:{line}: the file ends inside a row: 5 of the header's"):
        load_cde(db, tmp_path / "cde", LAUSD)
    assert db["cde_schools"].count == 0


def test_a_state_file_without_the_district_is_a_warning(tmp_path):
    path = write_bytes(tmp_path / "cde", "frpm1617.csv", no_district_frpm().encode())
    warnings = []
    counts = load_cde(new_db(tmp_path), tmp_path / "cde", LAUSD, warnings)
    assert counts["frpm_files"] == 1 and counts["cde_schools"] == 0
    assert len(warnings) == 1 and warnings[0].startswith(f"{path}:1: no row of {LAUSD.name}")


def test_a_directory_without_the_district_is_a_warning(tmp_path):
    lines = (FIXTURES / "pubschls.txt").read_bytes().decode("utf-8").split("\n")
    others = [lines[0]] + [line for line in lines[1:] if line and not line.startswith("1964733")]
    path = write_bytes(tmp_path / "cde", "pubschls.txt", "\n".join(others).encode())
    warnings = []
    load_cde(new_db(tmp_path), tmp_path / "cde", LAUSD, warnings)
    assert [w.split(": ")[0] for w in warnings] == [f"{path}:1"]


# --- 3. random bytes; a field past the csv module's limit -----------------------------------------------------

@pytest.mark.parametrize("name", ["frpm1617.csv", "pubschls.txt"])
@pytest.mark.parametrize("seed", range(5))
def test_random_bytes_as_a_state_file_name_its_path(tmp_path, name, seed):
    path = write_bytes(tmp_path / "cde", name, random.Random(seed).randbytes(20_000))
    with pytest.raises(StateFileError, match=rf"^{path}:\d+: "):
        load_cde(new_db(tmp_path), tmp_path / "cde", LAUSD)


def test_nul_bytes_in_a_state_file_name_their_line(tmp_path):
    path = write_bytes(tmp_path / "cde", "frpm1617.csv", b"Academic Year,County Code\r\n2016-17,19\x00\r\n")
    with pytest.raises(StateFileError, match=rf"^{path}:2: not a text file \(it holds NUL bytes\)"):
        load_cde(new_db(tmp_path), tmp_path / "cde", LAUSD)


@pytest.mark.parametrize("name, newline", [("frpm1617.csv", "\r\n"), ("pubschls.txt", "\n")])
def test_a_field_over_the_csv_limit_names_its_line(tmp_path, name, newline):
    text, line = with_long_field((FIXTURES / name).read_bytes().decode("utf-8"), newline)
    path = write_bytes(tmp_path / "cde", name, text.encode())
    with pytest.raises(StateFileError, match=rf"^{path}:{line}: not a readable {path.suffix} row \(field larger"):
        load_cde(new_db(tmp_path), tmp_path / "cde", LAUSD)


# --- 4. control characters in documents ------------------------------------------------------------------------

def test_control_characters_are_stripped_but_tab_newline_and_page_break_kept():
    assert without_control_characters(f"a{CONTROLS}b\t\n\f\rc") == "ab\t\n\f\rc"
    assert without_control_characters("Ünïcødé — “quoted”") == "Ünïcødé — “quoted”"


def test_c1_controls_become_the_windows_1252_characters_meant_and_bidi_overrides_go():
    assert without_control_characters("the \x93pilot\x94 schools \x96 1993\x85") == "the “pilot” schools – 1993…"
    assert without_control_characters("a\x81\x8d\x8f\x90\x9db") == "ab"  # undefined in Windows-1252
    assert without_control_characters("Board \u202egnitov\u202c and \u2066x\u2069") == "Board gnitov and x"


def test_control_characters_never_reach_passages(corpus):
    path = write_document(corpus, "ctl", "The \x02board\x03 met in \x1b[31m1993.\n\nIt\x00 voted\x7f.",
                          title="The\x02 Board")
    source = read_source(path)
    assert not any(c in text for _, text in source.body for c in CONTROLS)
    doc = read_document(path)
    assert [p.text for p in doc.passages] == ["The board met in [31m1993.", "It voted."]
    assert doc.meta["title"] == "The Board"


def test_control_characters_of_a_text_paste_are_stripped(corpus):
    path = corpus / "documents" / "paste.txt"
    path.write_text("A Headline\n\nBy Jane Doe\n\nThe \x02board\x03 met.\x0b\n", encoding="utf-8")
    doc = read_document(path)
    assert all("\x02" not in p.text and "\x03" not in p.text and "\x0b" not in p.text for p in doc.passages)
    assert any("The board met." in p.text for p in doc.passages)


# --- through the build: refused with the old database intact, or warned ---------------------------------------

def long_field(corpus):
    text, line = with_long_field(fixture_text(), "\r\n")
    return write_bytes(corpus / "cde", "frpm1617.csv", text.encode()), f"{line}: not a readable .csv row"


STATE_FILE_CASES = {
    "a zip bomb": lambda c: (zip_bomb(c / "cde" / "pubschls.xlsx", 50_000_000), "1: xl/sharedStrings.xml inflates"),
    "cut inside a row": lambda c: (write_bytes(c / "cde", "frpm1617.csv", cut_frpm()[0].encode()),
                                   f"{cut_frpm()[1]}: the file ends inside a row"),
    "random bytes": lambda c: (write_bytes(c / "cde", "frpm1617.csv", random.Random(1).randbytes(20_000)), ""),
    "a field over the csv limit": long_field,
}


@pytest.mark.stage
@pytest.mark.parametrize("case", STATE_FILE_CASES)
def test_a_hostile_state_file_is_a_clean_refusal_that_keeps_the_old_database(old_build, case):
    corpus, db, before = old_build
    (corpus / "cde").mkdir(exist_ok=True)
    path, message = STATE_FILE_CASES[case](corpus)
    assert_refused(run_build(corpus, db), db, before, f"{path}:{message}")


@pytest.mark.stage
def test_a_state_file_without_the_district_is_a_warning_the_build_prints(old_build):
    corpus, db, _ = old_build
    path = write_bytes(corpus / "cde", "frpm1617.csv", no_district_frpm().encode())
    result = CliRunner().invoke(cli, ["build", "--corpus", str(corpus), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert f"warning: {path}:1: no row of {read_district(corpus).name}" in result.output, result.output
