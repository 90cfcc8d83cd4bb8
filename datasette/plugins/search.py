"""Full-text search over every passage (/search?q=), narrowed by document, year, an entity or the type of entity a
passage mentions. What the query names comes first: the entity or reform whose name, alias or acronym it is (an
acronym only as written: "learn" is not LEARN), and the documents whose title or author holds it. Passages that
hold the query as typed, case and all, rank above those that only match its stemmed words ("LEARN" above
"learning")."""

import re

from datasette import hookimpl
from markupsafe import Markup, escape

from reformkb.web import database, int_arg, not_found, page_arg, query, render

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
    and (:year is null or substr(d.published, 1, 4) = :year)
    and (:type is null or p.id in (select passage_id from mentions_in_context where type = :type))
    and (:entity is null or p.id in (select passage_id from mentions where entity_id = :entity))
)"""
# as typed: the query with a non-word character (or the text's edge) on each side, case-sensitive
AS_TYPED = "(' ' || p.text || ' ') glob '*[^A-Za-z0-9]' || :glob || '[^A-Za-z0-9]*'"
LONGEST_AS_TYPED = 200  # characters of query matched as typed (its GLOB pattern stays under the connection's limit)
# a name that is all capitals (an acronym) matches only as written, any other name in any case
SAME_NAME = "({name} = :text collate nocase and ({name} <> upper({name}) or {name} = :text))"
NAMED = f"""select e.id, e.name, e.type, e.mentions,
    (select count(distinct document_id) from mentions where entity_id = e.id) as documents,
    (select slug from reforms r where r.entity_id = e.id) as reform
  from entities e where {SAME_NAME.format(name="e.name")}
    or e.id in (select entity_id from entity_aliases a where {SAME_NAME.format(name="a.alias")})
  order by e.mentions desc, e.id limit 3"""


def fts_query(q):
    """q as an FTS5 query that cannot be a syntax error: each word and each "quoted phrase" one quoted string,
    all of them required; "" where q holds no term."""
    terms = (term.strip('"').strip() for term in TERM.findall(q))
    return " ".join('"{}"'.format(term.replace('"', '""')) for term in terms if term)


def glob_pattern(q):
    """q as a GLOB pattern matching itself only (* ? [ taken literally)."""
    return re.sub(r"([*?\[])", r"[\1]", q)


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
    year = request.args.get("year") or None
    entity_id = int_arg(request, "entity")
    page = page_arg(request, PAGE_SIZE)
    context = {"q": q, "document_slug": document_slug, "entity_type": entity_type, "year": year,
               "entity_id": entity_id, "page": page}
    if len(q) > LONGEST_QUERY:
        return await not_found(datasette, request, f"Search words are limited to {LONGEST_QUERY} characters",
                               status=400)
    if year is not None and not (year.isascii() and year.isdigit() and len(year) == 4):
        return await not_found(datasette, request, "A year is four digits, such as 2012", status=400)
    if not fts_query(q):
        # each suggested by the spelling the documents use most ("LEARN", not its full name)
        examples = await query(db, """select e.id, e.type, coalesce((select text from mentions m
            where m.entity_id = e.id group by text order by count(*) desc, text limit 1), e.name) as name
            from entities e where type in ('REFORM', 'PERSON', 'ORG') order by mentions desc limit 8""")
        return await render(datasette, request, "search.html", **context, examples=examples, results=None)
    params = {"q": fts_query(q), "document": document_slug, "type": entity_type, "year": year, "entity": entity_id,
              "like": like_pattern(q), "text": q, "glob": glob_pattern(q) if len(q) <= LONGEST_AS_TYPED else None,
              "limit": PAGE_SIZE, "offset": (page - 1) * PAGE_SIZE, "open": SNIPPET_OPEN, "close": SNIPPET_CLOSE}
    results = await query(db, HITS + f""" select hits.*, d.slug, d.title, d.author, d.published,
        coalesce({AS_TYPED}, 0) as as_typed from hits
        join documents d on d.id = hits.document_id join passages p on p.id = hits.id
        order by as_typed desc, rank limit :limit offset :offset""", params)
    total = (await db.execute(HITS + " select count(*) from hits", params)).single_value()
    by_document = await query(db, HITS + """ select d.slug, d.title, count(*) as n from hits
        join documents d on d.id = hits.document_id group by d.id order by n desc""", params)
    by_year = await query(db, HITS + """ select substr(d.published, 1, 4) as year, count(*) as n from hits
        join documents d on d.id = hits.document_id where d.published is not null group by year order by year""",
                          params)
    by_type = await query(db, HITS + """ select type, count(distinct passage_id) as n from mentions_in_context
        where passage_id in (select id from hits) group by type order by n desc""", params)
    by_entity = await query(db, HITS + """ select e.id, e.name, e.type, count(distinct m.passage_id) as n
        from mentions m join entities e on e.id = m.entity_id where m.passage_id in (select id from hits)
        and e.type in ('PERSON', 'ORG', 'REFORM', 'LAW') group by e.id order by n desc, e.name limit 12""", params)
    named = await query(db, NAMED, params)
    entities = await query(db, """select id, name, type, mentions from entities
        where (name like :like escape '\\' or id in (select entity_id from entity_aliases where alias like :like escape '\\'))
        and id not in (select id from (""" + NAMED + """)) order by mentions desc, name limit 10""", params)
    reforms = await query(db, """select slug, label from reform_spans
        where slug not in (select reform from (""" + NAMED + """) where reform is not null) and (name like :like escape '\\' or acronym like :like escape '\\' or slug like :like escape '\\') order by name""", params)
    documents = await query(db, """select slug, title, author, published from documents
        where title like :like escape '\\' or author like :like escape '\\' order by published desc, title limit 10""",
                            params)
    entity_name = entity_id and (await db.execute("select name from entities where id = ?", [entity_id])).first()
    for r in results:
        r["html"] = mark_snippet(r["snippet"])
    return await render(datasette, request, "search.html", **context, results=results, total=total,
                        by_document=by_document, by_year=by_year, by_type=by_type, by_entity=by_entity, named=named,
                        entities=entities, reforms=reforms, documents=documents, page_size=PAGE_SIZE,
                        entity_name=entity_name[0] if entity_name else None)


@hookimpl
def register_routes():
    return [(r"^/search$", search)]
