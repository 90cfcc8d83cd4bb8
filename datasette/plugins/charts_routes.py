"""The charts pages, served from the `charts` table that `reformkb build` writes into reform.db:

/charts (gallery), /charts/<name> (the chart drawn live, its source and SQL), /charts/<name>/embed (the chart alone,
for iframes), /charts/<name>.json|.svg|.png|.html (downloads), /charts/vega-bundle.js (Vega, Vega-Lite and
Vega-Embed, served by us: no CDN), /charts/draw-chart.js (what draws a page's chart from its spec)."""

import asyncio
import json
import re
from urllib.parse import urlencode

from datasette import hookimpl
from datasette.utils.asgi import Response
from markupsafe import Markup, escape

from charts.render import BUNDLE_URL, DRAW_SCRIPT, DRAW_URL, chart_data, embed_page, javascript_bundle
from reformkb.web import NAME, database, not_found, query

CHART = r"(?P<name>[A-Za-z0-9_]+)"
HOST = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9.-]{0,252})(:[0-9]{1,5})?$")
DOWNLOADS = {
    "json": "application/json; charset=utf-8",
    "svg": "image/svg+xml",
    "png": "image/png",
    "html": "text/html; charset=utf-8",
}


async def chart_rows(datasette, columns, name=None):
    """Rows of the charts table (only `columns`), all in gallery order or the one called name."""
    where, params = ("where name = ?", [name]) if name else ("", [])
    return await query(database(datasette), f"select {columns} from charts {where} order by position", params)


def run_link(datasette, sql):
    """The address that runs sql in Datasette's SQL page for the reform database."""
    return datasette.urls.database(NAME) + "?" + urlencode({"sql": sql})


def svg_size(svg):
    """(width, height) in CSS pixels from the root element of an SVG drawn by Vega."""
    found = re.search(r'<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"', svg[:2000])
    return (round(float(found[1])), round(float(found[2]))) if found else (800, 600)


async def gallery(datasette, request):
    charts = await chart_rows(datasette, "name, title, description")
    return Response.html(await datasette.render_template(
        "charts_gallery.html", {"charts": charts}, request=request))


def site_host(request):
    """The host the embed snippet names: the request's, when it is a host name (with a port) and not text that a
    client put there."""
    return request.host if HOST.match(request.host) else "localhost"


async def chart_page(datasette, request):
    name = request.url_vars["name"]
    found = await chart_rows(datasette, "name, title, description, source, sql, queries, spec, svg", name)
    if not found:
        return await not_found(datasette, request, f"No chart called {name!r}: see /charts")
    chart = found[0]
    width, height = svg_size(chart.pop("svg"))
    embed_url = f"{request.scheme}://{site_host(request)}/charts/{name}/embed"
    # as wide as the chart or the column it is pasted in, whichever is narrower, and as high as that width needs
    snippet = (f'<iframe src="{embed_url}" style="border:0; width:100%; max-width:{width + 10}px; '
               f'aspect-ratio:{width + 10}/{height + 10}" title="{escape(chart["title"])}" loading="lazy"></iframe>')
    queries = [{"label": "The chart's data", "sql": chart["sql"]}] + json.loads(chart["queries"])
    for item in queries:
        item["run"] = run_link(datasette, item["sql"])
    return Response.html(await datasette.render_template("chart.html", {
        "chart": chart, "chart_data": Markup(chart_data(json.loads(chart["spec"]))), "bundle": BUNDLE_URL,
        "draw": DRAW_URL,
        "queries": queries, "snippet": snippet, "width": width, "height": height,
    }, request=request))


async def chart_embed(datasette, request):
    found = await chart_rows(datasette, "html", request.url_vars["name"])
    if not found:
        return await not_found(datasette, request, f"No chart called {request.url_vars['name']!r}")
    return Response.html(found[0]["html"])


async def chart_file(datasette, request):
    name, ext = request.url_vars["name"], request.url_vars["ext"]
    found = await chart_rows(datasette, "title, spec, svg, png", name)
    if not found:
        return await not_found(datasette, request, f"No chart called {name!r}")
    chart = found[0]
    if ext == "html":
        # a page that works alone, offline: the scripts are written into it (~900 KB)
        body = await asyncio.to_thread(embed_page, json.loads(chart["spec"]), chart["title"], True)
    else:
        body = chart[{"json": "spec"}.get(ext, ext)]
    # the offline page holds its scripts inline, which the site's Content-Security-Policy would not run: a file
    # to save and open, not a page of the site
    disposition = "attachment" if request.args.get("download") or ext == "html" else "inline"
    return Response(body, content_type=DOWNLOADS[ext],
                    headers={"content-disposition": f'{disposition}; filename="{name}.{ext}"'})


async def draw_script(datasette, request):
    return Response(DRAW_SCRIPT, content_type="text/javascript; charset=utf-8",
                    headers={"cache-control": "public, max-age=3600"})


async def vega_bundle(datasette, request):
    bundle = await asyncio.to_thread(javascript_bundle)  # seconds the first time, then cached in memory
    return Response(bundle, content_type="text/javascript; charset=utf-8",
                    headers={"cache-control": "public, max-age=86400"})


@hookimpl
def register_routes():
    return [
        (r"^/charts$", gallery),
        (r"^/charts/vega-bundle\.js$", vega_bundle),
        (r"^/charts/draw-chart\.js$", draw_script),
        (rf"^/charts/{CHART}\.(?P<ext>json|svg|png|html)$", chart_file),
        (rf"^/charts/{CHART}/embed$", chart_embed),
        (rf"^/charts/{CHART}$", chart_page),
    ]


@hookimpl
def startup(datasette):
    async def build_the_bundle_in_the_background():
        # so that the first chart page does not wait seconds for it
        asyncio.get_running_loop().run_in_executor(None, javascript_bundle)

    return build_the_bundle_in_the_background
