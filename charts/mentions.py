"""The most mentioned people, organizations and reforms, counted from the entity mentions found in the passages."""

import altair as alt

from charts.queries import rows
from charts.style import BLUE, GREEN, ORANGE, WIDTH, finish

TYPES = {"PERSON": "People", "ORG": "Organizations", "REFORM": "Reforms"}
TOP = 10

MOST_MENTIONED_SQL = f"""
select kind, name, mentions, documents from (
  select case e.type {' '.join(f"when '{t}' then '{label}'" for t, label in TYPES.items())} end as kind,
    e.name, count(*) as mentions, count(distinct m.document_id) as documents,
    row_number() over (partition by e.type order by count(*) desc, e.name) as rank
  from mentions m
  join entities e on e.id = m.entity_id
  where e.type in ({', '.join(f"'{t}'" for t in TYPES)})
  group by e.id
)
where rank <= {TOP}
order by kind, rank"""

COUNTS_SQL = """
select count(*) as mentions, count(distinct document_id) as documents,
  (select count(*) from documents) as corpus
from mentions"""


def most_mentioned(db):
    """The ten most mentioned people, organizations and reforms, one panel each. Takes a sqlite_utils.Database,
    returns an Altair chart; raises NoData when no such entity is mentioned."""
    data = rows(db, MOST_MENTIONED_SQL, "mentions of people, organizations or reforms")
    kinds = [label for label in TYPES.values() if any(r["kind"] == label for r in data)]
    counts = rows(db, COUNTS_SQL)[0]
    base = alt.Chart({"values": data}).encode(
        y=alt.Y("name:N", sort=None, title=None,
                axis=alt.Axis(labelLimit=300)),
        x=alt.X("mentions:Q", title="Mentions in the passages (count)"),
    )
    chart = alt.layer(
        base.mark_bar(height={"band": 0.75}).encode(
            color=alt.Color("kind:N", legend=None, scale=alt.Scale(domain=list(TYPES.values()),
                                                                   range=[BLUE, ORANGE, GREEN])),
            tooltip=[alt.Tooltip("name:N", title="Name"), alt.Tooltip("kind:N", title="Kind"),
                     alt.Tooltip("mentions:Q", title="Mentions"), alt.Tooltip("documents:Q", title="Documents")]),
        base.mark_text(align="left", dx=3, fontSize=10, color="#222").encode(text="mentions:Q"),
    ).properties(width=WIDTH - 300, height=alt.Step(18)).facet(
        row=alt.Row("kind:N", sort=kinds, title=None,
                    header=alt.Header(labelAngle=0, labelAlign="left", labelAnchor="start", labelOrient="top",
                                      labelFontWeight="bold")),
    ).resolve_scale(y="independent")
    leaders = [max((r for r in data if r["kind"] == kind), key=lambda r: r["mentions"]) for kind in kinds]
    return finish(
        chart,
        title="The most mentioned " + " and ".join(", ".join(k.lower() for k in kinds).rsplit(", ", 1)),
        description=f"The {TOP} most mentioned of each kind; most mentioned: "
                    + "; ".join(f"{r['name']} ({r['mentions']:,})" for r in leaders) + ".",
        source=f"Source: {counts['mentions']:,} mentions of named entities in {counts['documents']} of the "
               f"{counts['corpus']} documents, found by spaCy (en_core_web_sm) and the gazetteer "
               "(corpus/gazetteer.yml).",
        sql=MOST_MENTIONED_SQL)
