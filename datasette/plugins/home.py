"""The home page (/): what the database holds, the reforms, the charts and the ways in."""

from datasette import hookimpl

from reformkb.web import NAME, database, documents_newest_first, query, render

COUNTED = ("documents", "passages", "entities", "mentions", "reforms", "reform_citations", "events", "cde_schools",
           "charter_enrollment")


async def home(datasette, request):
    db = database(datasette)
    counts = (await query(db, "select " + ", ".join(f"(select count(*) from {t}) as {t}" for t in COUNTED)))[0]
    documents = await documents_newest_first(db)
    years = await query(db, "select school_year, total_schools, total_enrollment from charter_enrollment "
                            "order by start_year")
    top_entities = await query(db, """select id, name, type, mentions, documents from entities
        where type in ('PERSON', 'ORG', 'REFORM', 'LAW') order by mentions desc, name limit 12""")
    # names (people, organizations, reforms, laws, places …) counted apart from values (dates, sums, numbers)
    types = await query(db, """select type, max(coalesce(value, 0)) as value, count(*) as n,
          coalesce(sum(mentions), 0) as mentions
        from entities group by type order by n desc, type""")
    hidden = set(await db.hidden_table_names())
    tables = [t for t in await db.table_names() if t not in hidden] + await db.view_names()
    return await render(
        datasette, request, "home.html", counts=counts, words=sum(d["words"] or 0 for d in documents),
        entity_types=[t for t in types if not t["value"]], value_types=[t for t in types if t["value"]],
        documents=documents, top_entities=top_entities,
        enrollment={"first": years[0], "last": years[-1]} if years else None,
        reforms=await query(db, "select slug, label, first_year, last_year from reform_spans"),
        charts=await query(db, "select name, title from charts order by position"),
        canned=await datasette.get_canned_queries(NAME, request.actor), tables=sorted(tables))


@hookimpl
def register_routes():
    return [(r"^/$", home)]
