"""The reforms: /reforms (the list, in order of their start) and /reforms/<slug> (its facts with their quotes,
its events, who was involved, the numbers its sources state with how they compare, the charter sector in its
years)."""

from datasette import hookimpl

from reformkb.claim_checks import CLAIMS_OF, claims
from reformkb.web import database, events, not_found, query, render


async def reforms_index(datasette, request):
    reforms = await query(database(datasette), "select * from reform_spans")
    return await render(datasette, request, "reforms.html", reforms=reforms)


async def reform(datasette, request):
    db = database(datasette)
    slug = request.url_vars["slug"]
    found = await query(db, """select s.*, r.notes from reform_spans s join reforms r on r.id = s.reform_id
        where s.slug = :slug""", {"slug": slug})
    if not found:
        return await not_found(datasette, request, f"No reform with the slug {slug!r}")
    this = found[0]
    params = {"id": this["reform_id"], "first": this["first_year"], "last": this["last_year"],
              "entity": this["entity_id"]}
    citations = await query(db, """select c.quote, c.fact, c.year, c.milestone, p.seq, d.slug, d.title,
        d.author, d.published from reform_citations c join passages p on p.id = c.passage_id
        join documents d on d.id = c.document_id where c.reform_id = :id
        order by c.year is null, c.year, d.title, p.seq""", params)
    involved = await query(db, """select e.id, e.name, e.type, i.mentions as n from reform_entities i
        join entities e on e.id = i.entity_id where i.reform_id = :id and e.type in ('PERSON', 'ORG')
        order by n desc, e.name""", params)
    # the school years from its first year to its stated end (to the last year of the table where none is stated)
    enrollment = await query(db, """select * from charter_enrollment
        where :first is not null and start_year between :first and coalesce(:last, 9999) order by start_year""",
                             params)
    entity = await query(db, "select id, name, type, mentions from entities where id = :entity", params)
    return await render(datasette, request, "reform.html", reform=this, citations=citations,
                        events=await events(db, "ev.reform_id = :id", params), involved=involved,
                        enrollment=enrollment, entity=entity[0] if entity else None,
                        claims=await claims(db, CLAIMS_OF["reform"], {"reform": slug}))


@hookimpl
def register_routes():
    return [
        (r"^/reforms$", reforms_index),
        (r"^/reforms/(?P<slug>[^/]+)$", reform),
    ]
