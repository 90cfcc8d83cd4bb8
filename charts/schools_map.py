"""A map that draws offline: the district's charter schools of the latest state file over the district's boundary
(table district_boundary, from corpus/geo/), with no web tiles. The cluster map of the cde_schools table is the
optional online layer (its tiles come from a tile server)."""

import json

import altair as alt

from charts.queries import NoData, optional_rows, rows
from charts.style import BLUE, ORANGE, WIDTH, finish

# the charter schools of the latest school year of the state's files, where the directory locates them
CHARTER_SCHOOLS_SQL = """
select s.cds_code, s.school_name,
  case s.charter_type when 'independent' then 'Independent charter' when 'affiliated' then 'Affiliated charter'
    else 'Charter, type not given' end as kind,
  s.grade_span, s.enrollment, s.city, s.latitude, s.longitude
from cde_schools s
where s.start_year = (select max(start_year) from cde_schools)
  and s.charter = 1 and s.latitude is not null and s.longitude is not null
order by kind desc, s.cds_code"""

# the district's other schools of that year, drawn faintly behind the charters
OTHER_SCHOOLS_SQL = """
select s.school_name, s.latitude, s.longitude
from cde_schools s
where s.start_year = (select max(start_year) from cde_schools)
  and coalesce(s.charter, 0) = 0 and s.latitude is not null and s.longitude is not null
order by s.latitude desc, s.longitude"""

# what the description counts: the year's schools, charters and those the directory does not locate
COUNTS_SQL = """
select s.school_year, count(*) as schools, coalesce(sum(s.charter = 1), 0) as charters,
  coalesce(sum(s.charter = 1 and (s.latitude is null or s.longitude is null)), 0) as charters_not_located,
  group_concat(distinct s.source_file) as source_files, group_concat(distinct s.directory_file) as directory_files
from cde_schools s
where s.start_year = (select max(start_year) from cde_schools)"""

BOUNDARY_SQL = """
select file, district, geojson, polygons, holes, vertices, credit
from district_boundary
order by file"""

KINDS = ["Independent charter", "Affiliated charter", "Charter, type not given", "Other district school"]
COLOURS = [BLUE, ORANGE, "#555555", "#b4b4b4"]

# rings are thinned to vertices at least this far apart (degrees; 0.0002° ≈ 20 m, a quarter of a pixel here) and
# rounded to 5 decimals (about 1 m): a third of the file's vertices draw the same line
THIN_DEGREES = 0.0002
DECIMALS = 5

MAP_HEIGHT = 600


def thin(ring, tolerance=THIN_DEGREES, decimals=DECIMALS):
    """A closed ring with each vertex closer than tolerance to the last one kept dropped (the first and last kept),
    coordinates rounded. Deterministic; a ring that would fall below 4 vertices is kept whole."""
    kept = [ring[0]]
    for x, y, *_ in ring[1:-1]:
        if max(abs(x - kept[-1][0]), abs(y - kept[-1][1])) >= tolerance:
            kept.append([x, y])
    kept.append(ring[-1])
    if len(kept) < 4:
        kept = ring
    return [[round(x, decimals), round(y, decimals)] for x, y, *_ in kept]


def _inside(box, points):
    west, south, east, north = box
    return any(west <= p["longitude"] <= east and south <= p["latitude"] <= north for p in points)


def drawn_boundary(boundaries, schools):
    """The features of the boundary files, each polygon thinned (holes kept), without the parts whose extent holds
    no school (San Clemente Island, 100 km offshore, would make the district a small shape in a sea). Returns
    (features, parts left out)."""
    features, left_out = [], 0
    for boundary in boundaries:
        for feature in json.loads(boundary["geojson"])["features"]:
            geometry = feature["geometry"]
            parts = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
            kept = []
            for polygon in parts:
                xs, ys = [p[0] for p in polygon[0]], [p[1] for p in polygon[0]]
                if schools and not _inside((min(xs), min(ys), max(xs), max(ys)), schools):
                    left_out += 1
                    continue
                kept.append([thin(ring) for ring in polygon])
            if kept:
                features.append({"type": "Feature", "properties": {"district": boundary["district"]},
                                 "geometry": {"type": "MultiPolygon", "coordinates": kept}})
    return features, left_out


def schools_map(db):
    """The charter schools of the latest school year as points over the district's boundary, coloured by charter
    type, the other schools faint behind them; drawn from the database alone (no tiles). Takes a
    sqlite_utils.Database, returns an Altair chart; raises NoData without a boundary or a located charter school."""
    boundaries = rows(db, BOUNDARY_SQL, "district boundary (corpus/geo/)")
    charters = rows(db, CHARTER_SCHOOLS_SQL, "located charter schools in cde_schools")
    others = optional_rows(db, OTHER_SCHOOLS_SQL)
    counts = rows(db, COUNTS_SQL)[0]
    features, left_out = drawn_boundary(boundaries, charters + others)
    if not features:
        raise NoData("no part of the district boundary holds a school")
    kinds = [k for k in KINDS if any(r["kind"] == k for r in charters)] + (["Other district school"] if others else [])
    colour = alt.Color("kind:N", title=None, scale=alt.Scale(
        domain=kinds, range=[c for k, c in zip(KINDS, COLOURS) if k in kinds]),
        legend=alt.Legend(orient="top-right", fillColor="white", padding=6, symbolStrokeWidth=0, symbolSize=70,
                          symbolOpacity=1))
    land = alt.Chart({"values": features}).mark_geoshape(fill="#f2efe6", stroke="#6b6b6b", strokeWidth=0.9,
                                                         tooltip=False)
    layers = [land]
    if others:
        layers.append(alt.Chart({"values": others}).transform_calculate(kind="'Other district school'").mark_circle(
            size=9, opacity=0.55, aria=False).encode(
            longitude="longitude:Q", latitude="latitude:Q", color=colour,
            tooltip=alt.Tooltip("school_name:N", title="School")))
    layers.append(alt.Chart({"values": charters}).mark_circle(size=30, opacity=0.9, stroke="white",
                                                              strokeWidth=0.5).encode(
        longitude="longitude:Q", latitude="latitude:Q", color=colour,
        tooltip=[alt.Tooltip("school_name:N", title="School"), alt.Tooltip("kind:N", title="Type"),
                 alt.Tooltip("grade_span:N", title="Grades"), alt.Tooltip("enrollment:Q", title="Students (K-12)",
                                                                          format=","),
                 alt.Tooltip("city:N", title="City")]))
    # a Lambert conformal conic on the parallels of California's State Plane zone 5 (Los Angeles County), which
    # Vega-Lite fits to what is drawn
    chart = alt.layer(*layers).project(
        type="conicConformal", parallels=[34.0333, 35.4667], rotate=[118, 0, 0]).properties(
        width=WIDTH, height=MAP_HEIGHT)
    by_kind = {k: sum(r["kind"] == k for r in charters) for k in kinds}
    located = len(charters)
    not_located = counts["charters_not_located"]
    thinned = sum(len(ring) for f in features for polygon in f["geometry"]["coordinates"] for ring in polygon)
    return finish(
        chart,
        title=f"LAUSD's charter schools on the map, {counts['school_year']}",
        description=(f"The {located:,}" if not not_located else f"{located:,} of the {counts['charters']:,}")
                    + f" charter schools of the district in the state's {counts['school_year']} file ("
                    + ", ".join(f"{n:,} {k.split()[0].lower()}" for k, n in by_kind.items() if "charter" in k)
                    + ") within the district's boundary"
                    + (f"; grey: its other {len(others):,} school{'s' if len(others) != 1 else ''}" if others else "")
                    + (f"; {not_located:,} without coordinates in the directory not drawn" if not_located else "")
                    + ".",
        source=f"Sources: California Department of Education, FRPM file {counts['source_files']} and, for the "
               f"coordinates, the directory {counts['directory_files']}; boundary "
               f"({', '.join(b['file'] for b in boundaries)}, table district_boundary): "
               f"{'; '.join(b['credit'] for b in boundaries)} Drawn with {thinned:,} of its "
               f"{sum(b['vertices'] for b in boundaries):,} vertices (about 20 m apart at least)"
               + (f"; {left_out} offshore part{'s' if left_out != 1 else ''} with no school (San Clemente Island) "
                  "left out" if left_out else "")
               + ". The boundary runs a few kilometres out to sea along the coast. No web tiles: it draws offline.",
        sql=CHARTER_SCHOOLS_SQL,
        queries=([{"label": "The district's other schools (grey)", "sql": OTHER_SCHOOLS_SQL}] if others else [])
        + [{"label": "District boundary", "sql": BOUNDARY_SQL}, {"label": "Counts", "sql": COUNTS_SQL}])
