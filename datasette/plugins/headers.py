"""What every response carries, and what no request gets past: security headers on every response (frameable
only the chart embeds, /charts/<name>/embed), and a 404 for paths with raw `.` or `..` segments, which Datasette
0.65's router answers with a 500."""

import re

from datasette import hookimpl

EMBED = re.compile(r"^/charts/[^/]+/embed$")
# no script-src yet: Datasette's own templates and chart.html hold inline scripts that would need hashes first
CSP = "object-src 'none'; base-uri 'self'; form-action 'self'"


def security_headers(path):
    """The headers a response to path gets, as (name, value) byte pairs."""
    frame = "frame-ancestors *" if EMBED.match(path) else "frame-ancestors 'none'"
    headers = [(b"content-security-policy", f"{CSP}; {frame}".encode()),
               (b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"same-origin")]
    if not EMBED.match(path):
        headers.append((b"x-frame-options", b"DENY"))
    return headers


def dot_segment(scope):
    raw = scope.get("raw_path") or scope.get("path", "").encode()
    return any(part in (b".", b"..", b"%2e", b"%2E", b"%2e%2e", b"%2E%2E") for part in raw.split(b"?")[0].split(b"/"))


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def with_headers(scope, receive, send):
            if scope["type"] != "http":
                return await app(scope, receive, send)
            added = security_headers(scope.get("path", ""))

            async def send_with_headers(message):
                if message["type"] == "http.response.start":
                    names = {name.lower() for name, _ in added}
                    message = {**message, "headers": [
                        *(h for h in message.get("headers", []) if h[0].lower() not in names), *added]}
                await send(message)

            if dot_segment(scope):
                await send_with_headers({"type": "http.response.start", "status": 404,
                                         "headers": [(b"content-type", b"text/plain; charset=utf-8")]})
                return await send_with_headers({"type": "http.response.body", "body": b"Not found\n"})
            return await app(scope, receive, send_with_headers)

        return with_headers

    return wrap
