"""The data series side by side with what the documents claim: LAUSD charter schools (and charter students) by school
year, one line per series of the view `series` (the district's table, the state's FRPM files, the charters the
state directory shows open on 1 October), and the documents' claims of the same measure (table `claims`) as points
on them, each with its words and its document."""

import altair as alt

from charts.enrollment import SCHOOL_YEAR, STATE_FILES_SQL, district_source
from charts.queries import NoData, documents_cited, optional_rows, rows
from charts.style import BLUE, GREEN, HEIGHT, VERMILLION, WIDTH, finish, school_year_x

# the measures drawn, one panel each, with their axis titles (the students panel only where a series has them)
MEASURES = {"charter_schools": "Charter schools (count)",
            "charter_students": "Charter students (district: norm enrollment; state: K-12)"}

# each series' line, in legend order, with its colour and how a sentence names it
LINES = {"district": ("District table", BLUE, "the district's table"),
         "state": ("State FRPM files", VERMILLION, "the state's FRPM file"),
         "directory": ("State directory: open on 1 October", GREEN, "the state directory (open on 1 October)")}

SERIES_SQL = f"""
select measure, start_year, school_year, series,
  case series {' '.join(f"when '{key}' then '{line[0]}'" for key, line in LINES.items())} end as label,
  source, value, document_id, table_id, line, file
from series
where measure in ({', '.join(f"'{m}'" for m in MEASURES)})
order by measure, series, start_year"""


def claimed(measures=MEASURES):
    """The SQL condition on `claims c` of a claim of one of `measures` that states a value."""
    return f"c.measure in ({', '.join(repr(m) for m in measures)}) and c.value is not null"


# claims whose time is known (start_year: the school year or year they are about), with where to read them (no
# passage id: ids move when another document changes, and a chart's data decides whether it is drawn again)
CLAIMS_SQL = f"""
select c.measure, c.value, c.qualifier, c.start_year, c.time_source, c.text, c.document_id, d.title,
  '/documents/' || d.slug || coalesce('#p' || p.seq, '') as page
from claims c
join documents d on d.id = c.document_id
left join passages p on p.id = c.passage_id
where {claimed()} and c.start_year is not null
order by c.measure, c.start_year, c.document_id, c.passage_id, c.value"""

UNDATED_SQL = f"select count(*) as claims from claims c where {claimed()} and c.start_year is null"

CLAIM_MARK = "Claim in a document (diamond)"


def _panel(series, claims, measure, years, legend):
    """One measure: a line per series over the middle of each school year, the claims as diamonds."""
    lines = [LINES[key][0] for key in LINES if any(r["series"] == key for r in series)]
    x = school_year_x("middle", years, title="School year (a point sits in the middle of its school year)")
    drawn = alt.Chart({"values": series}).transform_calculate(middle="datum.start_year + 0.5").mark_line(
        point=alt.OverlayMarkDef(size=28, filled=True), strokeWidth=2).encode(
        x=x,
        y=alt.Y("value:Q", title=MEASURES[measure], axis=alt.Axis(format=",d")),
        color=alt.Color("label:N", title=None, scale=alt.Scale(
            domain=lines, range=[colour for label, colour, _ in LINES.values() if label in lines]),
            legend=alt.Legend(orient="top-left", fillColor="white", padding=4, labelLimit=300) if legend else None),
        tooltip=[SCHOOL_YEAR, alt.Tooltip("label:N", title="Series"), alt.Tooltip("source:N", title="Source"),
                 alt.Tooltip("value:Q", title="Value", format=",")])
    layers = [drawn]
    if claims:
        layers.append(alt.Chart({"values": claims}).transform_calculate(
            middle="datum.start_year + 0.5", mark=f"'{CLAIM_MARK}'",
            stated="(datum.qualifier ? datum.qualifier + ' ' : '') + format(datum.value, ',')").mark_point(
            filled=True, size=90, color="#222", opacity=0.85, stroke="white", strokeWidth=0.8).encode(
            x=x,
            y="value:Q",
            shape=alt.Shape("mark:N", title=None, scale=alt.Scale(domain=[CLAIM_MARK], range=["diamond"]),
                            legend=alt.Legend(orient="top-left", fillColor="white", padding=4, labelLimit=300)
                            if legend else None),
            href="page:N",
            tooltip=[alt.Tooltip("text:N", title="Claim"), alt.Tooltip("stated:N", title="States"),
                     alt.Tooltip("start_year:Q", title="About (year)", format="d"),
                     alt.Tooltip("time_source:N", title="Time from"), alt.Tooltip("title:N", title="Document"),
                     alt.Tooltip("document_id:Q", title="Document id")]))
    return alt.layer(*layers).properties(width=WIDTH, height=HEIGHT)


def _side_by_side(series):
    """'In 2016-17: 279 in CDE FRPM 2016-17 (frpm1617.csv), …' for the latest school year with the most series."""
    by_year = {}
    for row in series:
        by_year.setdefault(row["start_year"], []).append(row)
    year = max(by_year, key=lambda y: (len(by_year[y]), y))
    found = sorted(by_year[year], key=lambda r: list(LINES).index(r["series"]))
    return (f"In {found[0]['school_year']}: "
            + ", ".join(f"{r['value']:,} in {LINES[r['series']][2]}" for r in found) + ".")


def charter_series_and_claims(db):
    """LAUSD charter schools by school year, one line per series (district table, state FRPM files, directory),
    the documents' claims as diamonds; beneath, charter students where a series has them. Takes a
    sqlite_utils.Database, returns an Altair chart; raises NoData when `series` has no charter count. The claims
    are optional: without a `claims` table, or with no claim of these measures, the series are drawn alone."""
    data = rows(db, SERIES_SQL, "charter counts in the series view")
    claims = optional_rows(db, CLAIMS_SQL)
    undated = (optional_rows(db, UNDATED_SQL) or [{"claims": 0}])[0]["claims"]
    drawn = [m for m in MEASURES if any(r["measure"] == m for r in data)]
    if "charter_schools" not in drawn:
        raise NoData("no charter school counts in the series view")
    starts = [r["start_year"] for r in data] + [c["start_year"] for c in claims if c["measure"] in drawn]
    years = [min(starts), max(starts) + 1]
    panels = []
    for measure in drawn:
        panel = _panel([r for r in data if r["measure"] == measure], [c for c in claims if c["measure"] == measure],
                       measure, years, legend=not panels)
        if len(drawn) > 1:
            panel = panel.properties(title=alt.TitleParams(
                "Charter schools" if measure == "charter_schools" else "Charter students", anchor="start",
                fontSize=12, fontWeight="normal"))
        panels.append(panel)
    schools = [r for r in data if r["measure"] == "charter_schools"]
    shown = [c for c in claims if c["measure"] in drawn]
    if shown:
        documents = len({c["document_id"] for c in shown})
        about_claims = (f" The diamonds are the documents' {len(shown)} claims of these counts, from {documents} "
                        f"document{'s' if documents > 1 else ''}; each opens its passage.")
    else:
        about_claims = (" No document's claim of these counts is in this database yet (the claims table is absent "
                        "or has none): the series are drawn alone.")
    if undated:
        about_claims += (f" {undated} claim{'s' if undated > 1 else ''} whose time is unknown "
                         f"{'are' if undated > 1 else 'is'} not drawn.")
    directory = "directory" in {r["series"] for r in schools}
    description = (f"Charter schools per school year in each source. {_side_by_side(schools)}"
                   + (" Beneath: charter students, where a source counts them." if len(panels) > 1 else "")
                   + about_claims
                   + (" The directory dates schools, not charters: a school that became a charter later (most"
                      " affiliated charters) is counted from its opening." if directory else ""))
    files = optional_rows(db, STATE_FILES_SQL)
    sources = [district_source(db)] if any(r["series"] == "district" for r in data) else []
    if files:
        sources.append("California Department of Education files "
                       + ", ".join(f"{f['name']} ({f['school_year'] or f['kind']})" for f in files))
    if shown:
        cited = documents_cited(
            db, f"select c.document_id from claims c where {claimed(drawn)} and c.start_year is not null")
        sources.append(f"claims: the claims table, read from {cited}")
    return finish(
        alt.vconcat(*panels, spacing=18) if len(panels) > 1 else panels[0],
        title="LAUSD charter schools by source, with what the documents claim",
        description=description,
        source=f"Sources: {'; '.join(sources)}; the view series.",
        sql=SERIES_SQL,
        queries=[{"label": "Claims", "sql": CLAIMS_SQL}] if shown else [])
