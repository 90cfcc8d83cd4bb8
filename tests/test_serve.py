"""Datasette over the full corpus: its documents, clean passages with full-text search, the charter table."""

import pytest
import yaml

from reformkb.app import ROOT, SETTINGS, make_datasette


@pytest.fixture(scope="module")
def ds(full_db_path):
    return make_datasette(full_db_path)


async def test_documents_and_charter_table(ds):
    documents = (await ds.client.get("/reform/documents.json?_shape=array&_size=max")).json()
    # one row per file of corpus/documents, whatever their number
    assert sorted(d["slug"] for d in documents) == sorted(p.stem for p in (ROOT / "corpus" / "documents").rglob("*.md"))
    assert {d["slug"] for d in documents} >= {"charter-school-war-peace-dividend", "so-close-yet-so-far"}
    rows = (await ds.client.get("/reform/charter_enrollment.json?_shape=array&_size=max")).json()
    assert len(rows) == 25
    assert rows[-1]["school_year"] == "2016-17" and rows[-1]["total_enrollment"] == 154653


async def test_passages_full_text_search(ds):
    rows = (await ds.client.get("/reform/passages.json?_search=LAAMP&_shape=array")).json()
    assert rows and all("LAAMP" in r["text"] for r in rows)
    # clean text: escapes undone, page breaks mended
    rows = (await ds.client.get("/reform/passages.json?_search=Cortines&_shape=array")).json()
    assert any("Ramon Cortines projected a $333-million budget deficit" in r["text"] for r in rows)


async def test_charter_growth_view(ds):
    rows = (await ds.client.get("/reform/charter_growth.json?_shape=array&_size=max")).json()
    year = {r["school_year"]: r for r in rows}
    assert year["2016-17"]["enrollment_change"] == 154653 - 148697
    assert year["2016-17"]["affiliated_enrollment_share"] == round(100 * 43094 / 154653, 1)


async def test_immutable_and_time_limited(ds):
    assert SETTINGS["sql_time_limit_ms"] <= 1000
    assert not ds.get_database("reform").is_mutable
    response = await ds.client.post("/reform", data={"sql": "delete from documents"})
    assert response.status_code == 405
    response = await ds.client.get("/reform.json", params={"sql": "delete from documents"})
    assert response.status_code == 400 and "Statement must be a SELECT" in response.text
    assert (await ds.client.get("/reform/documents.json?_shape=array")).json()  # still there


def test_charter_enrollment_columns_described():
    metadata = yaml.safe_load((ROOT / "metadata.yml").read_text())
    table = metadata["databases"]["reform"]["tables"]["charter_enrollment"]
    columns = ["start_year", "school_year", "independent_schools", "independent_enrollment", "affiliated_schools",
               "affiliated_enrollment", "total_schools", "total_enrollment", "document_id"]
    assert table["description"] and all(table["columns"].get(c) for c in columns)


async def test_state_files_map_query_and_search(ds):
    rows = (await ds.client.get("/reform/charter_schools_open_in_year.json?year=2016&_shape=array&_size=max")).json()
    assert len(rows) == 279
    assert {r["charter_type"] for r in rows} == {"independent", "affiliated"}
    page = (await ds.client.get("/reform/cde_schools?charter=1")).text
    assert "/-/static-plugins/datasette-cluster-map/datasette-cluster-map.js" in page
    rows = (await ds.client.get("/reform/cde_schools.json?_search=magnolia&_shape=array")).json()
    assert rows and all("magnolia" in r["school_name"].lower() for r in rows)
    facets = (await ds.client.get("/reform/cde_schools.json?charter=1&_facet=funding_type")).json()
    counts = {f["value"]: f["count"] for f in facets["facet_results"]["funding_type"]["results"]}
    assert counts == {"Directly funded": 225, "Locally funded": 54}
