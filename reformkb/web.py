"""What the Datasette plugins of datasette/plugins/ share: the database they read, running a query, rendering a
page or a 404, and turning passage text plus offsets into HTML.

It lives in the package because the plugins folder is not one (Datasette loads each plugin file alone, so they
cannot import each other). Every string from the database reaches HTML through Jinja's autoescape or markupsafe;
mark_up() is the one place that turns text and offsets into HTML."""

from datasette.utils.asgi import Response
from markupsafe import Markup, escape

from reformkb.app import NAME

# entity types with a colour of their own in reform.css; any other type is drawn as "other"
TYPE_LABELS = {
    "PERSON": "person", "ORG": "organization", "REFORM": "reform or program", "LAW": "law",
    "GPE": "place (city, state, country)", "LOC": "place", "DATE": "date", "MONEY": "money",
}

# an event as the pages list it: the sentence that dates it, its passage, its reform and, for a milestone, the
# curated fact. A page adds its condition (:where) over `ev`, `r`.
EVENTS_SQL = """select ev.year, ev.month, ev.day, ev.date_text, ev.milestone, ev.kind, ev.anchored,
  s.text as sentence, c.fact, p.seq,
  d.slug, d.title, r.slug as reform_slug, r.name as reform_name, r.acronym
from events ev
left join sentences s on s.id = ev.sentence_id
left join reform_citations c on c.id = ev.citation_id
left join passages p on p.id = ev.passage_id
left join documents d on d.id = ev.document_id
left join reforms r on r.id = ev.reform_id
where {where}
order by ev.year, ev.month, ev.day, r.name, ev.id"""


LARGEST_INT = 2 ** 63 - 1  # SQLite's integers: a longer number in a URL is no id, not an error


def database(datasette):
    return datasette.get_database(NAME)


async def query(db, sql, params=None):
    """Rows of sql as a list of dicts."""
    # a failing query raises to the error handler, which logs one line (Datasette's own log repeats the params)
    return [dict(row) for row in (await db.execute(sql, params or {}, log_sql_errors=False)).rows]


async def events(db, where, params=None, limit=-1, offset=0):
    """The events that the SQL condition where keeps, in date order (rows of EVENTS_SQL): all of them, or limit
    from offset on."""
    return await query(db, EVENTS_SQL.format(where=where) + " limit :limit_ offset :offset_",
                       {**(params or {}), "limit_": limit, "offset_": offset})


async def entity_types(db):
    """Each entity type with its number of entities and of mentions, the commonest first."""
    return await query(db, "select type, count(*) as n, sum(mentions) as mentions from entities group by type "
                           "order by n desc")


async def documents_newest_first(db):
    """Every document with what it holds (document_stats), newest first."""
    return await query(db, "select * from document_stats order by published desc nulls last, title")


def int_arg(request, name, largest=LARGEST_INT):
    """The query-string argument name as a whole number, or None where absent, not a number ("²" passes
    str.isdigit) or past largest (by default SQLite's integers)."""
    return whole_number(request.args.get(name) or "", largest)


def whole_number(text, largest=LARGEST_INT):
    """text as a whole number from 0 to largest, else None (checked before int(): 5,000 digits raise)."""
    text = text.strip()
    if not (text.isascii() and text.isdigit() and len(text) <= len(str(largest))):
        return None
    return int(text) if int(text) <= largest else None


def page_arg(request, size):
    """The ?page= argument (1 where absent or bad), no further than an offset SQLite can take."""
    return max(int_arg(request, "page", largest=LARGEST_INT // size) or 1, 1)


def type_class(entity_type):
    """The CSS class of an entity type: ent-PERSON … or ent-other."""
    return f"ent-{entity_type}" if entity_type in TYPE_LABELS else "ent-other"


# the other types spaCy gives, in words (TYPE_LABELS are the types the pages colour)
OTHER_TYPES = {"NORP": "nationality or group", "WORK_OF_ART": "title of a work", "FAC": "building",
               "EVENT": "event", "LANGUAGE": "language", "PRODUCT": "product", "PERCENT": "percentage",
               "CARDINAL": "number", "ORDINAL": "ordinal", "QUANTITY": "quantity", "TIME": "time"}


def type_word(entity_type):
    """An entity type as a reader says it: "organization", "title of a work"."""
    return TYPE_LABELS.get(entity_type) or OTHER_TYPES.get(entity_type) or str(entity_type).lower().replace("_", " ")


async def render(datasette, request, template, **context):
    """Response with datasette/templates/reform/<template> rendered over context."""
    html = await datasette.render_template(f"reform/{template}", {
        **context, "metadata": datasette.metadata(), "type_class": type_class, "type_labels": TYPE_LABELS,
        "type_word": type_word,
    }, request=request)
    return Response.html(html)


async def not_found(datasette, request, message, status=404):
    """Datasette's error page with status 404, or another (returned, not raised: no exception to log)."""
    html = await datasette.render_template([f"{status}.html", "error.html"], {
        "ok": False, "error": message, "status": status, "title": None}, request=request)
    return Response.html(html, status=status)


def entity_span(row, offset=0):
    """A mark_up() span for a mention row (entity_id, name, type, start, end), shifted by -offset."""
    return {"start": row["start"] - offset, "end": row["end"] - offset, "type": row["type"],
            "href": f"/entities/{row['entity_id']}", "title": f"{row['name']} ({row['type']})"}


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
