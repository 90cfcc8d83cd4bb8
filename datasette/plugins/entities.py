"""The entities: /entities (the list, by type) and /entities/<id> (its aliases, reform, events, the entities named
with it and every mention in its sentence)."""

from datasette import hookimpl

from reformkb.web import database, entity_span, entity_types, events, mark_up, not_found, query, render


async def entities_index(datasette, request):
    db = database(datasette)
    entity_type = request.args.get("type") or None
    types = await entity_types(db)
    entities = await query(db, """select id, name, type, mentions, documents, description from entities
        where :type is null or type = :type order by mentions desc, name limit 500""", {"type": entity_type})
    return await render(datasette, request, "entities.html", types=types, entities=entities,
                        total=sum(t["n"] for t in types), entity_type=entity_type)


async def entity(datasette, request):
    db = database(datasette)
    params = {"id": int(request.url_vars["id"])}
    found = await query(db, "select * from entities where id = :id", params)
    if not found:
        return await not_found(datasette, request, f"No entity with the id {params['id']}")
    aliases = await query(db, "select alias, source from entity_aliases where entity_id = :id order by alias",
                          params)
    documents = await query(db, """select id, slug, title, author, published, publication from documents
        where id in (select document_id from mentions where entity_id = :id)
        order by published nulls last, title""", params)
    mentions = await query(db, """select m.*, p.section, p.text as passage_text from mentions_in_context m
        join passages p on p.id = m.passage_id where m.entity_id = :id order by m.seq, m.start""", params)
    co_mentioned = await query(db, """select e.id, e.name, e.type, c.passages from co_mentions c
        join entities e on e.id = case when c.entity_a = :id then c.entity_b else c.entity_a end
        where c.entity_a = :id or c.entity_b = :id
        order by c.passages desc, e.type in ('DATE', 'MONEY'), e.mentions desc, e.name limit 25""", params)
    reforms = await query(db, "select slug, name, first_year, last_year from reform_spans where entity_id = :id",
                          params)
    by_document = {d["id"]: {"doc": d, "mentions": []} for d in documents}
    for m in mentions:
        # the sentence the mention sits in, else the whole passage
        if m["sentence"] is not None:
            m["html"] = mark_up(m["sentence"], [entity_span(m, m["sentence_start"])])
        else:
            m["html"] = mark_up(m["passage_text"], [entity_span(m)])
        by_document[m["document_id"]]["mentions"].append(m)
    return await render(
        datasette, request, "entity.html", entity=found[0], aliases=aliases, by_document=list(by_document.values()),
        mention_count=len(mentions), co_mentioned=co_mentioned, reforms=reforms,
        events=await events(db, "ev.id in (select event_id from event_entities where entity_id = :id)", params))


@hookimpl
def register_routes():
    return [
        (r"^/entities$", entities_index),
        (r"^/entities/(?P<id>\d+)$", entity),
    ]
