"""Hostile requests to the server: every bad request a cheap 4xx with one short log line, SQL that cannot take
the server down, pages whose size does not grow with the corpus, security headers on every response."""

import logging
import time

import pytest

from reformkb.app import make_datasette
from test_pages import load_plugin, write_small_kb

LONGEST_LOG_LINE = 500


@pytest.fixture(scope="module")
def ds(tmp_path_factory):
    return make_datasette(write_small_kb(tmp_path_factory.mktemp("hostile") / "small.db"))


BAD_REQUESTS = [
    ("/entities/99999999999999999999", 404),
    ("/entities/" + "9" * 5000, 404),
    ("/entities/1/with/" + "9" * 5000, 404),
    ("/entities/1?page=" + "9" * 5000, 200),
    ("/search?q=%22", 200),
    ("/search?q=%00", 200),
    ("/search?q=%22%22%22+OR+NEAR(", 200),
    ("/search?q=" + "a" * 50000, 400),
    ("/search?q=" + "%25_" * 200, 200),
    ("/search?q=a&page=999999999999999999", 200),
    ("/search?q=a&page=" + "9" * 5000, 200),
    ("/timeline?year=%C2%B2", 200),
    ("/conflicts?page=99999999999999999999", 200),
    ("/reform/passages?_sort=nope", 400),
    ("/reform/passages?_sort_desc=nope", 400),
    ("/reform/passages.json?_sort=nope", 400),
]


@pytest.mark.parametrize("path,status", BAD_REQUESTS, ids=[p[:40] for p, _ in BAD_REQUESTS])
async def test_bad_requests_are_cheap_4xx_with_a_short_log_line(ds, path, status, caplog, capsys):
    caplog.set_level(logging.INFO)
    response = await ds.client.get(path)
    assert response.status_code == status
    captured = capsys.readouterr()
    logged = [r.getMessage() for r in caplog.records if r.name.startswith("reformkb")] + (captured.out + captured.err).splitlines()
    assert len(logged) <= 1, logged  # no traceback, no locals, no repeated SQL parameters
    assert all(len(line) < LONGEST_LOG_LINE for line in logged)


async def test_an_unexpected_error_is_a_500_logged_in_one_line(tmp_path, caplog, capsys, monkeypatch):
    from reformkb import web

    own = make_datasette(write_small_kb(tmp_path / "small.db"))

    def boom(*args, **kwargs):
        raise RuntimeError("boom " + "x" * 5000)

    monkeypatch.setattr(web, "TYPE_LABELS", None)  # pages render type_labels: break them
    monkeypatch.setattr(web, "type_class", boom)
    caplog.set_level(logging.INFO)
    response = await own.client.get("/entities/1")
    assert response.status_code == 500 and "xxxxx" not in response.text
    captured = capsys.readouterr()
    assert not captured.err.strip() and not captured.out.strip()
    [line] = [r.getMessage() for r in caplog.records if r.name.startswith("reformkb")]
    assert line.startswith("500 GET /entities/1: ") and len(line) < LONGEST_LOG_LINE


async def asgi_get(ds, raw_path):
    """Status and headers of a request sent to the ASGI app as raw_path, unnormalised (httpx would clean `..`)."""
    messages = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        messages.append(message)

    path = raw_path.decode("latin-1")
    await ds.app()({"type": "http", "http_version": "1.1", "method": "GET", "scheme": "http", "path": path,
                    "raw_path": raw_path, "query_string": b"", "headers": [(b"host", b"localhost")],
                    "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80)}, receive, send)
    start = messages[0]
    return start["status"], dict(start["headers"])


@pytest.mark.parametrize("raw_path", [b"/reform/../etc", b"/..", b"/documents/../entities", b"/reform/%2e%2e/x",
                                      b"/entities/1/with/.."])
async def test_dot_segments_are_404(ds, raw_path, capsys):
    await ds.invoke_startup()
    status, _ = await asgi_get(ds, raw_path)
    assert status == 404
    captured = capsys.readouterr()
    assert len((captured.out + captured.err).splitlines()) <= 1


SQL_ATTACKS = ["select length(printf('%.*c', 900000000, 'x'))", "select length(randomblob(900000000))",
               "select length(zeroblob(900000000))", "select length(replace(hex(zeroblob(10000000)), '0', 'xxxx'))"]


@pytest.mark.parametrize("sql", SQL_ATTACKS)
async def test_huge_values_fail_fast_with_a_4xx(ds, sql, capsys):
    started = time.perf_counter()
    response = await ds.client.get("/reform.json", params={"sql": sql})
    assert 400 <= response.status_code < 500
    assert "too big" in response.text or "function raised exception" in response.text
    assert time.perf_counter() - started < 5  # unbounded, printf took 160 s and 2.7 GB here
    captured = capsys.readouterr()
    assert len((captured.out + captured.err).splitlines()) <= 1


async def test_three_slow_queries_leave_threads_for_the_pages(ds):
    import asyncio

    slow = "with recursive n(i) as (select 1 union all select i + 1 from n) select count(*) from n"
    attacks = [asyncio.create_task(ds.client.get("/reform.json", params={"sql": slow})) for _ in range(3)]
    await asyncio.sleep(0.05)
    assert ds.setting("num_sql_threads") > 3
    assert (await ds.client.get("/")).status_code == 200
    for response in await asyncio.gather(*attacks):
        assert response.status_code == 400  # the time limit stops each


PAGES = ["/", "/documents", "/entities", "/entities/1", "/reforms", "/timeline", "/conflicts", "/search?q=board",
         "/reform", "/reform/passages", "/reform?sql=select+1", "/-/metadata", "/nope"]


def script_policy(response):
    policy = dict(part.strip().split(" ", 1) for part in response.headers["content-security-policy"].split(";"))
    return policy["script-src"].split()


@pytest.mark.parametrize("path", PAGES)
async def test_every_page_runs_only_the_scripts_its_templates_and_plugins_wrote(ds, path):
    headers = load_plugin("headers")
    INLINE_SCRIPT, script_hash = headers.INLINE_SCRIPT, headers.script_hash
    response = await ds.client.get(path)
    allowed = script_policy(response)
    assert "'unsafe-inline'" not in allowed and "'unsafe-eval'" not in allowed and "*" not in allowed
    scripts = INLINE_SCRIPT.findall(response.text)
    assert scripts and all(script_hash(script) in allowed for script in scripts)
    assert script_hash("alert(1)") not in allowed
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY" and "frame-ancestors 'none'" in \
        response.headers["content-security-policy"]


@pytest.fixture(scope="module")
def charted(tmp_path_factory):
    """Datasette over the small knowledge base with its charts rendered, and one chart's name."""
    import sqlite_utils
    from charts.render import render_charts
    from loaders.context import BuildContext

    path = write_small_kb(tmp_path_factory.mktemp("charted") / "small.db")
    render_charts(BuildContext(sqlite_utils.Database(path), None))
    [name] = [r[0] for r in sqlite_utils.Database(path).execute("select name from charts order by position limit 1")]
    return make_datasette(path), name


async def test_only_the_chart_embeds_may_be_framed(charted):
    own, name = charted
    embed = await own.client.get(f"/charts/{name}/embed")
    assert embed.status_code == 200 and "x-frame-options" not in embed.headers
    assert "frame-ancestors *" in embed.headers["content-security-policy"]
    assert "<script>" not in embed.text  # its code is the served bundle and draw script, allowed by 'self'
    page = await own.client.get(f"/charts/{name}")
    assert page.headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize("host", ['evil.example"><script>alert(1)</script>', "a b", "x" * 400])
async def test_the_embed_snippet_does_not_reflect_a_hostile_host_header(charted, host):
    own, name = charted
    response = await own.client.get(f"/charts/{name}", headers={"host": host})
    assert response.status_code == 200
    assert "http://localhost/charts/" in response.text and "evil.example" not in response.text


FORMULAS = "select '=HYPERLINK(\"http://x\")' as a, -5 as b, '-2+3' as c, '@SUM(1)' as d, 'x, y' as e, " \
           "'=1,2' as f, '+1.5e3' as g, 'plain' as h"


async def test_csv_exports_make_formulas_inert(ds):
    import csv

    response = await ds.client.get("/reform.csv", params={"sql": FORMULAS})
    assert response.status_code == 200
    [header, row] = list(csv.reader(response.text.splitlines()))
    assert dict(zip(header, row)) == {"a": "'=HYPERLINK(\"http://x\")", "b": "-5", "c": "'-2+3", "d": "'@SUM(1)",
                                      "e": "x, y", "f": "'=1,2", "g": "+1.5e3", "h": "plain"}


@pytest.mark.unit
def test_the_formula_guard_gives_the_same_text_however_the_stream_is_cut():
    import csv
    import io

    guard_module = load_plugin("exports")
    rows = [["=cmd|' /C calc'!A0", "née, “quoted” \"x\"", "-3", "line\nbreak", "@x", ""], ["+", "-", "ok", "é" * 3]]
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    data = text.getvalue().encode()
    whole = guard_module.FormulaGuard().feed(data, final=True)
    expected = [[("'" + cell if cell and cell[0] in "=+-@" and cell != "-3" else cell) for cell in row] for row in rows]
    assert list(csv.reader(io.StringIO(whole.decode()))) == expected
    for cut in range(1, len(data)):  # in two pieces at every byte, a UTF-8 character's middle included
        guard = guard_module.FormulaGuard()
        assert guard.feed(data[:cut]) + guard.feed(data[cut:], final=True) == whole


@pytest.mark.parametrize("sql", ["select * from pragma_database_list", "select file from pragma_database_list()",
                                 "select group_concat(file) from pragma_database_list"])
async def test_queries_do_not_disclose_the_servers_file_paths(ds, sql):
    response = await ds.client.get("/reform.json", params={"sql": sql, "_shape": "array"})
    assert response.status_code == 200 and ds.databases["reform"].path not in response.text
    assert "/tmp" not in response.text and all(value is None for row in response.json()
                                               for name, value in row.items() if name != "seq" and name != "name")


async def test_visitors_sql_runs_one_query_at_a_time_and_a_crowd_gets_429(ds):
    import asyncio

    slow = "with recursive n(i) as (select 1 union all select i + 1 from n) select count(*) from n"
    crowd = [asyncio.create_task(ds.client.get("/reform.json", params={"sql": slow})) for _ in range(12)]
    await asyncio.sleep(0.05)
    assert (await ds.client.get("/reform/passages.json")).status_code == 200  # the pages go on meanwhile
    statuses = sorted(r.status_code for r in await asyncio.gather(*crowd))
    # one runs, eight wait their turn (each stopped by the time limit), the rest are told to come back
    assert statuses == [400] * 9 + [429] * 3
    assert (await ds.client.get("/reform.json", params={"sql": "select 1"})).status_code == 200


async def test_a_where_condition_on_a_table_page_waits_its_turn_like_any_visitors_sql(ds):
    import asyncio

    slow = "(with recursive n(i) as (select 1 union all select i + 1 from n) select count(*) from n) > 0"
    crowd = [asyncio.create_task(ds.client.get("/reform/passages.json", params={"_where": slow}))
             for _ in range(12)]
    statuses = [r.status_code for r in await asyncio.gather(*crowd)]
    assert sorted(statuses) == [400] * 9 + [429] * 3  # each stopped by the time limit, in turn; a crowd told to wait
    assert (await ds.client.get("/reform/passages.json", params={"_where": "1"})).status_code == 200
