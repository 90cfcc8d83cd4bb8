"""Fixtures, and the layers of the suite.

Every test belongs to one layer, read from the fixtures it uses and the `stage` mark:
- unit: functions on tiny inputs, no spaCy (`make test-fast` runs only these; loading spaCy there fails the test);
- stage: one or more build stages on a tiny corpus (`@pytest.mark.stage`, or the `built` fixture);
- corpus: the real corpus built once (`full_db`, `full_db_path`);
- browser: Debian's Chromium through Playwright (`browser`, `open_page`, `server`).
`make test` runs them all, in that order."""

import hashlib
import os
import shutil
import textwrap
from pathlib import Path

import pytest
import sqlite_utils

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
LAYERS = ("unit", "stage", "corpus", "browser")
BROWSER_FIXTURES = {"browser", "open_page", "server"}
CORPUS_FIXTURES = {"full_db", "full_db_path"}


def layer_of(item):
    fixtures = set(getattr(item, "fixturenames", ()))
    if fixtures & BROWSER_FIXTURES:
        return "browser"
    if fixtures & CORPUS_FIXTURES:
        return "corpus"
    if item.get_closest_marker("stage") or "built" in fixtures:
        return "stage"
    return "unit"


def pytest_collection_modifyitems(config, items):
    for item in items:
        item.add_marker(getattr(pytest.mark, layer_of(item)))
    items.sort(key=lambda item: LAYERS.index(layer_of(item)))  # stable: file order within a layer


@pytest.fixture(autouse=True)
def unit_tests_run_without_spacy(request, monkeypatch):
    """A unit test that loads spaCy is a stage test in disguise: fail it, so the fast layer stays fast."""
    if layer_of(request.node) == "unit":
        import spacy

        def refuse(*args, **kwargs):
            raise AssertionError(f"{request.node.nodeid} loads spaCy: mark it @pytest.mark.stage")

        monkeypatch.setattr(spacy, "load", refuse)


def write_document(corpus, slug, body, **meta):
    """Write corpus/documents/<slug>.md with front matter from meta (title defaults to the slug)."""
    meta.setdefault("title", slug.replace("-", " ").title())
    front = "".join(f"{k}: {v}\n" for k, v in meta.items())
    path = Path(corpus) / "documents" / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{front}---\n\n{textwrap.dedent(body).strip()}\n", encoding="utf-8")
    return path


def own_knowledge_file(corpus, name, old, new):
    """Write corpus/<name>: the repository's corpus/<name> with old (found once) replaced by new. Returns its
    lines, for tests that check which line an error names."""
    text = (CORPUS / name).read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    text = text.replace(old, new)
    (Path(corpus) / name).write_text(text, encoding="utf-8")
    return text.split("\n")


@pytest.fixture
def corpus(tmp_path):
    """An empty corpus folder; add documents with write_document()."""
    folder = tmp_path / "corpus"
    (folder / "documents").mkdir(parents=True)
    return folder


@pytest.fixture(scope="session")
def full_db(tmp_path_factory):
    """reform.db built from the real corpus/ once per test session."""
    from reformkb.build import build

    path = tmp_path_factory.mktemp("full") / "reform.db"
    build(CORPUS, path, report=lambda message: None)
    return sqlite_utils.Database(path)


@pytest.fixture(scope="session")
def full_db_path(full_db):
    """Path of the full_db file (for Datasette, which opens the database itself)."""
    return Path(full_db.execute("pragma database_list").fetchone()[2])


# --- browser tests: `reformkb serve` in a subprocess, Debian's Chromium through Playwright, offline ---------------

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).parent / "artifacts"
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "mobile": {"width": 375, "height": 800}}


def free_port():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server(full_db_path, tmp_path_factory):
    """Base URL of `reformkb serve` over the full database, stopped at the end of the session."""
    import shutil
    import subprocess
    import sys
    import time
    import urllib.request

    if not Path(CHROMIUM).exists():
        # in CI a browser test that cannot start its browser fails; elsewhere it may be skipped
        (pytest.fail if os.environ.get("CI") else pytest.skip)(
            f"{CHROMIUM} is not installed (apt-get install chromium)")
    port = free_port()
    reformkb = shutil.which("reformkb", path=str(Path(sys.executable).parent)) or "reformkb"
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    with open(log, "w") as out:
        process = subprocess.Popen([reformkb, "serve", "--db", str(full_db_path), "--port", str(port)],
                                   stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url + "/-/versions.json", timeout=2)
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"reformkb serve did not answer on {url}:\n{log.read_text()}")
            time.sleep(0.2)
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="module")  # Playwright's sync API runs an event loop: keep it out of later async tests
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser):
    """open_page(viewport) → (page, problems): a page (and its iframes) that may only talk to 127.0.0.1; problems
    collects console errors, page errors and the requests it tried to make elsewhere."""
    contexts = []

    def make(viewport="desktop"):
        context = browser.new_context(viewport=VIEWPORTS[viewport])
        contexts.append(context)
        page = context.new_page()
        problems = []

        def only_local(route):
            if route.request.url.startswith("http://127.0.0.1:"):
                route.continue_()
            else:
                problems.append(f"request to another host: {route.request.url}")
                route.abort()

        context.route("**/*", only_local)  # the context's route also covers iframes
        page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
        page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
        return page, problems

    yield make
    for context in contexts:
        context.close()


# --- a good build to spoil: the tests of bad input that must leave the old database as it was ---------------

def built_until(corpus, stage):
    """An in-memory database of the corpus, built through the stage called stage (reformkb.build.run_stages)."""
    from loaders import schema
    from loaders.context import BuildContext
    from reformkb.build import run_stages

    db = sqlite_utils.Database(memory=True)
    schema.create(db)
    run_stages(BuildContext(db, corpus), until=stage)
    return db


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def good_corpus(corpus):
    write_document(corpus, "one", "The board met.\n\nIt voted.", title="One", published="2015")
    write_document(corpus, "two", "Another text.", title="Two")


def run_build(corpus, db, *options):
    from click.testing import CliRunner

    from reformkb.cli import cli

    return CliRunner().invoke(cli, ["build", "--corpus", str(corpus), "--db", str(db), "--quiet", *options])


@pytest.fixture(scope="module")
def good_build(tmp_path_factory):
    """(corpus, reform.db) of good_corpus(), built once for the module."""
    folder = tmp_path_factory.mktemp("good")
    corpus = folder / "corpus"
    good_corpus(corpus)
    result = run_build(corpus, folder / "reform.db")
    assert result.exit_code == 0, result.output
    return corpus, folder / "reform.db"


@pytest.fixture
def old_build(good_build, tmp_path):
    """(corpus, reform.db, its digest): a copy of good_build in tmp_path, to spoil."""
    corpus, db = tmp_path / "corpus", tmp_path / "reform.db"
    shutil.copytree(good_build[0], corpus)
    shutil.copy(good_build[1], db)
    return corpus, db, digest(db)


def assert_refused(result, db, before, *messages):
    """A clean refusal: exit code 1, each message in the output, no traceback, the old database as it was and
    no temporary file beside it."""
    assert result.exit_code == 1, result.output
    for message in messages:
        assert message in result.output, result.output
    assert "Traceback" not in result.output and result.exc_info[0] is SystemExit, result.output
    assert "left unchanged" in result.output
    assert digest(db) == before
    assert not list(db.parent.glob(".*.building"))
