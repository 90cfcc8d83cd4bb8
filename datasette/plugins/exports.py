"""CSV exports that a spreadsheet opens as data: a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
return would be run as a formula (`=HYPERLINK(…)` reaching out, `@SUM(…)`), so it gets a leading `'`, as OWASP
advises; numbers such as -5 are left alone. Datasette writes CSV in one place and streams it: the body is rewritten
field by field as it passes, in linear time."""

import codecs
import re

from datasette import hookimpl

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
# one field (quoted, with "" for a quote, or bare) and what ends it; a field still being received does not match
FIELD = re.compile(r'("(?:[^"]|"")*"|[^,\r\n"]*)(,|\r\n|\n)')


def neutralise(field):
    """The CSV field (as written, quoted or not) with a formula made inert."""
    quoted = field.startswith('"')
    value = field[1:-1] if quoted else field
    if not value.startswith(TRIGGERS) or NUMBER.match(value):
        return field
    return f"\"'{value}\"" if quoted else "'" + value


class FormulaGuard:
    """Rewrites CSV text given in pieces of any size; feed() returns what can be sent, finish() the rest."""

    def __init__(self):
        self.decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self.pending = ""

    def feed(self, data, final=False):
        text = self.pending + self.decoder.decode(data, final)
        out, position = [], 0
        for match in FIELD.finditer(text):
            if match.start() != position:  # not the field that follows the last one: malformed, sent as it is
                break
            out.append(neutralise(match.group(1)) + match.group(2))
            position = match.end()
        self.pending = text[position:]
        if final:
            out.append(neutralise(self.pending) if self.pending else "")
            self.pending = ""
        return "".join(out).encode()


def is_csv(scope):
    query = scope.get("query_string", b"")
    return scope.get("path", "").endswith(".csv") or b"_format=csv" in query


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def guarded(scope, receive, send):
            if scope["type"] != "http" or not is_csv(scope):
                return await app(scope, receive, send)
            guard = FormulaGuard()

            async def send_guarded(message):
                if message["type"] == "http.response.start":
                    # the length changes with the rewriting
                    headers = [h for h in message.get("headers", []) if h[0].lower() != b"content-length"]
                    message = {**message, "headers": headers}
                elif message["type"] == "http.response.body":
                    more = message.get("more_body", False)
                    message = {**message, "body": guard.feed(message.get("body", b""), final=not more)}
                await send(message)

            return await app(scope, receive, send_guarded)

        return guarded

    return wrap
