"""Page latency: p50/p95 of the main pages through Datasette's in-process client (no network, no browser), with
the response cache emptied before each request.

`report(db_path)` prints the table (bench/bench.py calls it on the full corpus); run alone:
    .venv/bin/python bench/pages.py [--db reform.db] [--runs 30]
Without --db it builds the full corpus into a temporary file first. Goal: p95 <= 300 ms for every page."""

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

import sqlite_utils

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GOAL_MS = 300


def main_pages(db_path):
    """{label: path} of the pages to time, picked from the database: the longest document, the most mentioned
    entity, the reform with the most citations, and the fixed pages (the timeline, conflicts and search among
    them)."""
    db = sqlite_utils.Database(db_path)

    def first(sql):
        row = db.execute(sql).fetchone()
        return row[0] if row else None

    picked = {
        "home": "/",
        "document": f"/documents/{first('select slug from documents order by words desc limit 1')}",
        "entity": f"/entities/{first('select id from entities order by mentions desc limit 1')}",
        "reform": f"/reforms/{first('select slug from reforms order by citations desc, id limit 1')}",
        "timeline": "/timeline",
        "conflicts": "/conflicts",
        "search": "/search?q=LAAMP",
        "canned query": "/reform/entity?name=LAAMP",
        "canned query (growth)": "/reform/charter_growth_by_year",
    }
    db.close()
    return {label: path for label, path in picked.items() if not path.endswith("/None")}


async def measure(db_path, paths, runs=30):
    """{label: (p50 ms, p95 ms, status)} over `runs` requests per path after one warm-up request. The server's
    response cache (datasette/plugins/cache.py) is emptied before each request: what is timed is the page's own
    cost, as a visitor meets it the first time."""
    from reformkb.app import make_datasette

    ds = make_datasette(db_path)
    results = {}
    for label, path in paths.items():
        status = (await ds.client.get(path)).status_code  # warm-up: startup, templates, SQLite page cache
        timings = []
        for _ in range(runs):
            ds.response_cache.clear()
            started = time.perf_counter()
            await ds.client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
        results[label] = (statistics.median(timings), p95, status)
    return results


def report(db_path, runs=30):
    """Print p50/p95 per page for db_path; returns the results."""
    paths = main_pages(db_path)
    results = asyncio.run(measure(db_path, paths, runs))
    print(f"{'page':<24}{'path':<48}{'p50':>7}{'p95':>7}  status")
    for label, (p50, p95, status) in results.items():
        flag = "" if p95 <= GOAL_MS else f"  over the {GOAL_MS} ms goal"
        print(f"{label:<24}{paths[label]:<48}{p50:>7.1f}{p95:>7.1f}  {status}{flag}")
    met = all(p95 <= GOAL_MS and status == 200 for _, p95, status in results.values())
    print(f"goal p95 <= {GOAL_MS} ms on every page ({runs} requests each): {'met' if met else 'NOT met'}")
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="database to time (default: build the full corpus first)")
    parser.add_argument("--runs", type=int, default=30, help="requests per page")
    args = parser.parse_args()
    if args.db:
        report(args.db, args.runs)
        return
    from reformkb.build import build

    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "reform.db"
        build(ROOT / "corpus", db_path, report=lambda message: None)
        report(db_path, args.runs)


if __name__ == "__main__":
    main()
