"""SQLite limits on every connection, so that one function call cannot take the server down: Datasette's time
limit is checked between VM steps, and `printf('%.*c', 900000000, 'x')` or `randomblob(900000000)` is one step
(measured: 160 s and 2.7 GB). Strings and blobs are bounded instead; the largest value stored (a chart's PNG or
spec) is far below it. The server's file paths are not for visitors: `pragma_database_list`'s file column reads as
NULL in their queries (Datasette's own `PRAGMA database_list` statement, which visitors cannot send, is unaffected)."""

import asyncio
import logging
import sqlite3
import sys
from urllib.parse import parse_qs

from datasette import hookimpl

from reformkb.web import NAME

LIMITS = {
    sqlite3.SQLITE_LIMIT_LENGTH: 20_000_000,  # bytes in one string or blob, a row's included
    sqlite3.SQLITE_LIMIT_SQL_LENGTH: 100_000,  # characters of one statement
    sqlite3.SQLITE_LIMIT_LIKE_PATTERN_LENGTH: 1_000,
}


LONGEST = LIMITS[sqlite3.SQLITE_LIMIT_LENGTH]
# SQLite 3.40's printf() goes on counting a width past the length limit (5 s for 900,000,000) before it gives
# NULL: a number that large can only be a width or precision, so it is refused before printf runs
_printf = sqlite3.connect(":memory:", check_same_thread=False)
_printf.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, LONGEST)


class TooBig(ValueError):
    """A printf() width or precision past the length limit: the query fails as "user-defined function raised
    exception" (a 400), and the log gets one line, not the traceback Datasette has sqlite3 print for it."""


def bounded_printf(*args):
    if any(isinstance(a, int) and abs(a) > LONGEST for a in args[1:]):
        raise TooBig("string or blob too big")
    marks = ", ".join("?" * len(args))
    return _printf.execute(f"select printf({marks})", args).fetchone()[0]


def hide_file_paths(action, table, column, database, trigger):
    if action == sqlite3.SQLITE_READ and table == "pragma_database_list" and column == "file":
        return sqlite3.SQLITE_IGNORE
    return sqlite3.SQLITE_OK


def quiet_too_big(unraisable, previous=sys.unraisablehook):
    if isinstance(unraisable.exc_value, TooBig):
        logging.getLogger("reformkb.serve").warning("printf() refused: a width or precision past the length limit")
    else:
        previous(unraisable)


sys.unraisablehook = quiet_too_big


@hookimpl
def prepare_connection(conn):
    for limit, value in LIMITS.items():
        conn.setlimit(limit, value)
    conn.set_authorizer(hide_file_paths)
    for name in ("printf", "format"):
        conn.create_function(name, -1, bounded_printf, deterministic=True)


# Visitors' own SQL (?sql= on the database) runs one query at a time: on a small machine three CPU-bound queries
# at once would take every core from the pages (the time limit stops each, but only after a second). A few more
# wait their turn; past that the answer is a quick 429.
OWN_SQL_AT_ONCE = 1
OWN_SQL_WAITING = 8
OWN_SQL_PATHS = {f"/{NAME}", f"/{NAME}.json", f"/{NAME}.csv"}


def own_sql(scope):
    """A request that runs the visitor's SQL: ?sql= on the database, or a ?_where= condition on a table page."""
    asked = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    path = scope.get("path", "")
    return ("sql" in asked and path in OWN_SQL_PATHS) or ("_where" in asked and path.startswith(f"/{NAME}/"))


class Turns:
    """Who may run their own SQL now, and how many wait, for the event loop that serves (a semaphore belongs to
    one loop; the tests run several)."""

    def __init__(self):
        self.loop, self.turn, self.waiting = None, None, 0

    def here(self):
        loop = asyncio.get_running_loop()
        if loop is not self.loop:
            self.loop, self.turn, self.waiting = loop, asyncio.Semaphore(OWN_SQL_AT_ONCE), 0
        return self


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        turns = Turns()

        async def one_at_a_time(scope, receive, send):
            if scope["type"] != "http" or not own_sql(scope):
                return await app(scope, receive, send)
            queue = turns.here()
            if queue.waiting >= OWN_SQL_WAITING:
                await send({"type": "http.response.start", "status": 429,
                            "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"retry-after", b"2")]})
                return await send({"type": "http.response.body",
                                   "body": b"Too many SQL queries at once: try again in a moment.\n"})
            queue.waiting += 1
            try:
                await queue.turn.acquire()
            finally:
                queue.waiting -= 1
            held = True

            async def send_releasing(message):
                # the query has run when the answer starts: a slow reader of a large answer holds no turn
                nonlocal held
                if message["type"] == "http.response.start" and held:
                    held = False
                    queue.turn.release()
                await send(message)

            try:
                return await app(scope, receive, send_releasing)
            finally:
                if held:
                    queue.turn.release()

        return one_at_a_time

    return wrap
