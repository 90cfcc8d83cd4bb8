"""The entities: /entities (the names, by type; dates, sums and other values apart), /entities/<id> (its aliases,
roles, reform, events, who is named with it — ranked and drawn —, the claims about it and every mention in its
sentence) and /entities/<id>/with/<other> (the passages that name both)."""

from datasette import hookimpl

from reformkb.claim_checks import CLAIMS_OF, claims
from reformkb.network import entity_network
from reformkb.web import database, entity_span, events, mark_up, not_found, page_arg, query, render, whole_number

CLAIMS_SHOWN = 50  # the rest are a link away, on /conflicts?entity=<id>
EVENTS_SHOWN = 50  # the earliest; the rest are a link away, in the event_entities table

# who is named with an entity, best first by log-likelihood (loaders/associations.py): a name found in every
# passage (LAUSD) scores near zero with everyone and sinks; values (dates, sums) are listed apart
MENTIONS_PAGE = 100  # mentions shown on an entity page at a time

ASSOCIATES_SQL = """select e.id, e.name, e.type, coalesce(e.value, 0) as value, c.passages, c.log_likelihood
from co_mentions c join entities e on e.id = case when c.entity_a = :id then c.entity_b else c.entity_a end
where (c.entity_a = :id or c.entity_b = :id) and coalesce(e.value, 0) = :value
order by c.log_likelihood desc nulls last, c.passages desc, e.mentions desc, e.name limit :limit"""


def url_id(request, name):
    """The URL part name as an entity id, or None where it cannot be one."""
    return whole_number(request.url_vars[name])


async def entities_index(datasette, request):
    db = database(datasette)
    entity_type = request.args.get("type") or None
    values = int(request.args.get("values") == "1" and not entity_type)
    types = await query(db, """select type, max(coalesce(value, 0)) as value, count(*) as n,
          coalesce(sum(mentions), 0) as mentions
        from entities group by type order by n desc, type""")
    entities = await query(db, """select id, name, type, mentions, documents, description from entities
        where (:type is null and coalesce(value, 0) = :values) or type = :type
        order by mentions desc, name limit 500""", {"type": entity_type, "values": values})
    return await render(datasette, request, "entities.html", entities=entities, entity_type=entity_type,
                        values=values, heading=entity_type or ("Dates, sums and numbers" if values else None),
                        name_types=[t for t in types if not t["value"]], value_types=[t for t in types if t["value"]])


async def entity(datasette, request):
    db = database(datasette)
    params = {"id": url_id(request, "id")}
    found = await query(db, "select * from entities where id = :id", params)
    if not found:
        return await not_found(datasette, request, f"No entity with the id {request.url_vars['id']}")
    aliases = await query(db, "select alias, source from entity_aliases where entity_id = :id order by alias",
                          params)
    page = page_arg(request, MENTIONS_PAGE)
    documents = await query(db, """select id, slug, title, author, published, publication from documents
        where id in (select document_id from mentions where entity_id = :id)
        order by published nulls last, title""", params)
    # a page of mentions, in the documents' order: a frequent entity's page stays small whatever the corpus
    mention_count = found[0]["mentions"]
    mentions = await query(db, """select m.*, p.section, p.text as passage_text from mentions_in_context m
        join passages p on p.id = m.passage_id join documents d on d.id = m.document_id where m.entity_id = :id
        order by d.published nulls last, d.title, m.seq, m.start limit :limit offset :offset""",
                           {**params, "limit": MENTIONS_PAGE, "offset": (page - 1) * MENTIONS_PAGE})
    reforms = await query(db, "select slug, name, first_year, last_year from reform_spans where entity_id = :id",
                          params)
    by_document = {d["id"]: {"doc": d, "mentions": []} for d in documents}
    counts = dict((r["document_id"], r["n"]) for r in await query(
        db, "select document_id, count(*) as n from mentions where entity_id = :id group by document_id", params))
    for d in documents:
        by_document[d["id"]]["count"] = counts.get(d["id"], 0)
    for m in mentions:
        # the sentence the mention sits in, else the whole passage
        if m["sentence"] is not None:
            m["html"] = mark_up(m["sentence"], [entity_span(m, m["sentence_start"])])
        else:
            m["html"] = mark_up(m["passage_text"], [entity_span(m)])
        by_document[m["document_id"]]["mentions"].append(m)
    return await render(
        datasette, request, "entity.html", entity=found[0], aliases=aliases,
        by_document=[g for g in by_document.values() if g["mentions"]], document_count=len(documents),
        mention_count=mention_count, page=page, page_size=MENTIONS_PAGE, reforms=reforms,
        associates=await query(db, ASSOCIATES_SQL, {**params, "value": 0, "limit": 30}),
        values=await query(db, ASSOCIATES_SQL, {**params, "value": 1, "limit": 12}),
        network=await entity_network(db, params["id"]), roles=await roles(db, params["id"]),
        events=await events(db, "ev.id in (select event_id from event_entities where entity_id = :id)", params,
                            limit=EVENTS_SHOWN + 1),
        events_shown=EVENTS_SHOWN,
        claims=await claims(db, CLAIMS_OF["entity"], {"entity": params["id"]}, limit=CLAIMS_SHOWN + 1),
        claims_shown=CLAIMS_SHOWN)


async def roles(db, entity_id):
    """The roles table's rows naming the entity as the person or the organization (with the other, the document
    and the passage), earliest first."""
    return await query(db, """select r.role, r.start_year, r.end_year, r.year_source, r.past_marker, r.text,
          r.person_id, pe.name as person, pe.type as person_type,
          r.organization_id, o.name as organization, o.type as organization_type,
          d.slug, d.title, p.seq, r.person_id = :id as as_person
        from roles r left join entities pe on pe.id = r.person_id left join entities o on o.id = r.organization_id
        left join passages p on p.id = r.passage_id left join documents d on d.id = r.document_id
        where r.person_id = :id or r.organization_id = :id
        order by r.start_year is null, r.start_year, r.end_year, pe.name, r.role""", {"id": entity_id})


async def shared_passages(datasette, request):
    """/entities/<id>/with/<other>: every passage that names both, both highlighted, with the numbers that rank
    the pair."""
    db = database(datasette)
    ids = [url_id(request, "id"), url_id(request, "other")]
    found = {e["id"]: e for e in await query(db, "select * from entities where id in (:a, :b)",
                                              {"a": ids[0], "b": ids[1]})}
    for name, i in zip(("id", "other"), ids):
        if i not in found:
            return await not_found(datasette, request, f"No entity with the id {request.url_vars[name]}")
    this, other = found[ids[0]], found[ids[1]]
    pair = await query(db, "select * from co_mentions where entity_a = :a and entity_b = :b",
                       {"a": min(ids), "b": max(ids)})
    if ids[0] == ids[1] or not pair:
        return await not_found(datasette, request, f"{this['name']} and {other['name']} are not named in the same "
                                                   "passage")
    params = {"passages": pair[0]["passage_ids"], "a": ids[0], "b": ids[1]}
    passages = await query(db, """select p.id, p.seq, p.section, p.text, d.id as document_id, d.slug, d.title,
          d.author, d.published, d.publication
        from passages p join documents d on d.id = p.document_id
        where p.id in (select value from json_each(:passages))
        order by d.published nulls last, d.title, p.seq""", params)
    mentions = await query(db, """select m.passage_id, m.entity_id, m.start, m."end", e.name, e.type
        from mentions m join entities e on e.id = m.entity_id
        where m.passage_id in (select value from json_each(:passages)) and m.entity_id in (:a, :b)""", params)
    counts = (await query(db, """select
          (select count(distinct passage_id) from mentions where entity_id = :a) as a,
          (select count(distinct passage_id) from mentions where entity_id = :b) as b,
          (select count(distinct passage_id) from mentions) as all_passages""", params))[0]
    by_document = {}
    for p in passages:
        p["html"] = mark_up(p["text"], [entity_span(m) for m in mentions if m["passage_id"] == p["id"]])
        by_document.setdefault(p["document_id"], {"doc": p, "passages": []})["passages"].append(p)
    return await render(datasette, request, "entity_pair.html", entity=this, other=other, pair=pair[0],
                        counts=counts, by_document=list(by_document.values()), passage_count=len(passages))


@hookimpl
def register_routes():
    return [
        (r"^/entities$", entities_index),
        (r"^/entities/(?P<id>\d+)$", entity),
        # any other part after /with/ answers our 404 (Datasette 0.65 fails with a 500 on deep unknown paths)
        (r"^/entities/(?P<id>[^/]+)/with/(?P<other>.+)$", shared_passages),
    ]
