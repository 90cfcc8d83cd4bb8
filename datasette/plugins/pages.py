"""The reader's pages over reform.db: home, documents, entities, reforms, timeline and search.

Each page runs its SQL here (one function per page) and renders a template from datasette/templates/reform/.
Every string from the database reaches HTML through Jinja's autoescape or markupsafe; mark_up() is the one
place that turns passage text plus offsets into HTML."""

import json
from itertools import groupby

from datasette import hookimpl
from datasette.utils import escape_fts
from datasette.utils.asgi import Response
from markupsafe import Markup, escape

DB = "reform"
# entity types with a colour of their own in reform.css; any other type is drawn as "other"
TYPE_LABELS = {
    "PERSON": "person", "ORG": "organization", "REFORM": "reform or program", "LAW": "law",
    "GPE": "place (city, state, country)", "LOC": "place", "DATE": "date", "MONEY": "money",
}
SNIPPET_OPEN, SNIPPET_CLOSE = "\x02", "\x03"  # FTS5 snippet() markers: not in any text, replaced after escaping
SEARCH_PAGE_SIZE = 50
PAGE_PATHS = ("/documents/", "/entities/", "/reforms/", "/timeline")


def type_class(entity_type):
    """The CSS class of an entity type: ent-PERSON … or ent-other."""
    return f"ent-{entity_type}" if entity_type in TYPE_LABELS else "ent-other"


def mark_up(text, spans=(), refs=()):
    """text as HTML, every character escaped. spans: dicts with start, end (offsets into text), type, href,
    title — each becomes a link coloured by type; where spans overlap the first (then the longest) is kept.
    refs: dicts with start, number, href, id — footnote markers, drawn as superscript links at start (moved to
    the end of a span they fall inside). Returns Markup."""
    kept = []
    for span in sorted(spans, key=lambda s: (s["start"], s["start"] - s["end"])):
        if not 0 <= span["start"] < span["end"] <= len(text):
            continue  # offsets that do not fit this text: show the text plain rather than cut it wrongly
        if kept and span["start"] < kept[-1]["end"]:
            continue
        kept.append(span)
    items = [(s["start"], 1, s) for s in kept]
    for ref in refs:
        at = min(max(ref["start"], 0), len(text))
        inside = next((s for s in kept if s["start"] < at < s["end"]), None)
        items.append((inside["end"] if inside else at, 0, ref))
    html, pos = [], 0
    for at, is_span, item in sorted(items, key=lambda i: (i[0], i[1])):
        html.append(escape(text[pos:at]))
        if is_span:
            html.append(Markup('<a class="ent {}" href="{}" title="{}">{}</a>').format(
                type_class(item["type"]), item["href"], item["title"], text[item["start"]:item["end"]]))
            pos = item["end"]
        else:
            html.append(Markup('<sup class="fnref" id="{}"><a href="{}">{}</a></sup>').format(
                item["id"], item["href"], item["number"]))
            pos = at
    html.append(escape(text[pos:]))
    return Markup("").join(html)


def mark_snippet(snippet):
    """An FTS5 snippet() with SNIPPET_OPEN/CLOSE markers as escaped HTML with <mark> around the matches."""
    html = str(escape(snippet or ""))
    return Markup(html.replace(SNIPPET_OPEN, "<mark>").replace(SNIPPET_CLOSE, "</mark>"))


def entity_span(row, offset=0):
    """A mark_up() span for a mention row (entity_id, name, type, start, end), shifted by -offset."""
    return {"start": row["start"] - offset, "end": row["end"] - offset, "type": row["type"],
            "href": f"/entities/{row['entity_id']}", "title": f"{row['name']} ({row['type']})"}


def merge_events(events):
    """events (rows with slug, seq, year, month, day, sentence, source) with the text event and the reforms.yml
    milestone that date the same passage to the same day merged into one: the longer sentence, milestone set when
    either is a milestone. Order is kept."""
    merged = {}
    for ev in events:
        key = (ev["slug"], ev["seq"], ev["year"], ev["month"], ev["day"])
        ev = {**ev, "milestone": ev.get("source") == "reforms.yml"}
        if key in merged:
            kept = merged[key]
            kept["milestone"] = kept["milestone"] or ev["milestone"]
            if len(ev["sentence"] or "") > len(kept["sentence"] or ""):
                kept.update(sentence=ev["sentence"], date_text=ev["date_text"])
        else:
            merged[key] = ev
    return list(merged.values())


async def query(db, sql, params=None):
    """Rows of sql as a list of dicts."""
    return [dict(row) for row in (await db.execute(sql, params or {})).rows]


async def present(db):
    """Names of the tables and views this database has (other build stages may not have written theirs)."""
    return set(await db.table_names()) | set(await db.view_names())


async def count(db, tables, table):
    """Row count of table, or None where the database has no such table."""
    if table not in tables:
        return None
    return (await db.execute(f"select count(*) from [{table}]")).single_value()


async def render(datasette, request, template, **context):
    """Response with datasette/templates/reform/<template> rendered over context."""
    html = await datasette.render_template(f"reform/{template}", {
        **context, "metadata": datasette.metadata(), "type_class": type_class, "type_labels": TYPE_LABELS,
    }, request=request)
    return Response.html(html)


async def not_found(datasette, request, message):
    """Datasette's error page with status 404 (returned, not raised: a raised NotFound logs a traceback)."""
    html = await datasette.render_template(["404.html", "error.html"], {
        "ok": False, "error": message, "status": 404, "title": None}, request=request)
    return Response.html(html, status=404)


def year_span_sql(alias="r"):
    """SQL columns first_year, last_year of a reform: the years reforms.yml states, else the years its cited
    facts are about. last_year is null for a reform with a stated start and no stated end (still running, or its
    end is not in the sources)."""
    cited = f"from reform_citations c where c.reform_id = {alias}.id"
    return f"""coalesce({alias}.start_year, (select min(year) {cited})) as first_year,
    case when {alias}.end_year is not null then {alias}.end_year
         when {alias}.start_year is not null then null
         else (select max(year) {cited}) end as last_year"""


# ---------------------------------------------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------------------------------------------

async def home(datasette, request):
    db = datasette.get_database(DB)
    tables = await present(db)
    counts = {t: await count(db, tables, t) for t in (
        "documents", "passages", "entities", "mentions", "reforms", "reform_citations", "events", "cde_schools",
        "charter_enrollment")}
    words = (await db.execute("select sum(words) from documents")).single_value() or 0
    entity_types = await query(db, """select type, count(*) as n, sum(mentions) as mentions from entities
        group by type order by n desc""")
    reforms = await query(db, f"""select r.slug, r.name, r.acronym, r.kind, {year_span_sql()}
        from reforms r order by first_year is null, first_year, r.name""")
    enrollment = await query(db, """select min(start_year) as first_year, max(start_year) as last_year,
        (select school_year from charter_enrollment order by start_year limit 1) as first_school_year,
        (select total_enrollment from charter_enrollment order by start_year limit 1) as first_enrollment,
        (select total_schools from charter_enrollment order by start_year limit 1) as first_schools,
        (select school_year from charter_enrollment order by start_year desc limit 1) as last_school_year,
        (select total_enrollment from charter_enrollment order by start_year desc limit 1) as last_enrollment,
        (select total_schools from charter_enrollment order by start_year desc limit 1) as last_schools
        from charter_enrollment""")
    top_entities = await query(db, """select id, name, type, mentions, documents from entities
        where type in ('PERSON', 'ORG', 'REFORM', 'LAW') order by mentions desc, name limit 12""")
    documents = await query(db, """select slug, title, author, published, publication, kind, words
        from documents order by published desc nulls last, title""")
    charts = []
    if "charts" in tables:  # written by the charts stage; /charts/<name>.svg serves its stored drawing
        charts = await query(db, "select name, title from charts order by position")
    canned = await datasette.get_canned_queries(DB, request.actor)
    return await render(datasette, request, "home.html", counts=counts, words=words, entity_types=entity_types,
                        reforms=reforms, enrollment=enrollment[0] if enrollment else None,
                        top_entities=top_entities, documents=documents, charts=charts, canned=canned,
                        tables=sorted(t for t in tables if not t.startswith("passages_fts")))


async def documents_index(datasette, request):
    db = datasette.get_database(DB)
    documents = await query(db, """select d.slug, d.title, d.author, d.published, d.publication, d.kind,
        d.passages, d.words,
        (select count(*) from mentions m where m.document_id = d.id) as mentions,
        (select count(distinct entity_id) from mentions m where m.document_id = d.id) as entities,
        (select count(*) from reform_citations c where c.document_id = d.id) as citations
        from documents d order by d.published desc nulls last, d.title""")
    return await render(datasette, request, "documents.html", documents=documents)


async def document(datasette, request):
    db = datasette.get_database(DB)
    slug = request.url_vars["slug"]
    found = await query(db, "select * from documents where slug = :slug", {"slug": slug})
    if not found:
        return await not_found(datasette, request, f"No document with the slug {slug!r}")
    doc = found[0]
    params = {"id": doc["id"]}
    passages = await query(db, "select * from passages where document_id = :id order by seq", params)
    mentions = await query(db, """select m.passage_id, m.start, m."end", m.entity_id, e.name, e.type
        from mentions m join entities e on e.id = m.entity_id where m.document_id = :id""", params)
    refs = await query(db, """select r.id, r.passage_id, r.start, r.number, r.footnote_passage_id,
        f.seq as footnote_seq, p.seq as passage_seq
        from footnote_refs r join passages p on p.id = r.passage_id join passages f on f.id = r.footnote_passage_id
        where p.document_id = :id order by p.seq, r.start""", params)
    doc_tables = await query(db, "select * from document_tables where document_id = :id order by seq", params)
    removed = await query(db, "select line, text, reason from boilerplate where document_id = :id order by line",
                          params)
    entities = await query(db, """select e.id, e.name, e.type, count(*) as n from mentions m
        join entities e on e.id = m.entity_id where m.document_id = :id and e.type in ('PERSON', 'ORG', 'REFORM', 'LAW')
        group by e.id order by n desc, e.name limit 12""", params)
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
                        page_url=datasette.absolute_url(request, f"/documents/{slug}"))


async def entities_index(datasette, request):
    db = datasette.get_database(DB)
    entity_type = request.args.get("type") or None
    types = await query(db, """select type, count(*) as n, sum(mentions) as mentions from entities
        group by type order by n desc""")
    total = sum(t["n"] for t in types)
    entities = await query(db, """select id, name, type, mentions, documents, description from entities
        where :type is null or type = :type order by mentions desc, name limit 500""", {"type": entity_type})
    return await render(datasette, request, "entities.html", types=types, entities=entities, total=total,
                        entity_type=entity_type)


async def entity(datasette, request):
    db = datasette.get_database(DB)
    params = {"id": int(request.url_vars["id"])}
    found = await query(db, "select * from entities where id = :id", params)
    if not found:
        return await not_found(datasette, request, f"No entity with the id {params['id']}")
    aliases = await query(db, "select alias, source from entity_aliases where entity_id = :id order by alias",
                          params)
    mentions = await query(db, """select m.id, m.entity_id, m.start, m."end", m.text, m.sentence,
        m.sentence_start, e.name, e.type, p.seq, p.text as passage_text, p.section,
        d.slug, d.title, d.author, d.published, d.publication
        from mentions m join entities e on e.id = m.entity_id join passages p on p.id = m.passage_id
        join documents d on d.id = m.document_id
        where m.entity_id = :id order by d.published nulls last, d.title, p.seq, m.start""", params)
    co_mentioned = await query(db, """select e.id, e.name, e.type, c.passages from co_mentions c
        join entities e on e.id = case when c.entity_a = :id then c.entity_b else c.entity_a end
        where c.entity_a = :id or c.entity_b = :id
        order by c.passages desc, e.type in ('DATE', 'MONEY'), e.mentions desc, e.name limit 25""", params)
    reforms = await query(db, f"""select r.slug, r.name, r.acronym, r.kind, {year_span_sql()}
        from reforms r where r.entity_id = :id""", params)
    events = await query(db, """select ev.year, ev.month, ev.day, ev.date_text, ev.sentence, ev.source, p.seq,
        d.slug, d.title, r.slug as reform_slug, r.name as reform_name
        from event_entities ee join events ev on ev.id = ee.event_id
        left join passages p on p.id = ev.passage_id left join documents d on d.id = ev.document_id
        left join reforms r on r.id = ev.reform_id
        where ee.entity_id = :id order by ev.year, ev.month, ev.day""", params)
    for m in mentions:
        # the sentence the mention sits in, else the whole passage
        if m["sentence"] and m["sentence_start"] is not None:
            m["html"] = mark_up(m["sentence"], [entity_span(m, m["sentence_start"])])
        else:
            m["html"] = mark_up(m["passage_text"], [entity_span(m)])
    by_document = [{"slug": slug, "doc": group[0], "mentions": group}
                   for slug, group in ((k, list(g)) for k, g in groupby(mentions, key=lambda m: m["slug"]))]
    return await render(datasette, request, "entity.html", entity=found[0], aliases=aliases,
                        by_document=by_document, mention_count=len(mentions), co_mentioned=co_mentioned,
                        reforms=reforms, events=merge_events(events))


async def reforms_index(datasette, request):
    db = datasette.get_database(DB)
    reforms = await query(db, f"""select r.slug, r.name, r.acronym, r.kind, r.summary, r.entity_id,
        {year_span_sql()},
        (select count(*) from reform_citations c where c.reform_id = r.id) as citations,
        (select count(distinct document_id) from reform_citations c where c.reform_id = r.id) as documents,
        (select count(*) from events ev where ev.reform_id = r.id) as events
        from reforms r order by first_year is null, first_year, r.name""")
    return await render(datasette, request, "reforms.html", reforms=reforms)


async def reform(datasette, request):
    db = datasette.get_database(DB)
    slug = request.url_vars["slug"]
    found = await query(db, f"select r.*, {year_span_sql()} from reforms r where r.slug = :slug", {"slug": slug})
    if not found:
        return await not_found(datasette, request, f"No reform with the slug {slug!r}")
    this = found[0]
    params = {"id": this["id"], "first": this["first_year"], "last": this["last_year"]}
    citations = await query(db, """select c.quote, c.fact, c.year, c.milestone, p.seq, d.slug, d.title,
        d.author, d.published from reform_citations c join passages p on p.id = c.passage_id
        join documents d on d.id = c.document_id where c.reform_id = :id
        order by c.year is null, c.year, d.title, p.seq""", params)
    events = await query(db, """select ev.year, ev.month, ev.day, ev.date_text, ev.sentence, ev.source, p.seq,
        d.slug, d.title from events ev left join passages p on p.id = ev.passage_id
        left join documents d on d.id = ev.document_id where ev.reform_id = :id
        order by ev.year, ev.month, ev.day""", params)
    involved = await query(db, """with passages_cited as (
          select passage_id from reform_citations where reform_id = :id
        ), involved as (
          select m.entity_id from mentions m where m.passage_id in (select passage_id from passages_cited)
          union all
          select ee.entity_id from event_entities ee join events ev on ev.id = ee.event_id
          where ev.reform_id = :id
        )
        select e.id, e.name, e.type, count(*) as n from involved i join entities e on e.id = i.entity_id
        where e.type in ('PERSON', 'ORG') group by e.id order by n desc, e.name""", params)
    enrollment = await query(db, """select * from charter_enrollment
        where :first is not null and start_year between :first and coalesce(:last, 9999) order by start_year""",
                             params)
    entity_row = await query(db, "select id, name, type, mentions from entities where id = :id",
                             {"id": this["entity_id"]})
    return await render(datasette, request, "reform.html", reform=this, citations=citations,
                        events=merge_events(events),
                        involved=involved, enrollment=enrollment,
                        entity=entity_row[0] if entity_row else None)


def int_arg(request, name):
    """The query-string argument name as a whole number, or None where absent or not a number."""
    value = (request.args.get(name) or "").strip()
    return int(value) if value.isdigit() else None


def timeline_layout(reforms, enrollment, event_years, start=None):
    """Place reforms and charter enrollment on one year axis; positions are percentages of its width.

    reforms: rows with first_year, last_year (None: no end stated) and last_seen (the last year a cited fact of
    the reform is about). enrollment: charter_enrollment rows. start: first year of the axis; by default
    five years before the charter table begins, so that the charter era is readable (earlier reforms are drawn
    clipped at the left edge; ?from= widens the axis). Adds "bar" (left, width, fade, clipped) or "before" to each
    dated reform and "height" to each enrollment row; returns the axis (None when nothing is dated)."""
    years = ([r["first_year"] for r in reforms if r["first_year"]] + [r["last_seen"] for r in reforms
             if r["last_seen"]] + [r["start_year"] for r in enrollment] + list(event_years))
    if not years:
        return None
    earliest, last = min(years), max(years)
    if start is None:
        start = enrollment[0]["start_year"] - 5 if enrollment else earliest
    first = min(max(start, earliest), last)
    span = last - first + 1

    def x(year):
        return round(100 * (min(max(year, first), last + 1) - first) / span, 3)

    peak = max((r["total_enrollment"] or 0 for r in enrollment), default=0)
    for r in enrollment:
        r["height"] = round(100 * (r["total_enrollment"] or 0) / peak, 1) if peak else 0
        r["left"] = x(r["start_year"])
    for r in reforms:
        if not r["first_year"]:
            continue
        # an open-ended reform is solid to the last year a source names it, then fades out over three years
        solid_last = r["last_year"] or max(r["last_seen"] or r["first_year"], r["first_year"])
        fade_last = None if r["last_year"] else min(solid_last + 3, last)
        if (fade_last or solid_last) < first:
            r["before"] = True
            continue
        left, solid_end = x(r["first_year"]), x(solid_last + 1)
        r["bar"] = {"left": left, "width": round(solid_end - left, 3),
                    "fade": round(x(fade_last + 1) - solid_end, 3) if fade_last else 0,
                    "clipped": r["first_year"] < first}
    return {"first": first, "last": last, "earliest": earliest, "unit": round(100 / span, 3), "peak": peak,
            "ticks": [(y, x(y)) for y in range(first, last + 1) if y % 5 == 0], "x": x}


async def timeline(datasette, request):
    db = datasette.get_database(DB)
    year, reform_slug = int_arg(request, "year"), request.args.get("reform") or None
    reforms = await query(db, f"""select r.slug, r.name, r.acronym, r.kind, r.start_year, r.end_year,
        {year_span_sql()},
        (select max(year) from reform_citations c where c.reform_id = r.id) as last_seen
        from reforms r order by first_year is null, first_year, r.name""")
    enrollment = await query(db, "select start_year, school_year, total_enrollment, total_schools, "
                                 "affiliated_enrollment from charter_enrollment order by start_year")
    events = await query(db, """select ev.year, ev.month, ev.day, ev.date_text, ev.sentence, ev.source, p.seq,
        d.slug, d.title, r.slug as reform_slug, r.name as reform_name, r.acronym
        from events ev left join passages p on p.id = ev.passage_id left join documents d on d.id = ev.document_id
        left join reforms r on r.id = ev.reform_id
        where (:year is null or ev.year = :year) and (:reform is null or r.slug = :reform)
        order by ev.year, ev.month, ev.day, r.name""", {"year": year, "reform": reform_slug})
    event_years = [r["year"] for r in await query(db, "select distinct year from events where year is not null "
                                                      "order by year")]
    start = int_arg(request, "from")
    axis = timeline_layout(reforms, enrollment, event_years, start=start)
    return await render(datasette, request, "timeline.html", reforms=reforms, enrollment=enrollment, start=start,
                        events=merge_events(events), axis=axis, year=year, reform_slug=reform_slug,
                        event_years=event_years, dated=[r for r in reforms if r["first_year"]],
                        undated=[r for r in reforms if not r["first_year"]])


async def search(datasette, request):
    db = datasette.get_database(DB)
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
              "limit": SEARCH_PAGE_SIZE, "offset": (page - 1) * SEARCH_PAGE_SIZE,
              "open": SNIPPET_OPEN, "close": SNIPPET_CLOSE}
    hits = """with hits as (
          select p.id, p.seq, p.kind, p.section, p.document_id, passages_fts.rank as rank,
            snippet(passages_fts, 0, :open, :close, '…', 32) as snippet
          from passages_fts join passages p on p.rowid = passages_fts.rowid
          join documents d on d.id = p.document_id
          where passages_fts match :q and (:document is null or d.slug = :document)
            and (:type is null or p.id in (select m.passage_id from mentions m join entities e on e.id = m.entity_id
                                           where e.type = :type))
        )"""
    results = await query(db, hits + """ select hits.*, d.slug, d.title, d.author, d.published from hits
        join documents d on d.id = hits.document_id order by rank limit :limit offset :offset""", params)
    total = (await db.execute(hits + " select count(*) from hits", params)).single_value()
    by_document = await query(db, hits + """ select d.slug, d.title, count(*) as n from hits
        join documents d on d.id = hits.document_id group by d.id order by n desc""", params)
    by_type = await query(db, hits + """ select e.type, count(distinct m.passage_id) as n from mentions m
        join entities e on e.id = m.entity_id where m.passage_id in (select id from hits)
        group by e.type order by n desc""", params)
    entities = await query(db, """select id, name, type, mentions from entities
        where name like :like or id in (select entity_id from entity_aliases where alias like :like)
        order by mentions desc, name limit 10""", params)
    reforms = await query(db, """select slug, name, acronym from reforms
        where name like :like or acronym like :like or slug like :like order by name""", params)
    for r in results:
        r["html"] = mark_snippet(r["snippet"])
    return await render(datasette, request, "search.html", **context, results=results, total=total,
                        by_document=by_document, by_type=by_type, entities=entities, reforms=reforms,
                        page_size=SEARCH_PAGE_SIZE)


@hookimpl
def register_routes():
    return [
        (r"^/$", home),
        (r"^/documents$", documents_index),
        (r"^/documents/(?P<slug>[^/]+)$", document),
        (r"^/entities$", entities_index),
        (r"^/entities/(?P<id>\d+)$", entity),
        (r"^/reforms$", reforms_index),
        (r"^/reforms/(?P<slug>[^/]+)$", reform),
        (r"^/timeline$", timeline),
        (r"^/search$", search),
    ]


@hookimpl
def render_cell(value, column, database):
    """The canned queries return a `page` column of this site's paths (/documents/<slug>#p3): draw them as links."""
    if database == DB and column == "page" and isinstance(value, str) and value.startswith(PAGE_PATHS):
        return Markup('<a href="{}">{}</a>').format(value, value)
    return None


@hookimpl
def extra_css_urls():
    return ["/static/reform.css"]
