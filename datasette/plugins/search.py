"""Full-text search over every passage (/search?q=), narrowed by document or by the type of entity a passage
mentions, with the entities and reforms whose names match."""

from datasette import hookimpl
from datasette.utils import escape_fts
from markupsafe import Markup, escape

from reformkb.web import database, int_arg, query, render

SNIPPET_OPEN, SNIPPET_CLOSE = "\x02", "\x03"  # FTS5 snippet() markers: not in any text, replaced after escaping
PAGE_SIZE = 50
HITS = """with hits as (
  select p.id, p.seq, p.kind, p.section, p.document_id, passages_fts.rank as rank,
    snippet(passages_fts, 0, :open, :close, '…', 32) as snippet
  from passages_fts join passages p on p.rowid = passages_fts.rowid
  join documents d on d.id = p.document_id
  where passages_fts match :q and (:document is null or d.slug = :document)
    and (:type is null or p.id in (select passage_id from mentions_in_context where type = :type))
)"""


def mark_snippet(snippet):
    """An FTS5 snippet() with SNIPPET_OPEN/CLOSE markers as escaped HTML with <mark> around the matches."""
    html = str(escape(snippet or ""))
    return Markup(html.replace(SNIPPET_OPEN, "<mark>").replace(SNIPPET_CLOSE, "</mark>"))


async def search(datasette, request):
    db = database(datasette)
    q = (request.args.get("q") or "").strip()
    document_slug = request.args.get("document") or None
    entity_type = request.args.get("type") or None
    page = max(int_arg(request, "page") or 1, 1)
    context = {"q": q, "document_slug": document_slug, "entity_type": entity_type, "page": page}
    if not q:
        # each suggested by the spelling the documents use most ("LEARN", not its full name)
        examples = await query(db, """select e.id, e.type, coalesce((select text from mentions m
            where m.entity_id = e.id group by text order by count(*) desc, text limit 1), e.name) as name
            from entities e where type in ('REFORM', 'PERSON', 'ORG') order by mentions desc limit 8""")
        return await render(datasette, request, "search.html", **context, examples=examples, results=None)
    params = {"q": escape_fts(q), "document": document_slug, "type": entity_type, "like": f"%{q}%",
              "limit": PAGE_SIZE, "offset": (page - 1) * PAGE_SIZE, "open": SNIPPET_OPEN, "close": SNIPPET_CLOSE}
    results = await query(db, HITS + """ select hits.*, d.slug, d.title, d.author, d.published from hits
        join documents d on d.id = hits.document_id order by rank limit :limit offset :offset""", params)
    total = (await db.execute(HITS + " select count(*) from hits", params)).single_value()
    by_document = await query(db, HITS + """ select d.slug, d.title, count(*) as n from hits
        join documents d on d.id = hits.document_id group by d.id order by n desc""", params)
    by_type = await query(db, HITS + """ select type, count(distinct passage_id) as n from mentions_in_context
        where passage_id in (select id from hits) group by type order by n desc""", params)
    entities = await query(db, """select id, name, type, mentions from entities
        where name like :like or id in (select entity_id from entity_aliases where alias like :like)
        order by mentions desc, name limit 10""", params)
    reforms = await query(db, """select slug, label from reform_spans
        where name like :like or acronym like :like or slug like :like order by name""", params)
    for r in results:
        r["html"] = mark_snippet(r["snippet"])
    return await render(datasette, request, "search.html", **context, results=results, total=total,
                        by_document=by_document, by_type=by_type, entities=entities, reforms=reforms,
                        page_size=PAGE_SIZE)


@hookimpl
def register_routes():
    return [(r"^/search$", search)]
