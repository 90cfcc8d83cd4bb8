"""Load test on loopback: the real server (`reformkb serve`, one process) under mixed page traffic from 1, 8, 32 and 64
concurrent clients, and at 32 clients once more while three other clients send hostile SQL the whole time.

Each round lasts SECONDS. Every other request of a client goes round the pages (home, the most mentioned entity,
the longest document, a reform, search, timeline, conflicts, reforms, canned queries, a Datasette table page, a
JSON export) and some bad requests that must answer 4xx; the others go down a long tail of pages that rarely come
twice in a round (every entity, document and reform page, a search for each entity's name, Datasette's row pages),
so that the server's response cache (datasette/plugins/cache.py) is measured with its misses, not only its hits. An error is a 5xx, a connection failure or timeout, or any status other than the
expected one. The hostile queries' answers (4xx: refused or interrupted) are counted apart; the page traffic's
figures are what counts. Goal: 32 clients with three hostile queries, 0 errors and p95 < 1000 ms (printed, not
asserted). The client runs in this process, on the same machine: at high concurrency it shares the CPU with the
server.

`report(db_path)` prints the table (bench/bench.py calls it on a corpus of 200 documents); run alone:
    .venv/bin/python bench/load.py [--db reform.db] [--seconds 15]
Without --db it builds the bench corpus (bench.make_corpus) with enough copies for 200 documents first."""

import argparse
import asyncio
import math
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pages  # noqa: E402  (bench/pages.py)

LEVELS = (1, 8, 32, 64)
GOAL_CLIENTS, GOAL_MS = 32, 1000
SECONDS = 15
DOCUMENTS = 200
BAD = 4  # expected status "4xx"
HOSTILE_SQL = (
    "select length(printf('%.*c', 900000000, 'x'))",
    "select length(randomblob(900000000))",
    "with recursive c(x) as (select 1 union all select x + 1 from c where x < 1000000000) select count(*) from c",
)


def traffic(db_path):
    """[(label, path, expected status)] of the page mix: pages.main_pages, more pages, and bad requests."""
    mix = [(label, path, 200) for label, path in pages.main_pages(db_path).items()]
    mix += [("conflicts", "/conflicts", 200), ("reforms", "/reforms", 200),
            ("table page", "/reform/entities", 200), ("JSON export", "/reform/mentions.json?_size=max", 200),
            # a lone quote: once an FTS5 syntax error, now an empty search (the examples page)
            ("search for a quote", "/search?q=%22", 200),
            ("bad: entity id", "/entities/99999999999999999999", BAD),
            ("bad: long search", "/search?q=" + "x" * 501, BAD),
            ("bad: document", "/documents/no-such-document", BAD),
            ("bad: SQL syntax", "/reform?sql=select+from", BAD)]
    return mix


def long_tail(db_path):
    """[(label, path, 200)] of pages a round seldom asks twice: every entity, document and reform, a search for each
    entity's name, and rows of Datasette's passages table, in a fixed shuffled order."""
    import random

    import sqlite_utils

    db = sqlite_utils.Database(db_path)
    tail = [("tail: entity", f"/entities/{i}", 200) for i, in db.execute("select id from entities where mentions > 0")]
    tail += [("tail: document", f"/documents/{slug}", 200) for slug, in db.execute("select slug from documents")]
    tail += [("tail: reform", f"/reforms/{slug}", 200) for slug, in db.execute("select slug from reforms")]
    tail += [("tail: search", "/search?" + urlencode({"q": name}), 200)
             for name, in db.execute("select name from entities where type in ('PERSON', 'ORG') limit 500")]
    tail += [("tail: row", f"/reform/passages/{i}", 200) for i, in db.execute("select id from passages")]
    tail += [("tail: mentions table", f"/reform/mentions?entity_id={i}", 200)
             for i, in db.execute("select id from entities where mentions > 0")]
    random.Random(1).shuffle(tail)
    return tail


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db_path, port, log):
    """`reformkb serve` on 127.0.0.1:port, once it answers /."""
    server = subprocess.Popen([Path(sys.executable).with_name("reformkb"), "serve", "--db", str(db_path),
                               "--port", str(port), "--host", "127.0.0.1"], stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise RuntimeError(f"reformkb serve exited with {server.returncode}")
            try:
                if httpx.get(f"http://127.0.0.1:{port}/", timeout=2).status_code == 200:
                    return server
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        raise RuntimeError("reformkb serve did not answer / within 60 s")
    except BaseException:  # Ctrl-C included
        stop_server(server)
        raise


def stop_server(server):
    server.terminate()
    try:
        server.wait(15)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def percentile(sorted_ms, q):
    return sorted_ms[min(len(sorted_ms) - 1, round(q * (len(sorted_ms) - 1)))] if sorted_ms else math.nan


async def timed_get(http, path):
    """(status or the exception's name, ms)."""
    started = time.perf_counter()
    try:
        status = (await http.get(path)).status_code
    except httpx.HTTPError as e:
        status = type(e).__name__
    return status, (time.perf_counter() - started) * 1000


def is_error(status, expected):
    if not isinstance(status, int):
        return True
    return status != expected if expected != BAD else not 400 <= status < 500


async def run_round(base, mix, tail, taken, clients, hostile, seconds):
    """([(label, status, ms, error)] of the page traffic, [(status, ms)] of the hostile SQL), elapsed seconds."""
    page_results, hostile_results = [], []
    stop_at = time.perf_counter() + seconds

    async def page_client(http, offset):
        i = offset
        while time.perf_counter() < stop_at:
            if i % 2:
                label, path, expected = tail[next(taken) % len(tail)]
            else:
                label, path, expected = mix[i // 2 % len(mix)]
            i += 1
            status, ms = await timed_get(http, path)
            page_results.append((label, status, ms, is_error(status, expected)))

    async def hostile_client(http, sql):
        while time.perf_counter() < stop_at:
            hostile_results.append(await timed_get(http, "/reform?" + urlencode({"sql": sql})))

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as http, \
            httpx.AsyncClient(base_url=base, timeout=30) as hostile_http:
        started = time.perf_counter()
        tasks = [page_client(http, n * 7) for n in range(clients)]
        if hostile:
            tasks += [hostile_client(hostile_http, sql) for sql in HOSTILE_SQL]
        await asyncio.gather(*tasks)
    return page_results, hostile_results, time.perf_counter() - started


async def load(base, mix, tail, seconds):
    """[(clients, hostile, page results, hostile results, elapsed)] of every round, after one warm-up pass."""
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        for _, path, _ in mix:
            await http.get(path)
    rounds = [(clients, False) for clients in LEVELS]
    rounds.insert(LEVELS.index(GOAL_CLIENTS) + 1, (GOAL_CLIENTS, True))
    taken = iter(range(10**9))  # shared by the rounds: each goes on down the tail where the last one stopped
    return [(clients, hostile, *await run_round(base, mix, tail, taken, clients, hostile, seconds))
            for clients, hostile in rounds]


def report(db_path, seconds=SECONDS):
    """Serve db_path, run the rounds and print the table; returns whether the goal was met."""
    mix, tail = traffic(db_path), long_tail(db_path)
    with tempfile.NamedTemporaryFile("w+", prefix="reformkb-serve-", suffix=".log") as log:
        port = free_port()
        server = start_server(db_path, port, log)
        try:
            rounds = asyncio.run(load(f"http://127.0.0.1:{port}", mix, tail, seconds))
        finally:
            stop_server(server)
        log.seek(0)
        server_errors = [line.rstrip() for line in log if re.match(r"5\d\d ", line)]  # errors.py's lines

    print(f"load test: {len(mix)} paths in turn and a tail of {len(tail):,}, {seconds} s per round, server {db_path}")
    print("clients hostile  requests   req/s     p50     p95   max ms  errors")
    goal = None
    for clients, hostile, results, hostile_results, elapsed in rounds:
        ms = sorted(r[2] for r in results)
        errors = sum(r[3] for r in results)
        p95 = percentile(ms, 0.95)
        print(f"{clients:>7} {'on' if hostile else 'off':>7} {len(ms):>9,} {len(ms) / elapsed:>7.1f} "
              f"{percentile(ms, 0.5):>7.1f} {p95:>7.1f} {ms[-1] if ms else math.nan:>8.1f} {errors:>7}")
        if hostile:
            goal = errors == 0 and p95 < GOAL_MS
            goal_round = results
            h_ms = sorted(h[1] for h in hostile_results)
            statuses = dict(Counter(h[0] for h in hostile_results).most_common())
            print(f"{'':>16}hostile SQL ({len(HOSTILE_SQL)} clients): {len(h_ms):,} requests, statuses {statuses}, "
                  f"p50 {percentile(h_ms, 0.5):.0f} ms, max {h_ms[-1] if h_ms else math.nan:.0f} ms")
    print(f"\nper path, {GOAL_CLIENTS} clients with hostile SQL:")
    for label in dict.fromkeys([m[0] for m in mix] + sorted({t[0] for t in tail})):
        own = [r for r in goal_round if r[0] == label]
        own_ms = sorted(r[2] for r in own)
        bad = Counter(r[1] for r in own if r[3])
        print(f"  {label:<24}{len(own):>6,}{percentile(own_ms, 0.5):>8.1f}{percentile(own_ms, 0.95):>8.1f} ms"
              + (f"  errors {dict(bad)}" if bad else ""))
    for clients, hostile, results, _, _ in rounds:
        bad = Counter((r[0], r[1]) for r in results if r[3])
        if bad:
            print(f"errors at {clients} clients{' with hostile SQL' if hostile else ''}: "
                  + ", ".join(f"{label} → {status} ×{n}" for (label, status), n in bad.items()))
    if server_errors:
        print(f"server log, {len(server_errors)} lines of a 5xx, the first ones:")
        for line in server_errors[:5]:
            print("  " + line)
    print(f"goal: {GOAL_CLIENTS} clients with three hostile queries: 0 errors and p95 < {GOAL_MS} ms — "
          f"{'met' if goal else 'NOT met'}")
    return goal


def build_db(folder):
    """folder/load.db built from the bench corpus (bench.make_corpus) with copies of the seed documents until it
    holds at least DOCUMENTS documents."""
    import bench  # bench/bench.py (imports spaCy)
    from loaders.corpus import find_documents
    from loaders.documents import read_document
    from reformkb.build import build

    seeds = [read_document(path, slug) for slug, path in find_documents(ROOT / "corpus")]
    words_once = sum(len(p.text.split()) for d in seeds for p in d.passages)
    bench.make_corpus(Path(folder) / "corpus", words_once * math.ceil(DOCUMENTS / len(seeds)))  # that many sets
    build(Path(folder) / "corpus", Path(folder) / "load.db", report=lambda message: None)
    return Path(folder) / "load.db"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help=f"database to serve (default: build {DOCUMENTS} bench documents)")
    parser.add_argument("--seconds", type=float, default=SECONDS, help="length of each round")
    args = parser.parse_args()
    if args.db:
        report(args.db, args.seconds)
        return
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        db_path = build_db(tmp)
        print(f"built {DOCUMENTS} bench documents in {time.perf_counter() - started:.0f} s")
        report(db_path, args.seconds)


if __name__ == "__main__":
    main()
