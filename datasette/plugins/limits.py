"""SQLite limits on every connection, so that one function call cannot take the server down: Datasette's time
limit is checked between VM steps, and `printf('%.*c', 900000000, 'x')` or `randomblob(900000000)` is one step
(measured: 160 s and 2.7 GB). Strings and blobs are bounded instead; the largest value stored (a chart's PNG or
spec) is far below it. The server's file paths are not for visitors: `pragma_database_list`'s file column reads as
NULL in their queries (Datasette's own `PRAGMA database_list` statement, which visitors cannot send, is unaffected)."""

import logging
import sqlite3
import sys

from datasette import hookimpl

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
