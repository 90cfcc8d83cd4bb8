"""The map of the charter schools: the district's boundary (corpus/geo/ → district_boundary) as the background, the
schools of cde_schools as points, drawn from the database alone with no web tiles."""

import json
import re
import shutil
import struct

import pytest
import sqlite_utils

from charts.queries import NoData
from charts.render import CHARTS, render
from charts.schools_map import BOUNDARY_SQL, CHARTER_SCHOOLS_SQL, OTHER_SCHOOLS_SQL, schools_map, thin
from conftest import CORPUS
from loaders import schema
from loaders.context import BuildContext
from loaders.errors import CorpusError
from loaders.geo import load_boundary, read_credits

GEO = CORPUS / "geo"

# (name, charter, charter type, latitude, longitude): downtown, the Valley, Watts, a school with no coordinates
SCHOOLS = [("Downtown Charter", 1, "independent", 34.0522, -118.2437),
           ("Valley Charter", 1, "affiliated", 34.2, -118.5), ("Watts Elementary", 0, None, 33.94, -118.24), ("Unlocated Charter", 1, "independent", None, None)]


def map_db(path, boundary=True, years=(2015, 2016)):
    """A database shaped like a build's: the boundary loaded from the repository's corpus/geo, and SCHOOLS in
    cde_schools for each of `years` (the map draws the last)."""
    db = sqlite_utils.Database(path)
    schema.create(db)
    if boundary:
        load_boundary(BuildContext(db, CORPUS))
    for year in years:
        name = f"frpm{year % 100:02d}{(year + 1) % 100:02d}.csv"
        db["cde_files"].insert({"name": name, "kind": "frpm", "school_year": f"{year}-{(year + 1) % 100:02d}",
                                "start_year": year})
        db["cde_schools"].insert_all(
            {"cds_code": f"1964733{n:07d}", "start_year": year, "school_year": f"{year}-{(year + 1) % 100:02d}",
             "school_name": school, "charter": charter, "charter_type": kind, "latitude": lat, "longitude": lon,
             "source_file": name, "directory_file": "pubschls.txt"}
            for n, (school, charter, kind, lat, lon) in enumerate(SCHOOLS, 1))
    return db


def layers(spec):
    """The layers of the map (finish() wraps the chart in a one-panel vconcat)."""
    [panel] = spec["vconcat"]
    return panel["layer"]


def geoshape_rows(spec):
    [layer] = [layer for layer in layers(spec) if layer["mark"]["type"] == "geoshape"]
    return spec["datasets"][layer["data"]["name"]]


def point_layers(spec):
    """{data set name: rows} of the layers drawn at longitude/latitude."""
    return [spec["datasets"][layer["data"]["name"]] for layer in layers(spec)
            if "latitude" in layer.get("encoding", {})]


def test_the_corpus_copy_is_credited():
    credits = read_credits(GEO / "README.md")
    assert "US Census Bureau" in credits["lausd_boundary.geojson"]
    assert "CenterForAssessment/SGPspatialData" in credits["lausd_boundary.geojson"]
    assert "LGPL-3.0" in credits["lausd_boundary.geojson"]


def test_loader_stores_the_file_with_its_credit(tmp_path):
    db = sqlite_utils.Database(tmp_path / "r.db")
    schema.create(db)
    summary = load_boundary(BuildContext(db, CORPUS))
    [row] = db["district_boundary"].rows
    assert summary == "1 boundary file, lausd_boundary.geojson: 2 parts, 5,357 vertices"
    assert json.loads(row["geojson"]) == json.loads((GEO / "lausd_boundary.geojson").read_text())
    assert (row["district"], row["polygons"], row["holes"], row["vertices"]) == (
        "Los Angeles Unified School District", 2, 2, 5357)
    assert row["credit"] == read_credits(GEO / "README.md")["lausd_boundary.geojson"]


def test_loader_refuses_a_file_without_credit_or_not_an_area(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(GEO, corpus / "geo")
    (corpus / "geo" / "README.md").write_text("# Geography\n\nNo table.\n")
    db = sqlite_utils.Database(tmp_path / "r.db")
    schema.create(db)
    with pytest.raises(CorpusError, match="README.md: no credit for lausd_boundary.geojson"):
        load_boundary(BuildContext(db, corpus))
    shutil.copy(GEO / "README.md", corpus / "geo" / "README.md")
    (corpus / "geo" / "lausd_boundary.geojson").write_text(json.dumps(
        {"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {"type": "Point",
                                                                                    "coordinates": [0, 0]}}]}))
    with pytest.raises(CorpusError, match="feature 1 is not a Polygon or MultiPolygon"):
        load_boundary(BuildContext(db, corpus))
    # no geo folder: no row, and the map is skipped
    assert load_boundary(BuildContext(db, tmp_path / "elsewhere")) == "0 boundary files"


def test_thinning_keeps_rings_closed():
    ring = [[0, 0], [0.00001, 0], [1, 0], [1, 1], [1.00001, 1], [0, 1], [0, 0]]
    assert thin(ring) == [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]
    tiny = [[0, 0], [0.00001, 0], [0.00001, 0.00001], [0, 0]]
    assert thin(tiny) == tiny  # too small to thin: kept whole


def test_map_draws_the_boundary_and_the_charters_of_the_last_year(tmp_path):
    db = map_db(tmp_path / "r.db")
    spec = schools_map(db).to_dict(validate=True)
    meta = spec["usermeta"]
    # the background: the boundary from district_boundary, its mainland with both holes, the island left out
    [feature] = geoshape_rows(spec)
    [stored] = list(db.query(BOUNDARY_SQL))
    [mainland] = feature["geometry"]["coordinates"]
    assert len(mainland) == 3  # the outline and two holes (the larger: Beverly Hills)
    original = json.loads(stored["geojson"])["features"][0]["geometry"]["coordinates"][0]
    assert [ring[0] for ring in mainland] == [[round(x, 5), round(y, 5)] for x, y in (r[0] for r in original)]
    assert "1 offshore part with no school (San Clemente Island) left out" in meta["source"]
    assert stored["credit"] in meta["source"]
    # the points: the charters of 2016-17 that have coordinates, and the other school faintly
    charters, others = sorted(point_layers(spec), key=lambda d: "kind" in d[0])[::-1]
    assert charters == list(db.query(meta["sql"]))  # the query shown is the data drawn
    assert sorted(r["school_name"] for r in charters) == ["Downtown Charter", "Valley Charter"]
    assert {r["kind"] for r in charters} == {"Independent charter", "Affiliated charter"}
    assert [r["school_name"] for r in others] == ["Watts Elementary"]
    assert meta["description"] == (
        "2 of the 3 charter schools of the district in the state's 2016-17 file (1 independent, 1 affiliated) within "
        "the district's boundary; grey: its other 1 school; 1 without coordinates in the directory not drawn.")
    assert [q["label"] for q in meta["queries"]] == [
        "The district's other schools (grey)", "District boundary", "Counts"]
    assert meta["queries"][0]["sql"] == OTHER_SCHOOLS_SQL.strip()
    assert spec["vconcat"][0]["projection"]["type"] == "conicConformal"


def test_map_renders_offline_without_tiles(tmp_path):
    row = render(schools_map(map_db(tmp_path / "r.db")))
    assert row["svg"].startswith("<svg") and 'class="mark-shape role-mark' in row["svg"]
    assert set(re.findall(r"https?://[^\s\"'<>)]+", row["svg"])) <= {"http://www.w3.org/2000/svg",
                                                                     "http://www.w3.org/1999/xlink"}
    assert "tile" not in row["spec"].lower().replace("tiles: it draws offline", "")
    png = row["png"]
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">I", png[16:20])[0] >= 800


def test_map_is_skipped_without_its_data(tmp_path):
    with pytest.raises(NoData, match="district boundary"):
        schools_map(map_db(tmp_path / "a.db", boundary=False))
    with pytest.raises(NoData, match="located charter schools"):
        schools_map(map_db(tmp_path / "b.db", years=()))
    assert schools_map in CHARTS


def test_full_corpus_map(full_db):
    """The build loads corpus/geo and renders the map; its points are the charter schools of its query."""
    stored = full_db["charts"].get("schools_map")
    spec = json.loads(stored["spec"])
    [boundary] = list(full_db.query(BOUNDARY_SQL))
    assert boundary["file"] == "lausd_boundary.geojson" and "TIGER/Line" in boundary["credit"]
    [feature] = geoshape_rows(spec)
    assert feature["properties"]["district"] == boundary["district"]
    assert len(feature["geometry"]["coordinates"]) == boundary["polygons"] - 1  # the island left out
    charters = next(d for d in point_layers(spec) if "kind" in d[0])
    expected = full_db.execute(
        "select count(*) from cde_schools where start_year = (select max(start_year) from cde_schools) "
        "and charter = 1 and latitude is not null and longitude is not null").fetchone()[0]
    assert len(charters) == expected == len(list(full_db.query(CHARTER_SCHOOLS_SQL))) > 200
    assert f"The {expected:,} charter schools" in stored["description"]
    assert set(re.findall(r"https?://[^\s\"'<>)]+", stored["svg"])) <= {"http://www.w3.org/2000/svg",
                                                                        "http://www.w3.org/1999/xlink"}
    assert stored["png"][:8] == b"\x89PNG\r\n\x1a\n"
