"""What every response carries, and what no request gets past: security headers on every response (frameable
only the chart embeds, /charts/<name>/embed), and a 404 for paths with raw `.` or `..` segments, which Datasette
0.65's router answers with a 500.

The Content-Security-Policy runs only scripts served by this site and the inline scripts that trusted code wrote:
those of the templates (hashed once, at startup) and those that plugins add through `extra_body_script` (hashed per
response, by calling the other plugins' hooks with the same arguments). A script that came in through the data,
had escaping ever failed, matches no hash and does not run."""

import base64
import hashlib
import itertools
import re

import jinja2
import jinja2.meta
from datasette import hookimpl
from datasette.plugins import pm

EMBED = re.compile(r"^/charts/[^/]+/embed$")
# the cluster map on cde_schools is the optional online layer: its tiles are the only pictures from elsewhere
TILES = "https://*.tile.openstreetmap.org"
POLICY = ("default-src 'self'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; "
          f"img-src 'self' data: {TILES}; object-src 'none'; base-uri 'self'; form-action 'self'; {{frame}}")
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>(.*?)</script>",
                           re.S | re.I)
SCOPE_KEY = "reformkb.script_hashes"  # a list in the ASGI scope, shared by the copies Datasette's router makes


def script_hash(script):
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"


def template_script_hashes(env):
    """The hashes of every inline script in the templates env can load. A script with template expressions in it
    (Datasette's table.html sets a flag from a setting) is hashed for each expression being true and false."""
    hashes = set()
    # rendered apart from Datasette's environment, which renders asynchronously; a script's last newline is part
    # of what is hashed
    exact = jinja2.Environment(keep_trailing_newline=True)
    for name in env.list_templates(extensions=["html"]):
        source = env.loader.get_source(env, name)[0]
        for body in INLINE_SCRIPT.findall(source):
            names = sorted(jinja2.meta.find_undeclared_variables(exact.parse(body)))
            for values in itertools.product(["true", "false"], repeat=len(names)):
                hashes.add(script_hash(exact.from_string(body).render(dict(zip(names, values)))))
    return hashes


def security_headers(path, hashes=()):
    """The headers a response to path gets, as (name, value) byte pairs; hashes are the inline scripts allowed."""
    frame = "frame-ancestors *" if EMBED.match(path) else "frame-ancestors 'none'"
    policy = POLICY.format(hashes=" ".join(sorted(hashes)), frame=frame)
    headers = [(b"content-security-policy", policy.encode()),
               (b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"same-origin")]
    if not EMBED.match(path):
        headers.append((b"x-frame-options", b"DENY"))
    return headers


@hookimpl(trylast=True)
def extra_body_script(template, database, table, columns, view_name, request, datasette):
    """Adds no script: hashes the scripts the other plugins add to this page, for the response's policy."""
    if request is None or SCOPE_KEY not in request.scope:
        return None
    others = pm.subset_hook_caller("extra_body_script", remove_plugins=[pm.get_plugin(__name__)])

    async def hash_them():
        for script in others(template=template, database=database, table=table, columns=columns,
                             view_name=view_name, request=request, datasette=datasette):
            script = await script if hasattr(script, "__await__") else script
            script = script["script"] if isinstance(script, dict) else script
            request.scope[SCOPE_KEY].append(script_hash(str(script)))
        return ""

    return hash_them()


def dot_segment(scope):
    raw = scope.get("raw_path") or scope.get("path", "").encode()
    return any(part in (b".", b"..", b"%2e", b"%2E", b"%2e%2e", b"%2E%2E") for part in raw.split(b"?")[0].split(b"/"))


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        # and the empty script Datasette writes for this plugin's extra_body_script
        template_hashes = template_script_hashes(datasette.jinja_env) | {script_hash("")}

        async def with_headers(scope, receive, send):
            if scope["type"] != "http":
                return await app(scope, receive, send)
            scope = {**scope, SCOPE_KEY: []}

            async def send_with_headers(message):
                if message["type"] == "http.response.start":
                    added = security_headers(scope.get("path", ""), template_hashes | set(scope[SCOPE_KEY]))
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
