"""Charter growth charts: enrollment and schools by type, the affiliated share and yearly growth, and the district
table beside the state files. Data: charter_enrollment and its views (charter_growth, charter_sources)."""

import altair as alt

from charts.queries import optional_rows, rows
from charts.reforms import STATED, reform_segments_sql, segment_marks
from charts.style import BLUE, CHARTER_TYPES, GREY, HEIGHT, ORANGE, VERMILLION, WIDTH, finish, school_year_x

# one row per school year and charter type, the shape a stacked bar chart draws
CHARTERS_BY_TYPE_SQL = """
select start_year, school_year, charter_type, schools, students, total_schools, total_enrollment
from charter_enrollment_by_type
order by start_year, charter_type desc"""

# reforms begun within the years of the charter table, over the years the sources give them
ERAS_SQL = reform_segments_sql(
    "s.start_year between (select min(start_year) from charter_enrollment)"
    " and (select max(start_year) from charter_enrollment)")

# the average width in pixels of a strip label's character (10px Helvetica): whether a label fits in its bar
LABEL_CHAR_PX = 5.6

DISTRICT_SOURCE_SQL = """
select distinct t.source, d.id, d.title, d.author
from charter_enrollment c
join documents d on d.id = c.document_id
left join document_tables t on t.id = c.table_id"""

GROWTH_SQL = """
select start_year, school_year, total_enrollment, enrollment_change, enrollment_change_pct,
  affiliated_enrollment_share, affiliated_schools_share
from charter_growth
where total_enrollment > 0
order by start_year"""

# the school years for which a state file sits beside the district table, the district's row first
SOURCES_SQL = """
select c.start_year, c.school_year, c.source, c.charter_schools, c.independent_schools, c.affiliated_schools,
  c.enrollment, c.series = 'district' as district
from charter_sources c
where c.start_year in (
  select start_year from charter_sources group by start_year having count(distinct source) > 1)
order by c.start_year, district desc, c.source"""

STATE_FILES_SQL = """
select name, kind, school_year from cde_files order by kind = 'frpm' desc, start_year, name"""

SCHOOL_YEAR = alt.Tooltip("school_year:N", title="School year")


def district_source(db):
    """The district table's source: 'LAUSD Charter Schools Division, via Kerchner, “…” (document 1)'."""
    return "; ".join(
        f"{row['source'] or 'table'}, via {row['author'].split()[-1] + ', ' if row['author'] else ''}"
        f"“{row['title']}” (document {row['id']})"
        for row in optional_rows(db, DISTRICT_SOURCE_SQL))


def _years(data):
    """[first, last] calendar years spanned by the school years in data."""
    return [min(r["start_year"] for r in data), max(r["start_year"] for r in data) + 1]


def _by_type_bars(data, years, y, y_title, tooltip):
    """Bars from the first to the second calendar year of each school year, independent stacked under
    affiliated."""
    return alt.Chart({"values": data}).transform_calculate(
        left="datum.start_year + 0.1", right="datum.start_year + 0.9",
        stack_order="datum.charter_type == 'Independent' ? 0 : 1",
    ).mark_bar(orient="vertical").encode(
        x=school_year_x("left", years),
        x2="right:Q",
        y=alt.Y(f"{y}:Q", stack="zero", title=y_title, axis=alt.Axis(format=",d"), scale=alt.Scale(nice=8)),
        color=alt.Color("charter_type:N", scale=CHARTER_TYPES, title=None,
                        legend=alt.Legend(orient="top-left", fillColor="white", padding=4)),
        order=alt.Order("stack_order:Q"),
        tooltip=[SCHOOL_YEAR, alt.Tooltip("charter_type:N", title="Charter type")] + tooltip,
    ).properties(width=WIDTH, height=HEIGHT)


def _eras(db, years):
    """Reform eras from the reforms table: (shading behind the bars over the years the sources give them, a strip
    of lanes naming them), or (None, None) when no reform started within the charted years."""
    eras = optional_rows(db, ERAS_SQL)
    if not eras:
        return None, None
    data = {"values": eras}

    def x(field):
        return school_year_x(field, years).axis(None)

    shading = alt.Chart(data).transform_filter(f"datum.segment == '{STATED}'").transform_calculate(
        drawn_to="datum.to_year + 1").mark_rect(color=GREY, opacity=0.05).encode(
        x=school_year_x("from_year", years), x2="drawn_to:Q")
    lane = alt.Y("label:N", sort=None, axis=None)
    # a label goes inside its bar from the start when it fits before the right edge, else just left of the bar
    years_per_char = (years[1] - years[0]) * LABEL_CHAR_PX / WIDTH
    fits = f"datum.start_year + {years_per_char:.4f} * length(datum.label) < {years[1]}"
    labels = alt.Chart(data).transform_filter(f"datum.segment == '{STATED}'")
    strip = alt.layer(
        segment_marks(data, x, lane, "#c8c8c8", years[0], legend=False, height={"band": 0.85}),
        labels.transform_filter(fits).mark_text(align="left", dx=3, fontSize=10, color="#222")
        .encode(x=x("from_year"), y=lane, text="label:N"),
        labels.transform_filter(f"!({fits})").mark_text(align="right", dx=-3, fontSize=10, color="#222")
        .encode(x=x("from_year"), y=lane, text="label:N"),
    ).properties(width=WIDTH, height=13 * len({r["label"] for r in eras}), title=alt.TitleParams(
        ["Reforms begun in these years (reforms table): darker from the start to the stated end or the last year a",
         "source cites; lighter: no end stated in the sources"],
        anchor="start", fontSize=11, fontWeight="normal", color="#444"))
    return shading, strip


def charter_enrollment(db):
    """Charter enrollment by school year, independent and affiliated stacked, over the reform eras under way.
    Takes a sqlite_utils.Database, returns an Altair chart; raises NoData when charter_enrollment is empty."""
    data = rows(db, CHARTERS_BY_TYPE_SQL, "charter_enrollment rows")
    years = _years(data)
    bars = _by_type_bars(data, years, "students", "Students enrolled (norm enrollment)", [
        alt.Tooltip("students:Q", title="Students", format=","),
        alt.Tooltip("total_enrollment:Q", title="All charter students", format=",")])
    shading, strip = _eras(db, years)
    first, last = next(r for r in data if r["total_enrollment"]), data[-1]
    # the strip's greys and the bars' charter types are separate colour scales
    chart = bars if strip is None else alt.vconcat(strip, alt.layer(shading, bars), spacing=6).resolve_scale(
        color="independent", strokeDash="independent")
    return finish(
        chart,
        title=f"LAUSD charter enrollment, {first['school_year']} to {last['school_year']}",
        description=f"Students in independent and affiliated charter schools grew from {first['total_enrollment']:,}"
                    f" in {first['school_year']} to {last['total_enrollment']:,} in {last['school_year']}."
                    + (" Above: the reforms begun in these years; the grey behind the bars covers the years the sources"
                       " give them." if strip else ""),
        source=f"Source: {district_source(db)}" + ("; reforms: corpus/reforms.yml." if strip else "."),
        sql=CHARTERS_BY_TYPE_SQL, queries=[{"label": "Reform eras", "sql": ERAS_SQL}] if strip else [])


def charter_schools_by_type(db):
    """Charter schools by school year, independent and affiliated stacked. Takes a sqlite_utils.Database, returns
    an Altair chart; raises NoData when charter_enrollment is empty."""
    data = rows(db, CHARTERS_BY_TYPE_SQL, "charter_enrollment rows")
    first, last = next(r for r in data if r["total_schools"]), data[-1]
    peak = max((r for r in data if r["charter_type"] == "Affiliated"), key=lambda r: r["schools"])
    chart = _by_type_bars(data, _years(data), "schools", "Charter schools (count)", [
        alt.Tooltip("schools:Q", title="Schools", format=","),
        alt.Tooltip("total_schools:Q", title="All charter schools", format=",")])
    return finish(
        chart,
        title=f"LAUSD charter schools by type, {first['school_year']} to {last['school_year']}",
        description=f"From {first['total_schools']:,} charter schools in {first['school_year']} to "
                    f"{last['total_schools']:,} in {last['school_year']}; affiliated charters peaked at "
                    f"{peak['schools']:,} in {peak['school_year']}.",
        source=f"Source: {district_source(db)}.",
        sql=CHARTERS_BY_TYPE_SQL)


def affiliated_share_and_growth(db):
    """Two panels by school year: the affiliated charters' share of charter students and schools, and the
    year-over-year change in charter enrollment. Takes a sqlite_utils.Database, returns an Altair chart; raises
    NoData when charter_growth has no enrolled year."""
    data = rows(db, GROWTH_SQL, "charter_growth rows with enrollment")
    years = _years(data)
    base = alt.Chart({"values": data}).transform_calculate(
        middle="datum.start_year + 0.5", left="datum.start_year + 0.1", right="datum.start_year + 0.9")
    share = base.transform_fold(
        ["affiliated_enrollment_share", "affiliated_schools_share"], as_=["measure", "share"]
    ).transform_calculate(
        series="datum.measure == 'affiliated_enrollment_share' ? 'Share of charter students' "
               ": 'Share of charter schools'"
    ).mark_line(point=alt.OverlayMarkDef(color=ORANGE), color=ORANGE).encode(
        x=school_year_x("middle", years, title=None),
        y=alt.Y("share:Q", title="Affiliated share (%)", scale=alt.Scale(domain=[0, 100])),
        strokeDash=alt.StrokeDash("series:N", title=None, sort=["Share of charter students"],
                                  legend=alt.Legend(orient="top-right", fillColor="white", padding=4)),
        tooltip=[SCHOOL_YEAR, alt.Tooltip("series:N", title="Measure"),
                 alt.Tooltip("share:Q", title="Affiliated (%)", format=".1f")],
    ).properties(width=WIDTH, height=HEIGHT * 2 // 3, title=alt.TitleParams(
        "Affiliated charters' share", anchor="start", fontSize=12, fontWeight="normal"))
    growth = base.transform_filter("isValid(datum.enrollment_change_pct)").mark_bar(orient="vertical").encode(
        x=school_year_x("left", years),
        x2="right:Q",
        y=alt.Y("enrollment_change_pct:Q", title="Change from the previous year (%)"),
        color=alt.condition("datum.enrollment_change_pct < 0", alt.value(VERMILLION), alt.value(BLUE)),
        tooltip=[SCHOOL_YEAR, alt.Tooltip("enrollment_change_pct:Q", title="Change (%)", format="+.1f"),
                 alt.Tooltip("enrollment_change:Q", title="Change (students)", format="+,"),
                 alt.Tooltip("total_enrollment:Q", title="Charter students", format=",")],
    ).properties(width=WIDTH, height=HEIGHT * 2 // 3, title=alt.TitleParams(
        "Growth of charter enrollment, year over year", anchor="start", fontSize=12, fontWeight="normal"))
    first, last = data[0], data[-1]
    return finish(
        alt.vconcat(share, growth, spacing=18),
        title="Affiliated charters' share and the growth of charter enrollment",
        description=f"Affiliated charters held {first['affiliated_enrollment_share']:g}% of charter students in "
                    f"{first['school_year']} and {last['affiliated_enrollment_share']:g}% in {last['school_year']}; "
                    f"charter enrollment changed by {last['enrollment_change_pct']:+g}% in {last['school_year']}.",
        source=f"Source: {district_source(db)}; computed in the view charter_growth.",
        sql=GROWTH_SQL)


def district_and_state(db):
    """The district's charter table beside the state (CDE) files, for each school year both cover: schools by
    type and enrollment per source. Takes a sqlite_utils.Database, returns an Altair chart; raises NoData until a
    state file covers a year of the district table."""
    data = rows(db, SOURCES_SQL, "school year covered by both the district table and a state file")
    base = alt.Chart({"values": data}).encode(
        y=alt.Y("source:N", title=None, sort=None, axis=alt.Axis(labelLimit=260)),
        row=alt.Row("school_year:N", title=None, header=alt.Header(labelAngle=0, labelAlign="left")))
    schools = base.transform_fold(
        ["independent_schools", "affiliated_schools"], as_=["measure", "schools"]
    ).transform_calculate(
        charter_type="datum.measure == 'independent_schools' ? 'Independent' : 'Affiliated'",
        stack_order="datum.charter_type == 'Independent' ? 0 : 1",
    ).mark_bar().encode(
        x=alt.X("schools:Q", title="Charter schools (count)", stack="zero"),
        color=alt.Color("charter_type:N", scale=CHARTER_TYPES, title=None, legend=alt.Legend(orient="bottom")),
        order=alt.Order("stack_order:Q"),
        tooltip=[SCHOOL_YEAR, alt.Tooltip("source:N", title="Source"),
                 alt.Tooltip("charter_type:N", title="Charter type"), alt.Tooltip("schools:Q", title="Schools"),
                 alt.Tooltip("charter_schools:Q", title="All charter schools")],
    ).properties(width=WIDTH // 2 - 40, height=alt.Step(28))
    enrollment = base.mark_bar(color=GREY).encode(
        x=alt.X("enrollment:Q", title="Students enrolled (district: norm enrollment; state: K-12)",
              axis=alt.Axis(format=",d")),
        y=alt.Y("source:N", sort=None, axis=None),
        row=alt.Row("school_year:N", title=None, header=alt.Header(labels=False)),
        tooltip=[SCHOOL_YEAR, alt.Tooltip("source:N", title="Source"),
                 alt.Tooltip("enrollment:Q", title="Students", format=",")],
    ).properties(width=WIDTH // 2 - 40, height=alt.Step(28))
    years = sorted({r["school_year"] for r in data})
    states = optional_rows(db, STATE_FILES_SQL)
    state_files = ", ".join(f"{f['name']} ({f['school_year'] or f['kind']})" for f in states)
    comparisons = []
    for year in years:
        district = next((r for r in data if r["school_year"] == year and r["district"]), None)
        for state in (r for r in data if r["school_year"] == year and not r["district"]):
            if district:
                comparisons.append(
                    f"{year}: {state['charter_schools']:,} charter schools and {state['enrollment'] or 0:,} students"
                    f" in {state['source']}, {district['charter_schools']:,} and {district['enrollment'] or 0:,} in"
                    " the district table")
    return finish(
        alt.hconcat(schools, enrollment, spacing=24),
        title="Charter schools in the district's table and in the state's files",
        description="; ".join(comparisons) + "." if comparisons else "Charter schools per source and school year.",
        source=f"Sources: {district_source(db)}; California Department of Education files {state_files}.",
        sql=SOURCES_SQL, queries=[{"label": "State files", "sql": STATE_FILES_SQL}])
