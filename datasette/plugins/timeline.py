"""The timeline (/timeline): each reform's span as the sources date it, charter enrollment on the same years
beneath, and the dated events, filtered by ?year= and ?reform= (?from= widens the axis), PAGE_SIZE a page (?page=)."""

from urllib.parse import urlencode

from datasette import hookimpl

from reformkb.web import database, events, int_arg, page_arg, query, render


def timeline_layout(reforms, enrollment, event_years, start=None):
    """Place reforms and charter enrollment on one year axis; positions are percentages of its width.

    reforms: reform_spans rows (first_year, last_year — None where no end is stated —, through_year).
    enrollment: charter_enrollment rows. start: first year of the axis; by default five years before the charter
    table begins, so that the charter era is readable (earlier reforms are drawn clipped at the left edge; ?from=
    widens the axis). Adds "bar" (left, width, clipped, point: a single dated year, open: no end stated) or "before"
    to each dated reform and "height" to each enrollment row; returns the axis (None when nothing is dated). A bar
    never runs past the years the sources state: an open end is marked, not drawn on."""
    years = ([y for r in reforms for y in (r["first_year"], r["through_year"]) if y]
             + [r["start_year"] for r in enrollment] + list(event_years))
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
        if r["through_year"] < first:
            r["before"] = True
            continue
        left = x(r["first_year"])
        r["bar"] = {"left": left, "width": round(x(r["through_year"] + 1) - left, 3),
                    "clipped": r["first_year"] < first, "point": r["first_year"] == r["through_year"],
                    "open": not r["last_year"]}
    return {"first": first, "last": last, "earliest": earliest, "unit": round(100 / span, 3), "peak": peak,
            "ticks": [(y, x(y)) for y in range(first, last + 1) if y % 5 == 0], "x": x}


PAGE_SIZE = 200  # events a page: the page's cost must not grow with the corpus
CONDITION = "(:year is null or ev.year = :year) and (:reform is null or r.slug = :reform)"


async def timeline(datasette, request):
    db = database(datasette)
    year, reform_slug, start = int_arg(request, "year"), request.args.get("reform") or None, int_arg(request, "from")
    reforms = await query(db, "select slug, name, acronym, first_year, last_year, through_year, first_cited_page "
                              "from reform_spans")
    enrollment = await query(db, "select start_year, school_year, total_enrollment, total_schools "
                                 "from charter_enrollment order by start_year")
    event_years = [r["year"] for r in await query(db, "select year from events_by_year where year is not null")]
    axis = timeline_layout(reforms, enrollment, event_years, start=start)
    condition, params = CONDITION, {"year": year, "reform": reform_slug}
    page = page_arg(request, PAGE_SIZE)
    shown = await events(db, condition, params, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    total = (await query(db, "select count(*) as n from events ev left join reforms r on r.id = ev.reform_id "
                             f"where {condition}", params))[0]["n"]
    asked = {"year": year, "reform": reform_slug, "from": start}

    def link(page):
        arguments = {**asked, "page": page if page and page > 1 else None}
        query_string = urlencode({k: v for k, v in arguments.items() if v is not None})
        return f"/timeline{'?' if query_string else ''}{query_string}#events"

    pages = {"first": (page - 1) * PAGE_SIZE + 1, "total": total,
             "previous": link(page - 1) if page > 1 else None,
             "next": link(page + 1) if page * PAGE_SIZE < total else None}
    return await render(datasette, request, "timeline.html", reforms=reforms, enrollment=enrollment, start=start,
                        events=shown, pages=pages, axis=axis, year=year, reform_slug=reform_slug,
                        event_years=event_years,
                        dated=[r for r in reforms if r["first_year"]],
                        undated=[r for r in reforms if not r["first_year"]])


@hookimpl
def register_routes():
    return [(r"^/timeline$", timeline)]
