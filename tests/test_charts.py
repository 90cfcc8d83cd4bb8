"""Charts: drawn from reform.db by the build's last stage, stored in the `charts` table, written by `reformkb charts`
and served at /charts. The browser checks are in test_charts_browser.py."""

import json
import re
import struct
from pathlib import Path
from urllib.parse import quote

import altair
import jsonschema
import pytest
import sqlite_utils
import vl_convert
from click.testing import CliRunner

from charts.enrollment import (affiliated_share_and_growth, charter_enrollment, charter_schools_by_type,
                               district_and_state)
from charts.mentions import most_mentioned
from charts.queries import NoData
from charts.reforms import STATED, reform_timeline
from charts.series import CLAIMS_SQL, SERIES_SQL, charter_series_and_claims
from charts.render import BUNDLE_URL, CHARTS, DRAW_SCRIPT, DRAW_URL, render, render_charts
from charts.style import WIDTH
from conftest import CORPUS, write_document
from loaders import schema
from loaders.context import BuildContext
from loaders.geo import load_boundary
from reformkb.app import make_datasette
from reformkb.build import build
from reformkb.cli import cli

VEGA_LITE_SCHEMA = json.loads(
    (Path(altair.__file__).parent / "vegalite" / "v6" / "schema" / "vega-lite-schema.json").read_text())

# school year → independent schools, independent enrollment, affiliated schools, affiliated enrollment
ENROLLMENT = {1992: (0, 0, 0, 0), 1993: (1, 1057, 6, 2012), 1994: (3, 2107, 7, 3578), 1995: (3, 2219, 9, 6466)}
ORGS = 12  # organisation i is mentioned i times: the chart keeps the ten most mentioned


def small_db(path, reforms=True, mentions=True, state_files=True):
    """A database shaped like a build's, with a few rows in the tables each chart reads."""
    db = sqlite_utils.Database(path)
    schema.create(db)
    db["documents"].insert_all([
        {"id": 1, "slug": "charter-war", "title": "The Charter War", "author": "Charles Taylor Kerchner"},
        {"id": 2, "slug": "reform-history", "title": "Reform History"}])
    db["passages"].insert_all([{"id": 1, "document_id": 2, "seq": 1, "text": "LEARN was adopted in 1993."},
                               {"id": 2, "document_id": 1, "seq": 1, "text": "PSC launched in 1994."}])
    db["document_tables"].insert({"id": 1, "document_id": 1, "seq": 2, "caption": "Charter School Growth",
                                  "source": "LAUSD Charter Schools Division"})
    db["charter_enrollment"].insert_all(
        {"start_year": y, "school_year": f"{y}-{(y + 1) % 100:02d}", "independent_schools": i_s,
         "independent_enrollment": i_e, "affiliated_schools": a_s, "affiliated_enrollment": a_e,
         "total_schools": i_s + a_s, "total_enrollment": i_e + a_e, "document_id": 1, "table_id": 1}
        for y, (i_s, i_e, a_s, a_e) in ENROLLMENT.items())
    if reforms:
        db["reforms"].insert_all([
            {"id": 1, "slug": "learn", "name": "Los Angeles Alliance for Restructuring Now", "acronym": "LEARN",
             "kind": "district reform", "start_year": 1993, "end_year": 1994},
            {"id": 2, "slug": "psc", "name": "Public School Choice", "acronym": "PSC", "kind": "board resolution",
             "start_year": 1994},
            {"id": 3, "slug": "progressive", "name": "Progressive Era reforms", "kind": "district reform",
             "start_year": 1903},
            {"id": 4, "slug": "laamp", "name": "LAAMP", "acronym": "LAAMP", "kind": "external partnership"},
            # no end stated, last cited in 1993 but named by an event of 1994
            {"id": 5, "slug": "pilot", "name": "Pilot schools", "kind": "district reform", "start_year": 1993}])
        db["reform_citations"].insert_all([
            {"id": 1, "reform_id": 1, "passage_id": 1, "document_id": 2, "fact": "The board adopted LEARN",
             "year": 1993, "milestone": 1},
            {"id": 2, "reform_id": 1, "passage_id": 1, "document_id": 2, "fact": "LEARN was adopted", "year": 1993,
             "milestone": 0},
            {"id": 3, "reform_id": 2, "passage_id": 2, "document_id": 1, "fact": "PSC grew", "year": 1995,
             "milestone": 1},
            {"id": 4, "reform_id": 5, "passage_id": 1, "document_id": 2, "fact": "Pilot schools opened",
             "year": 1993, "milestone": 0}])
        db["sentences"].insert_all([{"id": 1, "passage_id": 1, "document_id": 2, "seq": 1, "start": 0, "end": 26,
                                     "text": "LEARN was adopted in 1993."},
                                    {"id": 2, "passage_id": 2, "document_id": 1, "seq": 1, "start": 0, "end": 21,
                                     "text": "PSC launched in 1994."}])
        db["events"].insert_all([
            # citation 1's milestone, merged by the events stage into the text event of its date
            {"id": 1, "year": 1993, "passage_id": 1, "document_id": 2, "reform_id": 1, "citation_id": 1,
             "milestone": 1, "source": "text", "sentence_id": 1},
            {"id": 2, "year": 1994, "passage_id": 2, "document_id": 1, "reform_id": 2, "milestone": 1,
             "source": "text", "sentence_id": 2},
            {"id": 3, "year": 1995, "passage_id": 2, "document_id": 1, "reform_id": 2, "milestone": 0,
             "source": "text", "sentence_id": 2},
            # a text event of 1994 naming the pilot schools: not a cited year, so it does not lengthen their span
            {"id": 4, "year": 1994, "passage_id": 1, "document_id": 2, "reform_id": 5, "milestone": 0,
             "source": "text", "sentence_id": 1},
            {"id": 5, "year": 1995, "passage_id": 2, "document_id": 1, "reform_id": 2, "citation_id": 3,
             "milestone": 1, "source": "reforms.yml", "sentence_id": 2}])
    if mentions:
        entities = [{"id": 1, "name": "Ramon Cortines", "type": "PERSON"}, {"id": 2, "name": "LEARN", "type": "REFORM"},
                    {"id": 3, "name": "Los Angeles", "type": "GPE"}]
        entities += [{"id": 10 + i, "name": f"Organization {i:02d}", "type": "ORG"} for i in range(1, ORGS + 1)]
        db["entities"].insert_all(entities)
        counts = {1: 2, 2: 5, 3: 50, **{10 + i: i for i in range(1, ORGS + 1)}}
        db["mentions"].insert_all(
            {"entity_id": entity, "document_id": 1 + n % 2, "passage_id": 1 + n % 2, "start": 0, "end": 5}
            for entity, count in counts.items() for n in range(count))
    if state_files:
        db["cde_files"].insert({"name": "frpm9596.csv", "kind": "frpm", "school_year": "1995-96",
                                "start_year": 1995})
        db["cde_schools"].insert_all(
            {"cds_code": f"1964733{n:07d}", "start_year": 1995, "school_year": "1995-96", "school_name": f"School {n}",
             "charter": int(n < 13), "charter_type": "independent" if n < 4 else "affiliated", "enrollment": 100,
             "latitude": 34.0 + n / 100, "longitude": -118.3, "source_file": "frpm9596.csv"} for n in range(15))
        load_boundary(BuildContext(db, CORPUS))  # the map's background: the repository's corpus/geo
    return db


@pytest.fixture
def db(tmp_path):
    return small_db(tmp_path / "reform.db")


def datasets(spec):
    """The inline datasets of a Vega-Lite spec (Altair gathers them under `datasets`, one copy of each)."""
    return list(spec["datasets"].values())


def dataset_with(spec, column):
    [rows] = [d for d in datasets(spec) if d and column in d[0]]
    return rows


def segments(spec):
    """{(slug, segment): (from_year, to_year)} of the reform segments a chart's spec holds."""
    return {(r["slug"], r["segment"]): (r["from_year"], r["to_year"]) for r in dataset_with(spec, "segment")}


def drawn_bars(spec, years):
    """{(reform, segment): (first, last) year, fill, dashed} of the reform segments in the chart's SVG (as vl-convert
    draws it), their x positions read back as years on an axis over `years` ([first, end]) of WIDTH pixels."""
    svg = vl_convert.vegalite_to_svg(spec)
    per_pixel = (years[1] - years[0]) / WIDTH
    drawn = {}
    for bar in re.finditer(r'<path aria-label="([^"]*)"[^>]*aria-roledescription="bar" d="M([\d.]+),[\d.]+h([\d.]+)'
                           r'[^"]*" fill="([^"]+)"(?:[^>]*stroke-dasharray="([^"]+)")?', svg):
        label = dict(part.split(": ", 1) for part in bar[1].split("; "))
        if "segment" not in label:
            continue
        left, width = float(bar[2]), float(bar[3])
        first, end = years[0] + left * per_pixel, years[0] + (left + width) * per_pixel
        drawn[label["Reform"], label["segment"]] = (round(first), round(end) - 1, bar[4], bar[5] not in (None, "1,0"))
    return drawn


def test_enrollment_chart_draws_the_table_over_the_reform_eras(db):
    spec = charter_enrollment(db).to_dict()
    drawn = {(r["start_year"], r["charter_type"]): r["students"] for r in dataset_with(spec, "students")}
    assert drawn == {**{(y, "Independent"): e[1] for y, e in ENROLLMENT.items()},
                     **{(y, "Affiliated"): e[3] for y, e in ENROLLMENT.items()}}
    # reforms begun within the table's years (1992-1995): over the years the sources give them (to the stated
    # end; else to the last year a citation names) and no further
    assert segments(spec) == {("learn", STATED): (1993, 1994), ("psc", STATED): (1994, 1995),
                              ("pilot", STATED): (1993, 1993)}
    assert list(db.query(spec["usermeta"]["queries"][0]["sql"])) == dataset_with(spec, "segment")
    # drawn as such, each to the end of its last year
    solid = "#c8c8c8"
    assert drawn_bars(spec, [1992, 1996]) == {
        ("Los Angeles Alliance for Restructuring Now (LEARN)", STATED): (1993, 1994, solid, False),
        ("Public School Choice (PSC)", STATED): (1994, 1995, solid, False),
        ("Pilot schools", STATED): (1993, 1993, solid, False)}
    meta = spec["usermeta"]
    assert meta["description"].startswith("Students in independent and affiliated charter schools grew from 3,069 "
                                          "in 1993-94 to 8,685 in 1995-96.")
    assert meta["source"].startswith(
        "Source: LAUSD Charter Schools Division, via Kerchner, “The Charter War” (document 1)")
    assert [q["label"] for q in meta["queries"]] == ["Reform eras"]
    assert list(db.query(meta["sql"])) == dataset_with(spec, "students")  # the query shown is the data drawn


def test_enrollment_chart_without_reforms_has_no_eras(tmp_path):
    spec = charter_enrollment(small_db(tmp_path / "r.db", reforms=False)).to_dict()
    assert [d for d in datasets(spec) if "segment" in d[0]] == []
    assert spec["usermeta"]["queries"] == [] and "reforms" not in spec["usermeta"]["source"]


def test_schools_and_growth_charts(db):
    schools = charter_schools_by_type(db).to_dict()
    assert {(r["start_year"], r["charter_type"]): r["schools"] for r in dataset_with(schools, "schools")} == {
        **{(y, "Independent"): e[0] for y, e in ENROLLMENT.items()},
        **{(y, "Affiliated"): e[2] for y, e in ENROLLMENT.items()}}
    growth = affiliated_share_and_growth(db).to_dict()
    rows = {r["school_year"]: r for r in dataset_with(growth, "affiliated_enrollment_share")}
    assert list(rows) == ["1993-94", "1994-95", "1995-96"]  # the year with no charter student is left out
    assert rows["1995-96"]["affiliated_enrollment_share"] == round(100 * 6466 / 8685, 1)
    assert rows["1995-96"]["enrollment_change_pct"] == round(100 * (8685 - 5685) / 5685, 1)
    assert "charter_growth" in growth["usermeta"]["sql"]


def test_reform_timeline_spans_and_milestones(db):
    spec = reform_timeline(db).to_dict()
    # from the start to the stated end, or to the last year a citation names (reform_spans.through_year), and no
    # further: an open end is marked, not drawn on
    assert segments(spec) == {
        ("learn", STATED): (1993, 1994), ("psc", STATED): (1994, 1995), ("pilot", STATED): (1993, 1993),
        ("progressive", STATED): (1903, 1903)}  # no citation: its start
    assert list(db.query(spec["usermeta"]["sql"])) == dataset_with(spec, "segment")  # the query shown is the data
    stated = {r["slug"]: (r["as_stated"], r["last_cited"]) for r in dataset_with(spec, "segment")}
    assert stated["learn"] == ("1993–1994", 1993) and stated["pilot"] == ("1993– (no end stated)", 1993)
    assert stated["progressive"] == ("1903– (no end stated)", None)
    # drawn from 1992 to the last year a source gives (1995): the 1903 reform, over before the axis, has no bar
    solid = "#56B4E9"
    assert drawn_bars(spec, [1992, 1996]) == {
        ("Los Angeles Alliance for Restructuring Now (LEARN)", STATED): (1993, 1994, solid, False),
        ("Public School Choice (PSC)", STATED): (1994, 1995, solid, False),
        ("Pilot schools", STATED): (1993, 1993, solid, False)}
    svg = vl_convert.vegalite_to_svg(spec)
    assert svg.count(">▸</text>") == 2  # PSC and the pilot schools end open; LEARN's end is stated
    text = json.dumps(spec, ensure_ascii=False)
    assert "Start–end as stated" in text and "Last cited year" in text  # the tooltips
    assert "no end stated" in text  # the legend
    assert "with an arrowhead (3): no bar runs past what a source says" in spec["usermeta"]["description"]
    assert "since" in text  # the 1903 reform is drawn from the timeline's first year, marked 'since 1903'
    milestones = sorted((r["slug"], r["year"], r["milestone"]) for r in dataset_with(spec, "milestone"))
    assert milestones == [("learn", 1993, "The board adopted LEARN"), ("psc", 1994, "PSC launched in 1994."),
                          ("psc", 1995, "PSC grew")]
    reforms = {r["reform"] for r in dataset_with(spec, "segment")}
    assert "Los Angeles Alliance for Restructuring Now (LEARN)" in reforms and "Public School Choice (PSC)" in reforms
    assert spec["usermeta"]["source"] == ("Source: corpus/reforms.yml, each fact quoted from Kerchner, “The Charter "
                                          "War” (document 1); “Reform History” (document 2).")


def test_most_mentioned_keeps_the_ten_first_of_each_kind(db):
    spec = most_mentioned(db).to_dict()
    drawn = [(r["kind"], r["name"], r["mentions"]) for r in dataset_with(spec, "mentions")]
    orgs = [(name, n) for kind, name, n in drawn if kind == "Organizations"]
    assert orgs == [(f"Organization {i:02d}", i) for i in range(ORGS, ORGS - 10, -1)]
    assert ("People", "Ramon Cortines", 2) in drawn and ("Reforms", "LEARN", 5) in drawn
    assert "Los Angeles" not in {name for _, name, _ in drawn}  # places are not charted
    assert spec["usermeta"]["title"] == "The most mentioned people, organizations and reforms"


def test_district_table_beside_the_state_files(db):
    spec = district_and_state(db).to_dict()
    drawn = {r["source"]: (r["charter_schools"], r["independent_schools"], r["affiliated_schools"])
             for r in dataset_with(spec, "charter_schools")}
    assert drawn == {"district table (The Charter War table)": (12, 3, 9),
                     "CDE FRPM 1995-96 (frpm9596.csv)": (13, 4, 9)}
    assert "13 charter schools and 1,300 students in CDE FRPM 1995-96 (frpm9596.csv), 12 and 8,685 in the district" in (
        spec["usermeta"]["description"])



def with_directory_and_claims(db, claims=True):
    """small_db plus a directory of three charters (1993-94 to 1995-96) and, with claims=True, a claims table of
    the shape the claims stage writes: two dated claims of charter schools, one of students, one undated."""
    db["cde_files"].insert({"name": "pubschls.txt", "kind": "directory", "school_year": "1995-96",
                            "start_year": 1995})
    db["cde_directory_charters"].insert_all(
        {"cds_code": f"196473319{n:05d}", "school_name": f"Charter {n}", "charter_type": kind,
         "open_date": opened, "closed_date": None, "status": "Active", "directory_file": "pubschls.txt", "line": n}
        for n, (kind, opened) in enumerate([("independent", "1993-09-01"), ("affiliated", "1960-09-01"),
                                            ("independent", "1995-09-01")], 1))
    if claims:
        db["claims"].insert_all([
            {"id": 1, "measure": "charter_schools", "value": 14, "start_year": 1994, "qualifier": None,
             "text": "fourteen charter schools", "document_id": 2, "passage_id": 1, "time_source": "stated"},
            {"id": 2, "measure": "charter_schools", "value": 20, "start_year": 1995, "qualifier": "more than",
             "text": "more than 20 charters", "document_id": 1, "passage_id": 2, "time_source": "published"},
            {"id": 3, "measure": "charter_students", "value": 13000, "start_year": 1994, "qualifier": "approximately",
             "text": "approximately 13,000 students", "document_id": 2, "passage_id": 1, "time_source": "stated"},
            {"id": 4, "measure": "charter_schools", "value": 9, "start_year": None, "qualifier": None,
             "text": "nine charters", "document_id": 2, "passage_id": 1, "time_source": "unknown"},
            {"id": 5, "measure": "magnet_schools", "value": 172, "start_year": 1994, "qualifier": None,
             "text": "172 magnet schools", "document_id": 2, "passage_id": 1, "time_source": "stated"},
        ], pk="id", alter=True)
    return db


def rows_with(spec, column):
    """Every row of the spec's inline datasets that have `column` (a chart of panels holds one dataset a panel)."""
    return [row for d in datasets(spec) if d and column in d[0] for row in d]


def test_series_chart_draws_every_series_and_the_claims_on_them(db):
    spec = charter_series_and_claims(with_directory_and_claims(db)).to_dict()
    drawn = rows_with(spec, "label")
    assert drawn == list(db.query(SERIES_SQL))  # the query shown is the data drawn
    schools = {(r["label"], r["start_year"]): r["value"] for r in drawn if r["measure"] == "charter_schools"}
    assert schools == {
        **{("District table", y): e[0] + e[2] for y, e in ENROLLMENT.items()},
        ("State FRPM files", 1995): 13,
        ("State directory: open on 1 October", 1993): 2, ("State directory: open on 1 October", 1994): 2,
        ("State directory: open on 1 October", 1995): 3}
    students = {r["label"] for r in drawn if r["measure"] == "charter_students"}
    assert students == {"District table", "State FRPM files"}  # the directory counts no students
    claims = rows_with(spec, "text")
    assert claims == list(db.query(CLAIMS_SQL))
    # the dated claims of the two measures drawn; the undated one and the magnet count are not
    assert [(c["measure"], c["value"], c["start_year"]) for c in claims] == [
        ("charter_schools", 14, 1994), ("charter_schools", 20, 1995), ("charter_students", 13000, 1994)]
    assert claims[0]["title"] == "Reform History" and claims[0]["page"] == "/documents/reform-history#p1"
    text = json.dumps(spec)
    for tooltip in ('"title": "Claim"', '"title": "Document"', '"title": "States"', '"field": "page"'):
        assert tooltip in text, tooltip
    meta = spec["usermeta"]
    assert meta["title"] == "LAUSD charter schools by source, with what the documents claim"
    assert ("In 1995-96: 12 in the district's table, 13 in the state's FRPM file, 3 in the state directory (open on "
            "1 October).") in meta["description"]
    assert "the documents' 3 claims of these counts, from 2 documents" in meta["description"]
    assert "1 claim whose time is unknown is not drawn" in meta["description"]
    assert [q["label"] for q in meta["queries"]] == ["Claims"]
    cited = "claims table, read from Kerchner, “The Charter War” (document 1); “Reform History” (document 2)"
    assert cited in meta["source"]
    svg = render(charter_series_and_claims(db))["svg"]
    assert svg.count('aria-roledescription="point"') >= len(claims)


def test_series_chart_without_claims_draws_the_series_alone(tmp_path):
    for claims_table in (False, True):
        db = with_directory_and_claims(small_db(tmp_path / f"r{claims_table}.db"), claims=False)
        if claims_table:  # present but empty
            db["claims"].create({"id": int, "measure": str, "value": float, "start_year": int, "qualifier": str,
                                 "text": str, "document_id": int, "passage_id": int, "time_source": str},
                                pk="id", if_not_exists=True)
        spec = charter_series_and_claims(db).to_dict()
        assert rows_with(spec, "text") == []
        assert "the series are drawn alone" in spec["usermeta"]["description"]
        assert spec["usermeta"]["queries"] == [] and "claims" not in spec["usermeta"]["source"]
    # with no series at all there is no chart
    empty = sqlite_utils.Database(memory=True)
    schema.create(empty)
    with pytest.raises(NoData):
        charter_series_and_claims(empty)

def test_charts_are_skipped_cleanly_without_their_data(tmp_path):
    empty = sqlite_utils.Database(tmp_path / "empty.db")
    schema.create(empty)
    summary = render_charts(BuildContext(empty, tmp_path))
    assert summary.startswith("0 charts; skipped charter_enrollment (no charter_enrollment rows in this database)")
    assert all(chart.__name__ in summary for chart in CHARTS)
    assert empty["charts"].count == 0
    # tables or views that do not exist at all (an older database): NoData, not an SQL error
    bare = sqlite_utils.Database(memory=True)
    bare["documents"].insert({"id": 1, "title": "T"})
    for chart in CHARTS:
        with pytest.raises(NoData):
            chart(bare)
    # the district chart waits for a state file
    assert "district_and_state (no school year covered by both" in render_charts(BuildContext(
        small_db(tmp_path / "r.db", reforms=False, mentions=False, state_files=False), tmp_path))


def test_rendered_formats(db):
    row = render(charter_enrollment(db))
    spec = json.loads(row["spec"])
    jsonschema.validators.validator_for(VEGA_LITE_SCHEMA)(VEGA_LITE_SCHEMA).validate(spec)
    assert row["svg"].startswith("<svg") and "Students enrolled" in row["svg"]
    png = row["png"]
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5_000
    width, height = struct.unpack(">II", png[16:24])
    assert width >= 800 and height >= 400  # twice the CSS size
    # the embed page loads the scripts from this server and nothing from elsewhere
    assert f'<script src="{BUNDLE_URL}"></script>' in row["html"]
    assert "http" not in row["html"].replace(spec["$schema"], "")


def test_every_stored_spec_is_valid_vega_lite(db):
    render_charts(BuildContext(db, None))
    validator = jsonschema.validators.validator_for(VEGA_LITE_SCHEMA)(VEGA_LITE_SCHEMA)
    names = []
    for row in db.query("select name, spec, png from charts order by position"):
        validator.validate(json.loads(row["spec"]))
        assert struct.unpack(">I", row["png"][16:20])[0] >= 800
        names.append(row["name"])
    assert names == [chart.__name__ for chart in CHARTS]


TABLE = ("\tIndependent Charter Schools\tIndependent Charter Schools Norm Enrollment\tAffiliated Charter Schools"
         "\tAffiliated Charter Schools Norm Enrollment\tTotal Number of Charter Schools\tTotal Norm Enrollment\n"
         "1998-99\t5\t3,598\t16\t11,280\t21\t14,878\n1999-2000\t7\t4,137\t26\t18,800\t33\t22,937\n\n"
         "Figure: 1 Charter School Growth and Enrollment\n\nSource: LAUSD Charter Schools Division")


@pytest.mark.stage
def test_build_renders_the_charts_into_the_database_deterministically(corpus, tmp_path):
    write_document(corpus, "paper", "Before the table.\n\n" + TABLE + "\n\nAfter.", title="Paper",
                   author="Charles Taylor Kerchner")
    reports, dumps = [], []
    for name in ("a.db", "b.db"):
        build(corpus, tmp_path / name, report=reports.append)
        dumps.append(list(sqlite_utils.Database(tmp_path / name).query("select * from charts order by name")))
    assert dumps[0] == dumps[1]
    names = [row["name"] for row in dumps[0]]
    assert names[:3] == ["affiliated_share_and_growth", "charter_enrollment", "charter_schools_by_type"]
    line = next(r for r in reports if r.startswith("charts:"))
    assert "charter_enrollment " in line and "s, " in line  # each chart's render time


def test_cli_writes_the_chart_files(db, tmp_path):
    runner = CliRunner()
    result = runner.invoke(cli, ["charts", "--db", str(db.conn.execute("pragma database_list").fetchone()[2]),
                                 "--out", str(tmp_path / "out"), "--format", "svg", "--format", "png"])
    assert "no charts in this database" in result.output and result.exit_code == 1
    render_charts(BuildContext(db, None))
    path = db.conn.execute("pragma database_list").fetchone()[2]
    result = runner.invoke(cli, ["charts", "--db", path, "--out", str(tmp_path / "out"), "--format", "svg",
                                 "--format", "png"])
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == sorted(f"{c.__name__}.{ext}" for c in CHARTS for ext in ("svg", "png"))
    assert f"wrote {len(written)} files" in result.output
    result = runner.invoke(cli, ["charts", "--db", path, "--out", str(tmp_path / "all")])
    files = {p.suffix for p in (tmp_path / "all").iterdir()}
    assert files == {".json", ".svg", ".png", ".html"}
    page = (tmp_path / "all" / "charter_enrollment.html").read_text()
    assert "window.vegaEmbed" in page and "<script src=" not in page  # works alone, offline
    assert 'id="chart-spec"' in page and DRAW_SCRIPT in page


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """Datasette over a small database whose charts are rendered, plus one chart row full of markup."""
    db = small_db(tmp_path_factory.mktemp("served") / "reform.db")
    render_charts(BuildContext(db, None))
    db["charts"].insert({
        "name": "markup", "position": 99, "title": "<script>alert(1)</script>", "description": "<b>bold</b>",
        "source": "S & P", "sql": "select '</pre><script>alert(2)</script>'", "queries": "[]",
        "spec": json.dumps({"note": "</script><script>alert(3)</script>"}), "svg": '<svg width="10" height="10"/>',
        "png": b"", "html": ""})
    return make_datasette(db.conn.execute("pragma database_list").fetchone()[2])


async def test_gallery_lists_every_chart(served):
    response = await served.client.get("/charts")
    assert response.status_code == 200
    for chart in CHARTS:
        assert f'href="/charts/{chart.__name__}"' in response.text
        assert f'src="/charts/{chart.__name__}.svg"' in response.text
    assert "&lt;script&gt;alert(1)" in response.text and "<script>alert(1)" not in response.text


async def test_chart_page_shows_its_sql_source_downloads_and_embed_snippet(served):
    response = await served.client.get("/charts/charter_enrollment")
    assert response.status_code == 200
    page = response.text
    assert f'<script src="{BUNDLE_URL}"></script>' in page and f'<script src="{DRAW_URL}"></script>' in page
    assert '<script type="application/json" id="chart-spec">' in page and "vegaEmbed(" not in page  # no inline code
    assert "Source: LAUSD Charter Schools Division, via Kerchner" in page
    assert "from charter_enrollment" in page and '<pre class="chart-sql">' in page
    assert page.count("Run this query in Datasette") == 2  # the bars and the reform eras
    assert 'href="/reform?sql=%0Aselect+start_year' not in page and "/reform?sql=select+start_year" in page
    for ext in ("json", "svg", "png", "html"):
        assert f'href="/charts/charter_enrollment.{ext}?download=1"' in page
    assert "&lt;iframe src=&#34;http://localhost/charts/charter_enrollment/embed&#34;" in page
    # the query runs in Datasette
    sql = json.loads((await served.client.get("/charts/charter_enrollment.json")).text)["usermeta"]["sql"]
    assert len((await served.client.get("/reform.json?_shape=array&sql=" + quote(sql))).json()) == 2 * len(ENROLLMENT)


async def test_chart_files_and_embed_page(served):
    for ext, content_type, start in [("json", "application/json", b"{"), ("svg", "image/svg+xml", b"<svg"),
                                     ("png", "image/png", b"\x89PNG"), ("html", "text/html", b"<!DOCTYPE html>")]:
        response = await served.client.get(f"/charts/charter_enrollment.{ext}")
        assert response.status_code == 200
        assert response.headers["content-type"].startswith(content_type)
        assert response.content.startswith(start)
        # the offline page (inline scripts, which the site's CSP would not run) is a file to save
        disposition = "attachment" if ext == "html" else "inline"
        assert response.headers["content-disposition"] == f'{disposition}; filename="charter_enrollment.{ext}"'
    download = await served.client.get("/charts/charter_enrollment.png?download=1")
    assert download.headers["content-disposition"] == 'attachment; filename="charter_enrollment.png"'
    embed = await served.client.get("/charts/charter_enrollment/embed")
    assert embed.status_code == 200 and f'<script src="{BUNDLE_URL}">' in embed.text and "<nav" not in embed.text
    bundle = await served.client.get(BUNDLE_URL)
    assert bundle.headers["content-type"].startswith("text/javascript") and "window.vegaEmbed" in bundle.text
    draw = await served.client.get(DRAW_URL)
    assert draw.headers["content-type"].startswith("text/javascript") and draw.text == DRAW_SCRIPT
    for missing in ("/charts/nope", "/charts/nope.svg", "/charts/nope/embed"):
        assert (await served.client.get(missing)).status_code == 404


async def test_chart_page_escapes_what_the_table_holds(served):
    page = (await served.client.get("/charts/markup")).text
    for raw in ("<script>alert(1)", "<b>bold", "</pre><script>alert(2)", "</script><script>alert(3)"):
        assert raw not in page
    assert "S &amp; P" in page and "\\u003c/script\\u003e\\u003cscript\\u003ealert(3)" in page


async def test_gallery_before_any_chart_is_drawn(tmp_path):
    db = sqlite_utils.Database(tmp_path / "reform.db")
    schema.create(db)
    db["documents"].insert({"id": 1, "title": "T"})
    response = await make_datasette(tmp_path / "reform.db").client.get("/charts")
    assert response.status_code == 200 and "no charts yet" in response.text


def test_full_corpus_charts(full_db):
    """Every chart whose data the corpus holds is rendered, and draws the database's own numbers."""
    stored = {row["name"]: row for row in full_db.query("select * from charts")}
    assert {"charter_enrollment", "charter_schools_by_type", "affiliated_share_and_growth"} <= set(stored)
    table = {r["start_year"]: r for r in full_db["charter_enrollment"].rows}
    spec = json.loads(stored["charter_enrollment"]["spec"])
    for row in dataset_with(spec, "students"):
        assert row["students"] == table[row["start_year"]][f"{row['charter_type'].lower()}_enrollment"]
    assert "Source: LAUSD Charter Schools Division, via Kerchner" in stored["charter_enrollment"]["source"]
    shrinking = [r["school_year"] for r in dataset_with(json.loads(stored["affiliated_share_and_growth"]["spec"]),
                                                          "enrollment_change") if (r["enrollment_change"] or 0) < 0]
    assert shrinking == ["2003-04"]  # the affiliated charters that converted back: the one year the sector shrank
    expected = {
        "reform_timeline": full_db.execute("select count(*) from reforms where start_year is not null").fetchone()[0],
        "most_mentioned": full_db.execute("select count(*) from mentions").fetchone()[0],
        "district_and_state": full_db.execute("select count(*) from cde_files where kind = 'frpm'").fetchone()[0],
    }
    for name, rows in expected.items():
        assert (name in stored) == bool(rows), name
    if "reform_timeline" in stored:
        drawn = segments(json.loads(stored["reform_timeline"]["spec"]))
        last = max(to for _, to in drawn.values())
        cited = {}
        # the citations whose year dates the reform: no footnote's, no target's, none after publication
        for row in full_db.query("select reform_id, year from reform_citations_dated where dates_reform"):
            if row["year"] is not None:
                cited[row["reform_id"]] = max(row["year"], cited.get(row["reform_id"], row["year"]))
        for reform in full_db.query("select * from reforms where start_year is not null"):
            # never solid past what a source says: the stated end, else the last year cited
            solid = reform["end_year"] or max(reform["start_year"], cited.get(reform["id"], reform["start_year"]))
            assert drawn[reform["slug"], STATED] == (reform["start_year"], solid), reform["slug"]
        assert drawn["learn", STATED] == (1993, 1999)  # LEARN's end is stated
        assert max(to for _, to in drawn.values()) <= last


def test_full_corpus_series_chart(full_db):
    """The series chart draws the district, state and directory series of the corpus, claims where there are."""
    stored = full_db["charts"].get("charter_series_and_claims")
    spec = json.loads(stored["spec"])
    drawn = rows_with(spec, "label")
    assert {r["series"] for r in drawn if r["measure"] == "charter_schools"} == {"district", "state", "directory"}
    in_2016 = {r["series"]: r["value"] for r in drawn if r["measure"] == "charter_schools" and r["start_year"] == 2016}
    assert in_2016 == {r["series"]: r["value"] for r in full_db.query(
        "select series, value from series where measure = 'charter_schools' and start_year = 2016")}
    claims = full_db.execute("select count(*) from sqlite_master where name = 'claims'").fetchone()[0] and (
        full_db.execute("select count(*) from claims where measure in ('charter_schools', 'charter_students') "
                        "and value is not null and start_year is not null").fetchone()[0])
    assert len(rows_with(spec, "text")) == (claims or 0)
    assert ("the series are drawn alone" in stored["description"]) == (not claims)


@pytest.mark.unit
def test_a_half_written_chart_drawing_in_the_cache_is_drawn_again(tmp_path):
    from charts.render import drawn

    spec = {"$schema": "https://vega.github.io/schema/vega-lite/v5.json", "data": {"values": [{"a": 1}]},
            "mark": "bar", "encoding": {"x": {"field": "a", "type": "quantitative"}}}
    svg, png = drawn(spec, tmp_path)
    [kept] = list((tmp_path / "charts").glob("*.json"))
    kept.write_text(kept.read_text()[:100])  # an interrupted build's file
    assert drawn(spec, tmp_path) == (svg, png)
    assert drawn(spec, tmp_path) == (svg, png) and not list((tmp_path / "charts").glob("*.part"))


@pytest.mark.stage
def test_the_early_charts_come_out_as_at_the_end_of_the_build(full_db):
    """The build makes the charts of EARLY before spaCy reads the text: made from what the stages before it wrote,
    each is the chart the full build stores (a chart that came to read the text must leave EARLY)."""
    from charts.render import EARLY
    from conftest import built_until

    early = built_until(CORPUS, "district boundary")
    stored = {r["name"]: json.loads(r["spec"]) for r in full_db.query("select name, spec from charts")}
    assert len(EARLY) >= 4
    for chart_function in EARLY:
        assert chart_function(early).to_dict(validate=True) == stored[chart_function.__name__], \
            chart_function.__name__

