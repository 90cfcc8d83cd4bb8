"""What the pages that show claims share (/conflicts and the document, entity and reform pages): which claims a page
holds, each quoted in its sentence with its own words marked, and the comparisons of the conflicts table, each
with its other side (a data series or another document's claim) named, valued and linked, and its difference in
words ("+18 (+8.6%)").

It lives beside reformkb/web.py for the same reason: the plugins cannot import each other."""

import json
from urllib.parse import quote

from reformkb.web import NAME, mark_up, query

STATUSES = ("disagrees", "within tolerance", "agrees")

# The district's entity is not stored: it is the subject the claims about the district name most (the loader sets
# it for "the district's" and LAUSD alike)
DISTRICT_ENTITY = """(select subject_id from claims where about_district = 1 and subject_id is not null
  group by subject_id order by count(*) desc, subject_id limit 1)"""

# The claims of a page, a condition over `cl` (claims) per kind of page, each reading one parameter of its name.
CLAIMS_OF = {
    "document": "cl.document_id in (select id from documents where slug = :document)",
    # the district's page also holds the claims whose subject stands for it (LA, "the district")
    "entity": f"(cl.subject_id = :entity or (cl.about_district = 1 and :entity = {DISTRICT_ENTITY}))",
    # a reform: the claims in the passages its facts quote, and those about its entity
    "reform": """(cl.passage_id in (select c.passage_id from reform_citations c join reforms r on r.id = c.reform_id
                    where r.slug = :reform)
                  or cl.subject_id in (select entity_id from reforms where slug = :reform))""",
}

CLAIMS_SQL = """select cl.*, p.seq, p.text as passage_text, s.start as sentence_start, s.text as sentence,
  d.slug, d.title, d.published
from claims cl join passages p on p.id = cl.passage_id join documents d on d.id = cl.document_id
left join sentences s on s.id = cl.sentence_id
where {where}
order by d.published nulls last, d.title, p.seq, cl.start, cl.id limit :limit"""

# a comparison with its claim's unit and where both sides are: the claim's document and paragraph, the other
# claim's paragraph or the district table's place in its document
COMPARISONS_SQL = """select c.*, cl.unit, cd.slug, cd.title, cp.seq,
  od.slug as compared_slug, od.title as compared_title, coalesce(op.seq, t.seq) as compared_seq
from conflicts c join claims cl on cl.id = c.claim_id
join documents cd on cd.id = c.document_id join passages cp on cp.id = c.passage_id
left join documents od on od.id = c.compared_document_id
left join claims oc on oc.id = c.compared_claim_id left join passages op on op.id = oc.passage_id
left join document_tables t on t.id = c.compared_table_id
where {where}
order by abs(c.relative_difference) desc nulls last, c.id limit :limit offset :offset"""


def comparisons_of(kind):
    """A condition over `c` (conflicts): the comparisons one of whose two claims is a claim of the page kind."""
    claims = f"select cl.id from claims cl where {CLAIMS_OF[kind]}"
    return f"(c.claim_id in ({claims}) or c.compared_claim_id in ({claims}))"


def number(value, unit=None):
    """A value as a reader writes it: 228, 151,000, $53,000,000, 1993 (a year has no comma)."""
    if value is None:
        return ""
    if unit == "year":
        return str(int(value))
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    return "$" + text if unit == "dollars" else text


def difference_text(difference, relative, unit=None):
    """compared − claimed, signed, with the relative difference: "+18 (+8.6%)", "−7,315 (−56%)", "+1 year"."""
    if difference is None:
        return ""
    if difference == 0:
        return "0"
    sign = "+" if difference > 0 else "−"
    size = abs(difference)
    if unit == "year":
        return f"{sign}{number(size, unit)} year{'s' if size != 1 else ''}"
    text = sign + number(size, unit)
    if relative is None:
        return text
    percent = abs(relative) * 100
    return f"{text} ({sign}{percent:.1f}%)" if percent < 10 else f"{text} ({sign}{percent:,.0f}%)"


def prepare(claim):
    """The claim row (of CLAIMS_SQL) with what the pages show: href (its passage), html (quoted()) and stated
    (its number as stated: "approximately 13,000 students", "$53,000,000", "adopted in 1993")."""
    unit, value = claim["unit"], claim["value"]
    counted = {"schools": ("school", "schools"), "students": ("student", "students")}.get(unit)
    claim["href"] = f"/documents/{claim['slug']}#p{claim['seq']}"
    claim["html"] = quoted(claim)
    if claim["kind"] == "date":
        claim["stated"] = f"{claim['verb'] or 'dated'} in {number(value, unit)}"
    else:
        claim["stated"] = " ".join(filter(None, [claim["qualifier"], number(value, unit),
                                                 counted and counted[value != 1]]))
    return claim


def quoted(claim):
    """The claim's sentence (else its passage) as HTML, the claim's words marked and linked to the passage."""
    span = {"type": "CLAIM", "href": claim["href"], "title": "The claim's words"}
    offset, text = claim["sentence_start"], claim["sentence"]
    if text is None or not offset <= claim["start"] < claim["end"] <= offset + len(text):
        offset, text = 0, claim["passage_text"]  # a claim across sentences is quoted in its whole passage
    return mark_up(text, [{**span, "start": claim["start"] - offset, "end": claim["end"] - offset}])


CHECKS_SHOWN = 5  # of a claim, on the pages; a claim copied in many documents meets as many comparisons


async def claims(db, where, params=None, limit=500):
    """The claims the condition where (over `cl`) keeps, in reading order, each with href (its passage), html
    (its sentence, its words marked), checks (its first CHECKS_SHOWN comparisons, as other_side() describes them,
    largest relative difference first), more_checks (how many more) and statuses (of all its comparisons)."""
    rows = await query(db, CLAIMS_SQL.format(where=where), {**(params or {}), "limit": limit})
    by_id = {}
    for claim in rows:
        prepare(claim)["checks"] = []
        by_id[claim["id"]] = claim
    ids = {"ids": json.dumps(list(by_id))}
    for row in await comparisons(db, "c.claim_id in (select value from json_each(:ids)) "
                                     "or c.compared_claim_id in (select value from json_each(:ids))", ids):
        for claim_id in (row["claim_id"], row["compared_claim_id"]):
            if claim_id in by_id:
                by_id[claim_id]["checks"].append(other_side(row, claim_id))
    for claim in rows:
        checks = claim["checks"]
        claim.update(statuses=[k["status"] for k in checks], checks=checks[:CHECKS_SHOWN],
                     more_checks=max(len(checks) - CHECKS_SHOWN, 0))
    return rows


async def comparisons(db, where, params=None, limit=500, offset=0):
    """Rows of the conflicts table that the condition where (over `c`) keeps, largest relative difference first,
    each with its claim (claim) and, where it met one, the other claim (other), as prepare() gives them; against:
    its other side as other_side() describes it; accepts: the range that agrees with the claim, when wider than
    its number."""
    rows = await query(db, COMPARISONS_SQL.format(where=where), {**(params or {}), "limit": limit, "offset": offset})
    ids = {i for row in rows for i in (row["claim_id"], row["compared_claim_id"]) if i is not None}
    found = {} if not rows else {
        c["id"]: c for c in await query(db, CLAIMS_SQL.format(where="cl.id in (select value from json_each(:ids))"),
                                        {"ids": json.dumps(sorted(ids)), "limit": len(ids)})}
    for claim in found.values():
        prepare(claim)
    for row in rows:
        row["claim"], row["other"] = found.get(row["claim_id"]), found.get(row["compared_claim_id"])
        row["against"] = other_side(row, row["claim_id"])
        # the values that count as agreeing, where the qualifier allows more than the number itself
        low, high = (None if v is None else number(round(v), row["unit"]) for v in (row["low"], row["high"]))
        row["accepts"] = None if low == high else f"{low} or more" if high is None else f"{low} to {high}"
    return rows


def other_side(row, claim_id):
    """What the claim claim_id met in the comparison row: status, series, name (the district table, the state
    file frpm1617.csv, a document's paragraph), value (as written), school_year, year (none for a date), href;
    where the claim is the row's own, the difference (difference_text)."""
    unit = row["unit"]
    side = {"status": row["status"], "series": row["compared_series"], "school_year": row["school_year"],
            "year": None if unit == "year" else row["school_year"] or row["start_year"]}  # a date is its year
    if claim_id != row["claim_id"]:
        # the claim is the other document's in this row: what it met is the row's own claim
        return {**side, "series": "claims", "name": f"{row['title']} ¶{row['seq']}",
                "href": f"/documents/{row['slug']}#p{row['seq']}", "value": number(row["claimed"], unit)}
    series, file = row["compared_series"], row["compared_file"]
    doc_href = row["compared_slug"] and f"/documents/{row['compared_slug']}#p{row['compared_seq']}"
    name, href = {
        "claims": (f"{row['compared_title']} ¶{row['compared_seq']}", doc_href),
        "district": ("the district table", doc_href),
        "state": (f"the state file {file}", file and f"/{NAME}/cde_files?name={quote(file)}"),
        "directory": ("the state directory", f"/{NAME}/directory_charters_by_year"),
    }.get(series, (row["compared_source"], None))
    return {**side, "name": name, "href": href, "value": number(row["compared_value"], unit),
            "difference": difference_text(row["difference"], row["relative_difference"], unit)}
