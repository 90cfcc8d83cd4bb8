"""Full-text search over every passage (/search?q=), narrowed by document or by the type of entity a passage
mentions, with the entities and reforms whose names match."""

import re

from datasette import hookimpl
from markupsafe import Markup, escape

from reformkb.web import database, not_found, page_arg, query, render

SNIPPET_OPEN, SNIPPET_CLOSE = "\x02", "\x03"  # FTS5 snippet() markers: not in any text, replaced after escaping
PAGE_SIZE = 50
LONGEST_QUERY = 500  # characters: longer is no search a reader types, and costs every LIKE below
CONTROL = re.compile(r"[\x00-\x1f\x7f]")  # NUL ends an FTS5 string early; \x02/\x03 are the snippet markers
TERM = re.compile(r'"[^"]*"?|[^\s"]+')  # a quoted phrase (closed or not) or a word
HITS = """with hits as (
  select p.id, p.seq, p.kind, p.section, p.document_id, passages_fts.rank as rank,
    snippet(passages_fts, 0, :open, :close, '…', 32) as snippet
  from passages_fts join passages p on p.rowid = passages_fts.rowid
  join documents d on d.id = p.document_id
  where passages_fts match :q and (:document is null or d.slug = :document)
    and (:type is null or p.id in (select passage_id from mentions_in_context where type = :type))
)"""


def fts_query(q):
    """q as an FTS5 query that cannot be a syntax error: each word and each "quoted phrase" one quoted string,
    all of them required; "" where q holds no term."""
    terms = (term.strip('"').strip() for term in TERM.findall(q))
    return " ".join('"{}"'.format(term.replace('"', '""')) for term in terms if term)


def like_pattern(q):
    """q as a LIKE pattern matching it anywhere, its own % and _ taken literally (escape '\\')."""
    return "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def mark_snippet(snippet):
    """An FTS5 snippet() with SNIPPET_OPEN/CLOSE markers as escaped HTML with <mark> around the matches."""
    html = str(escape(snippet or ""))
    return Markup(html.replace(SNIPPET_OPEN, "<mark>").replace(SNIPPET_CLOSE, "</mark>"))


async def search(datasette, request):
    db = database(datasette)
    q = CONTROL.sub(" ", request.args.get("q") or "").strip()
    document_slug = request.args.get("document") or None
    entity_type = request.args.get("type") or None
    page = page_arg(request, PAGE_SIZE)
    context = {"q": q, "document_slug": document_slug, "entity_type": entity_type, "page": page}
    if len(q) > LONGEST_QUERY:
        return await not_found(datasette, request, f"Search words are limited to {LONGEST_QUERY} characters",
                               status=400)
    if not fts_query(q):
        # each suggested by the spelling the documents use most ("LEARN", not its full name)
        examples = await query(db, """select e.id, e.type, coalesce((select text from mentions m
            where m.entity_id = e.id group by text order by count(*) desc, text limit 1), e.name) as name
            from entities e where type in ('REFORM', 'PERSON', 'ORG') order by mentions desc limit 8""")
        return await render(datasette, request, "search.html", **context, examples=examples, results=None)
    params = {"q": fts_query(q), "document": document_slug, "type": entity_type, "like": like_pattern(q),
              "limit": PAGE_SIZE, "offset": (page - 1) * PAGE_SIZE, "open": SNIPPET_OPEN, "close": SNIPPET_CLOSE}
    results = await query(db, HITS + """ select hits.*, d.slug, d.title, d.author, d.published from hits
        join documents d on d.id = hits.document_id order by rank limit :limit offset :offset""", params)
    total = (await db.execute(HITS + " select count(*) from hits", params)).single_value()
    by_document = await query(db, HITS + """ select d.slug, d.title, count(*) as n from hits
        join documents d on d.id = hits.document_id group by d.id order by n desc""", params)
    by_type = await query(db, HITS + """ select type, count(distinct passage_id) as n from mentions_in_context
        where passage_id in (select id from hits) group by type order by n desc""", params)
    entities = await query(db, """select id, name, type, mentions from entities
        where name like :like escape '\\' or id in (select entity_id from entity_aliases where alias like :like escape '\\')
        order by mentions desc, name limit 10""", params)
    reforms = await query(db, """select slug, label from reform_spans
        where name like :like escape '\\' or acronym like :like escape '\\' or slug like :like escape '\\' order by name""", params)
    for r in results:
        r["html"] = mark_snippet(r["snippet"])
    return await render(datasette, request, "search.html", **context, results=results, total=total,
                        by_document=by_document, by_type=by_type, entities=entities, reforms=reforms,
                        page_size=PAGE_SIZE)


@hookimpl
def register_routes():
    return [(r"^/search$", search)]
