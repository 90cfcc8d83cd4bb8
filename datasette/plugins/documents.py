"""The documents: /documents (the list) and /documents/<slug> (the clean text, its entities highlighted, its
footnotes linked, its tables in place, the numbers and dates it states with how they compare)."""

import json

from datasette import hookimpl

from reformkb.claim_checks import CLAIMS_OF, claims
from reformkb.web import (TYPE_LABELS, database, documents_newest_first, entity_span, mark_up, not_found, query,
                          render, type_class)


async def documents_index(datasette, request):
    documents = await documents_newest_first(database(datasette))
    return await render(datasette, request, "documents.html", documents=documents)


async def document(datasette, request):
    db = database(datasette)
    slug = request.url_vars["slug"]
    found = await query(db, "select * from documents where slug = :slug", {"slug": slug})
    if not found:
        return await not_found(datasette, request, f"No document with the slug {slug!r}")
    doc = found[0]
    params = {"id": doc["id"]}
    passages = await query(db, "select * from passages where document_id = :id order by seq", params)
    mentions = await query(db, """select passage_id, start, "end", entity_id, name, type from mentions_in_context
        where document_id = :id""", params)
    refs = await query(db, """select r.id, r.passage_id, r.start, r.number, r.footnote_passage_id,
        f.seq as footnote_seq
        from footnote_refs r join passages p on p.id = r.passage_id join passages f on f.id = r.footnote_passage_id
        where p.document_id = :id order by p.seq, r.start""", params)
    doc_tables = await query(db, "select * from document_tables where document_id = :id order by seq", params)
    removed = await query(db, "select line, text, reason from boilerplate where document_id = :id order by line",
                          params)
    entities = await query(db, """select entity_id as id, name, type, count(*) as n from mentions_in_context
        where document_id = :id and type in ('PERSON', 'ORG', 'REFORM', 'LAW')
        group by entity_id order by n desc, name limit 12""", params)
    reforms = await query(db, """select r.slug, r.name, r.acronym, count(*) as n from reform_citations c
        join reforms r on r.id = c.reform_id where c.document_id = :id group by r.id order by n desc""", params)

    spans = {}
    for row in mentions:
        spans.setdefault(row["passage_id"], []).append(entity_span(row))
    refs_by_passage, backlinks = {}, {}
    for ref in refs:
        refs_by_passage.setdefault(ref["passage_id"], []).append(
            {"start": ref["start"], "number": ref["number"], "href": f"#p{ref['footnote_seq']}",
             "id": f"ref{ref['id']}"})
        backlinks.setdefault(ref["footnote_passage_id"], f"#ref{ref['id']}")
    blocks = [{"seq": p["seq"], "section": p["section"], "passage": p, "backlink": backlinks.get(p["id"]),
               "html": mark_up(p["text"], spans.get(p["id"], ()), refs_by_passage.get(p["id"], ()))}
              for p in passages]
    for t in doc_tables:
        t["header"], t["body"] = json.loads(t["columns"] or "[]"), json.loads(t["rows"] or "[]")
    blocks += [{"seq": t["seq"], "section": t["section"], "table": t} for t in doc_tables]
    blocks.sort(key=lambda b: b["seq"])
    previous = None
    for block in blocks:
        block["heading"] = block["section"] if block["section"] != previous else None
        previous = block["section"]
    legend = sorted({type_class(m["type"]): m["type"] if m["type"] in TYPE_LABELS else "other"
                     for m in mentions}.items())
    return await render(datasette, request, "document.html", doc=doc, blocks=blocks, removed=removed,
                        entities=entities, reforms=reforms, legend=legend, mention_count=len(mentions),
                        claims=await claims(db, CLAIMS_OF["document"], {"document": slug}),
                        page_url=datasette.absolute_url(request, f"/documents/{slug}"))


@hookimpl
def register_routes():
    return [
        (r"^/documents$", documents_index),
        (r"^/documents/(?P<slug>[^/]+)$", document),
    ]
