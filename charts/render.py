"""The one place charts are rendered: each chart function's Altair chart → Vega-Lite JSON (data inline), SVG, PNG
and an HTML embed page, stored in the `charts` table of reform.db by the build's last stage."""

import base64
import functools
import hashlib
import json
import os
import pickle
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import vl_convert
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import escape

from charts.enrollment import (affiliated_share_and_growth, charter_enrollment, charter_schools_by_type,
                               district_and_state)
from charts.mentions import most_mentioned
from charts.queries import NoData
from charts.reforms import reform_timeline
from charts.schools_map import schools_map
from charts.series import charter_series_and_claims

# the gallery's order
CHARTS = [charter_enrollment, charter_schools_by_type, affiliated_share_and_growth, reform_timeline,
          most_mentioned, district_and_state, charter_series_and_claims, schools_map]

ROOT = Path(__file__).resolve().parent.parent  # the repository: where the early charts process imports charts from

# the charts made from the district's tables, the state files and the boundary alone: the build makes and draws
# them beside spaCy (draw_early_charts; tests/test_charts.py checks they come out as at the end of the build)
EARLY = [charter_enrollment, charter_schools_by_type, affiliated_share_and_growth, district_and_state, schools_map]

# PNGs at twice the CSS size: sharp in print and on high-density screens
PNG_SCALE = 2

# no "open in the Vega editor" link: it would leave the site (and needs the network); expressions interpreted
# (ast), not compiled with Function(), which the site's Content-Security-Policy forbids
EMBED_OPTIONS = {"actions": {"export": True, "source": False, "compiled": False, "editor": False},
                 "renderer": "svg", "ast": True}

# where Datasette serves the bundle of Vega, Vega-Lite and Vega-Embed (datasette/plugins/charts_routes.py)
BUNDLE_URL = "/charts/vega-bundle.js"

# the script that draws a page's chart from its spec, one file for the embed pages, the offline pages and chart.html
DRAW_SCRIPT = Path(__file__).with_name("draw_chart.js").read_text()
DRAW_URL = "/charts/draw-chart.js"

EMBED_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ margin: 0; background: white; }}
#chart {{ padding: 4px; }}
#chart.vega-embed {{ display: block; }}
#chart svg {{ max-width: 100%; height: auto; }}  /* a frame narrower than the chart shrinks it */
</style>
{bundle}
</head>
<body>
<div id="chart" class="vega-chart" role="figure" aria-label="{title}"></div>
{data}
{draw}
</body>
</html>
"""


@functools.cache
def javascript_bundle():
    """Vega, Vega-Lite and Vega-Embed as one script (str, ~900 KB) defining window.vegaEmbed; built once per
    process (it takes seconds) and served by us, so that charts draw with no network."""
    return vl_convert.javascript_bundle()


def chart_data(spec):
    """The spec and the embed options as the JSON data blocks the draw script reads."""
    return "\n".join(f'<script type="application/json" id="{id}">{htmlsafe_json_dumps(value)}</script>'
                     for id, value in (("chart-spec", spec), ("chart-options", EMBED_OPTIONS)))


def embed_page(spec, title, inline_bundle=False):
    """A bare HTML page that draws the Vega-Lite spec (dict) with vega-embed and nothing else. The scripts come
    from our server (BUNDLE_URL, DRAW_URL), or with inline_bundle=True are written into the page (a file that works
    alone, offline). No external host is referenced either way."""
    if inline_bundle:
        bundle = javascript_bundle()
        assert "</script" not in bundle.lower()  # it could close the script element early
        bundle, draw = f"<script>{bundle}</script>", f"<script>{DRAW_SCRIPT}</script>"
    else:
        bundle, draw = f'<script src="{BUNDLE_URL}"></script>', f'<script src="{DRAW_URL}"></script>'
    return EMBED_PAGE.format(title=escape(title), bundle=bundle, data=chart_data(spec), draw=draw)


def spec_key(spec):
    """The digest of what a drawing is made from: the spec, vl-convert's version and the PNG scale."""
    return hashlib.sha256(
        f"{vl_convert.__version__}\0{PNG_SCALE}\0{json.dumps(spec, sort_keys=True)}".encode()).hexdigest()


def drawn(spec, cache_dir=None):
    """(svg, png) of a Vega-Lite spec: the slow part of a chart (vl-convert), kept in cache_dir by spec_key(), so
    that a build whose chart data did not change draws nothing again."""
    path = Path(cache_dir) / "charts" / f"{spec_key(spec)}.json" if cache_dir else None
    if path and path.exists():
        try:
            kept = json.loads(path.read_text())
            return kept["svg"], base64.b64decode(kept["png"])
        except (ValueError, KeyError):  # a file an interrupted build left half written: drawn again
            pass
    svg = vl_convert.vegalite_to_svg(spec)
    png = vl_convert.svg_to_png(svg, scale=PNG_SCALE)  # the same pixels as vegalite_to_png, in half the time
    if path:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.part")
        partial.write_text(json.dumps({"svg": svg, "png": base64.b64encode(png).decode()}))
        os.replace(partial, path)
    return svg, png


def render(chart, cache_dir=None):
    """Render an Altair chart. Returns a `charts` row without its name and position: title, description, source,
    sql, queries (JSON), spec (Vega-Lite JSON, validated against the schema), svg, png (bytes), html."""
    spec = chart.to_dict(validate=True)
    return row_of(spec, *drawn(spec, cache_dir))


def row_of(spec, svg, png):
    """The `charts` row of a spec and its drawing."""
    meta = spec["usermeta"]
    return {
        "title": meta["title"],
        "description": meta["description"],
        "source": meta["source"],
        "sql": meta["sql"],
        "queries": json.dumps(meta["queries"]),
        "spec": json.dumps(spec, ensure_ascii=False),
        "svg": svg,
        "png": png,
        "html": embed_page(spec, meta["title"]),
    }


def draw_early_charts(ctx):
    """A build stage before the NLP: the charts of EARLY made and drawn by a process beside spaCy (vl-convert holds
    the GIL, so a thread would stall the build), from its own connection to the database file being built (what
    the stages before wrote is committed). It writes them to a file and ends, so it holds no memory while spaCy
    reads. A database in memory has no file to share: its charts are all made by the charts stage."""
    path = ctx.db.conn.execute("pragma database_list").fetchone()[2]
    if not path:
        return "none (a database in memory)"
    # named like the build's temporary file, so that a build killed meanwhile leaves nothing the next one keeps
    fd, out = tempfile.mkstemp(prefix=f"{Path(path).name}.", suffix=".charts.building", dir=Path(path).parent)
    os.close(fd)
    # a new interpreter, not multiprocessing: spawn would import the caller's main script again, and fork would
    # copy a vl-convert runtime whose threads the child does not have. Its own session: Ctrl-C is the build's,
    # which ends it; its failure is silent, as the charts stage then makes the charts itself and meets the error.
    process = subprocess.Popen(
        [sys.executable, "-c", "import sys; sys.path.insert(0, sys.argv[1]); from charts.render import "
         "write_early_charts; write_early_charts(*sys.argv[2:])", str(ROOT), path, str(ctx.cache_dir or ""), out],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    ctx.early_charts = (process, out)
    return f"{len(EARLY)} charts of the tables and state files being made while the text is read"


def write_early_charts(path, cache_dir, out):
    """In the early charts process: {name: (spec, svg, png), or the NoData reason} of each chart of EARLY, read
    from the database file, pickled into the file out."""
    import sqlite_utils

    db, charts = sqlite_utils.Database(sqlite3.connect(f"file:{path}?mode=ro", uri=True)), {}
    for chart_function in EARLY:
        try:
            spec = chart_function(db).to_dict(validate=True)
        except NoData as reason:
            charts[chart_function.__name__] = reason
            continue
        charts[chart_function.__name__] = (spec, *drawn(spec, cache_dir or None))
    db.close()
    Path(out).write_bytes(pickle.dumps(charts))


def early_charts_of(ctx):
    """The early charts process's charts, waited for: {} when none ran or it failed (the charts stage then makes
    them itself, and meets any error there)."""
    if not ctx.early_charts:
        return {}
    process, out = ctx.early_charts
    process.wait()
    try:
        return pickle.loads(Path(out).read_bytes()) if process.returncode == 0 else {}
    finally:
        stop_early_charts(ctx)


def stop_early_charts(ctx):
    """End the early charts process (a build stopped before its charts) and remove its file."""
    if ctx.early_charts:
        process, out = ctx.early_charts
        if process.poll() is None:
            process.terminate()
            process.wait()
        Path(out).unlink(missing_ok=True)
        ctx.early_charts = None


def render_charts(ctx):
    """The build's last stage: render every chart in CHARTS from ctx.db into the `charts` table, skipping those
    whose data is absent; the charts of EARLY come from the early charts stage when it ran. Returns the summary
    line with each chart's time here (making and drawing it, or waiting for it)."""
    db, cache_dir = ctx.db, ctx.cache_dir
    waited = time.perf_counter()
    early = early_charts_of(ctx)
    waited = time.perf_counter() - waited
    rendered, done, skipped = [], [], []
    for position, chart_function in enumerate(CHARTS, 1):
        name = chart_function.__name__
        started = time.perf_counter()
        try:
            if isinstance(early.get(name), NoData):
                raise early[name]
            spec, svg, png = early[name] if name in early else (None, None, None)
            if spec is None:
                spec = chart_function(db).to_dict(validate=True)
                svg, png = drawn(spec, cache_dir)
        except NoData as reason:
            skipped.append(f"{name} ({reason})")
            continue
        rendered.append({"name": name, "position": position, **row_of(spec, svg, png)})
        done.append(f"{name} {time.perf_counter() - started:.2f}s")
    if early:
        done.append(f"the early ones waited for {waited:.2f}s")
    db["charts"].delete_where()
    db["charts"].insert_all(rendered, pk="name")
    return (f"{len(rendered)} charts" + (f": {', '.join(done)}" if done else "")
            + (f"; skipped {', '.join(skipped)}" if skipped else ""))


FORMATS = ("json", "svg", "png", "html")


def write_chart_files(db, out_dir, formats=FORMATS):
    """Write each chart stored in db's `charts` table as <name>.<format> files in out_dir (created if need be):
    json (the Vega-Lite spec, data inline), svg, png, html (a page that draws the chart alone, offline).
    Returns the paths written, in gallery order. Raises ValueError when db has no rendered chart."""
    if not db["charts"].exists() or not db["charts"].count:
        raise ValueError(f"{db.conn.execute('pragma database_list').fetchone()[2]}: no charts in this database; "
                         "build it with `reformkb build`")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for chart in db.query("select name, title, spec, svg, png from charts order by position"):
        for fmt in formats:
            path = out_dir / f"{chart['name']}.{fmt}"
            if fmt == "png":
                path.write_bytes(chart["png"])
            elif fmt == "html":
                path.write_text(embed_page(json.loads(chart["spec"]), chart["title"], inline_bundle=True),
                                encoding="utf-8")
            else:
                path.write_text(chart["spec" if fmt == "json" else fmt], encoding="utf-8")
            written.append(path)
    return written

