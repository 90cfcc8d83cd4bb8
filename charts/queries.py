"""Reading a chart's data from reform.db: every number a chart draws comes from a query here or beside the chart."""

import sqlite3


class NoData(Exception):
    """A chart's table or view is absent or has no rows: the chart is skipped, and the message says why."""


def rows(db, sql, what=None):
    """Run sql on db (a sqlite_utils.Database) and return its rows as dicts.

    Raises NoData when a table or view it reads does not exist, or when it returns no row (`what` names the data
    in that message)."""
    found = optional_rows(db, sql)
    if not found:
        raise NoData(f"no {what or 'rows'} in this database")
    return found


def optional_rows(db, sql):
    """Like rows(), for a chart's optional layer: [] when a table it reads is absent or empty."""
    try:
        return list(db.query(sql))
    except sqlite3.OperationalError as e:
        # tables filled by other stages may be missing from an older or partial database
        if str(e).startswith("no such table"):
            return []
        raise


def documents_cited(db, sql):
    """'Title' (document N), … for the documents whose ids the one-column query sql returns, in id order."""
    cited = optional_rows(db, f"select id, title, author from documents where id in ({sql}) order by id")
    return "; ".join(
        f"{d['author'].split()[-1] + ', ' if d['author'] else ''}“{d['title']}” (document {d['id']})" for d in cited
    )
