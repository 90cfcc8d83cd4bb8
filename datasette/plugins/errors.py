"""Every error answered with Datasette's error page and logged as one short line.

Datasette 0.65's own handler prints each exception through rich with every local variable (tens of KB, ~0.35 s of
the event loop per 500): it is unregistered here, and errors a visitor's input causes (an FTS5 or sort syntax, a
number past SQLite's integers, a string or query over the connection limits) answer 400, not 500."""

import logging
import sqlite3

from datasette import hookimpl
from datasette.plugins import pm
from datasette.utils import add_cors_headers
from datasette.utils.asgi import Base400, Response
from datasette.views.base import DatasetteError
from markupsafe import Markup

log = logging.getLogger("reformkb.serve")
LINE = 200  # characters of path and of message a log line keeps

# SQLite errors that a request's own text causes: the request is wrong, the server is fine
BAD_INPUT = ("fts5: syntax error", "unterminated string", "no such column", "string or blob too big",
             "LIKE or GLOB pattern too complex", "too many", "interrupted", "statement too long")

if pm.has_plugin("datasette.handle_exception"):
    pm.unregister(name="datasette.handle_exception")


def status_and_message(exception):
    """The HTTP status, message and title an exception answers."""
    if isinstance(exception, Base400):
        return exception.status, exception.args[0] if exception.args else "Error", None
    if isinstance(exception, DatasetteError):
        message = Markup(exception.message) if exception.message_is_html else exception.message
        status = exception.status
        if status == 500 and str(exception.message).startswith("Cannot sort"):
            status = 400  # ?_sort= naming no column
        return status, message, exception.title
    text = str(exception)
    if isinstance(exception, sqlite3.Error) and any(part in text for part in BAD_INPUT):
        return 400, f"The database refused this request: {text}", None
    if isinstance(exception, (OverflowError, ValueError)) and ("too large" in text or "digits" in text):
        return 400, "A number in this request is too large", None
    return 500, "Something went wrong on the server; it has been logged", None


def log_line(request, status, exception):
    """One line: status, method, path and the exception's type and first words."""
    text = " ".join(str(exception).split())[:LINE]
    return f"{status} {request.method} {request.path[:LINE]}: {type(exception).__name__}: {text}"


@hookimpl
def handle_exception(datasette, request, exception):
    async def inner():
        status, message, title = status_and_message(exception)
        if status == 404 and message == "Database not found":  # Datasette's word for any unknown first segment
            message = f"There is no page at {request.path[:LINE]}."
        (log.error if status >= 500 else log.warning)(log_line(request, status, exception))
        headers = {}
        if datasette.cors:
            add_cors_headers(headers)
        info = {"ok": False, "error": message, "status": status, "title": title}
        if request.path.endswith(".json"):
            return Response.json(info, status=status, headers=headers)
        html = await datasette.render_template([f"{status}.html", "error.html"], info, request=request)
        return Response.html(html, status=status, headers=headers)

    return inner
