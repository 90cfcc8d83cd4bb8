"""/conflicts: where the sources disagree. Every comparison of a claim with the data (the district table, a state
file, the state directory) or with another document's claim, both sides side by side, the largest relative
difference first. Filters: ?measure=, ?year= (start_year), ?document= (slug), ?entity= (id), ?reform= (slug) and
?status= (disagrees when absent; all for every comparison)."""

from urllib.parse import urlencode

from datasette import hookimpl

from reformkb.claim_checks import STATUSES, comparisons, comparisons_of
from reformkb.web import database, page_arg, query, render

CHART = "charter_series_and_claims"
PAGE_SIZE = 50  # cards a page: the page's cost must not grow with the corpus

# each filter: its condition over `c` (conflicts), reading the parameter of its name
FILTERS = {
    "measure": "c.measure = :measure",
    "year": "c.start_year = :year",
    "status": "c.status = :status",
    **{kind: comparisons_of(kind) for kind in ("document", "entity", "reform")},
}
NUMBERS = {"year": 4, "entity": 18}  # whole-number filters, at most this many digits (SQLite's integers hold 18)


def read_filters(request):
    """(asked, params, problems): the filters of the query string as written (status disagrees when absent), the
    parameters of their conditions, and what cannot be a value of its filter."""
    asked = {name: (request.args.get(name) or "").strip() for name in FILTERS}
    asked = {name: value for name, value in asked.items() if value}
    asked.setdefault("status", "disagrees")
    params, problems = {}, []
    for name, value in asked.items():
        if name in NUMBERS:
            # isdigit() alone takes "²" and "١" for digits, which int() then refuses
            if not (value.isascii() and value.isdigit() and len(value) <= NUMBERS[name]):
                problems.append(f"{name}={value!r} is not {'a year' if name == 'year' else 'an entity id'}")
                continue
            value = int(value)
        elif name == "status" and value not in STATUSES + ("all",):
            problems.append(f"status={value!r} is none of {', '.join(STATUSES)} or all")
            continue
        params[name] = value
    return asked, params, problems


def where(params, leave_out=None):
    """The conditions of the filters in params (all but leave_out) joined; status all keeps every status."""
    kept = [FILTERS[name] for name, value in params.items()
            if name != leave_out and not (name == "status" and value == "all")]
    return " and ".join(kept) or "1"


def link(asked, **change):
    """/conflicts with the filters asked, changed (a None drops one); the default status is left out."""
    merged = {name: value for name, value in {**asked, **change}.items() if value is not None}
    if merged.get("status") == "disagrees":
        del merged["status"]
    return "/conflicts" + ("?" + urlencode(merged) if merged else "")


async def facet(db, column, asked, params):
    """The comparisons per value of column under the other filters, each with its count and filter link."""
    rows = await query(db, f"select {column} as value, count(*) as n from conflicts c "
                           f"where {where(params, column)} group by value order by n desc, value", params)
    for row in rows:
        row["href"], row["current"] = link(asked, **{column: row["value"]}), asked.get(column) == row["value"]
    return rows


async def conflicts_page(datasette, request):
    db = database(datasette)
    asked, params, problems = read_filters(request)
    page = page_arg(request, PAGE_SIZE)
    if problems:
        # a value no comparison can have: an empty page that says why, not an error
        rows, total, statuses, measures = [], 0, [], []
    else:
        condition = where(params)
        rows = await comparisons(db, condition, params, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
        total = (await query(db, f"select count(*) as n from conflicts c where {condition}", params))[0]["n"]
        statuses = sorted(await facet(db, "status", asked, params),
                          key=lambda s: STATUSES.index(s["value"]) if s["value"] in STATUSES else len(STATUSES))
        statuses.append({"value": "all", "n": sum(s["n"] for s in statuses), "href": link(asked, status="all"),
                         "current": asked["status"] == "all"})
        measures = await facet(db, "measure", asked, params)
    # the filters other than status, each with the link that removes it
    active = [{"name": name, "value": value, "without": link(asked, **{name: None})}
              for name, value in asked.items() if name != "status"]
    chart = await query(db, "select name, title from charts where name = :name", {"name": CHART})
    pages = {"page": page, "first": (page - 1) * PAGE_SIZE + 1,
             "previous": link(asked, page=page - 1 if page > 2 else None) if page > 1 else None,
             "next": link(asked, page=page + 1) if page * PAGE_SIZE < total else None}
    return await render(datasette, request, "conflicts.html", rows=rows, total=total, asked=asked, pages=pages,
                        active=active, problems=problems, statuses=statuses, measures=measures,
                        chart=chart[0] if chart else None)


@hookimpl
def register_routes():
    return [(r"^/conflicts$", conflicts_page)]
