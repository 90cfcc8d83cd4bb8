"""Who appears with whom, drawn (reformkb/network.py, datasette/plugins/network.py and entities.py): the layout, the
graph on entity pages and at /network, the shared-passages pages its edges open, and bad addresses."""

import random
import re

import pytest
import sqlite_utils

from conftest import ARTIFACTS, VIEWPORTS
from loaders import schema
from loaders.associations import co_mention_rows
from reformkb import network
from reformkb.app import make_datasette

# ---------------------------------------------------------------------------------------------------------------
# The layout
# ---------------------------------------------------------------------------------------------------------------


def sample_graph(count=30):
    """count nodes in three clusters plus a few bridges, names of every length (the longest wrapped)."""
    names = ["Los Angeles Unified School District", "Ann", "Roy Romer", "National Center for Research on Evaluation",
             "UTLA", "Eli and Edythe Broad Foundation", "Ramon Cortines", "Bill & Melinda Gates Foundation"]
    nodes = [{"id": i, "lines": network.label_lines(f"{names[i % len(names)]} {i}"), "size": 1 + (i * 7) % 11}
             for i in range(1, count + 1)]
    edges = [{"source": i, "target": j, "weight": (i + j) % 5}
             for i in range(1, count + 1) for j in range(i + 1, count + 1) if i % 3 == j % 3 and j - i < 9]
    edges += [{"source": 1, "target": 2, "weight": 1}, {"source": 2, "target": 3, "weight": 1}]
    return nodes, edges


def boxes(drawn):
    """Each drawn node's box: its circle and the label beneath it (the estimate the layout keeps apart)."""
    font = drawn["font"]
    for n in drawn["nodes"]:
        half = max(2 * n["r"], max(network.text_width(t, font) for t in n["lines"])) / 2
        bottom = n["label_y"] + (len(n["lines"]) - 1) * n["line"] + font * 0.25
        yield n["id"], (n["x"] - half, n["y"] - n["r"], n["x"] + half, bottom)


@pytest.mark.parametrize("size", ["WIDE", "NARROW"])
def test_layout_is_deterministic_and_keeps_labels_apart_inside_the_frame(size):
    nodes, edges = sample_graph()
    settings = getattr(network, size)
    drawn = network.layout(nodes, edges, **settings)
    shuffled = random.Random(7).sample(nodes, len(nodes)), random.Random(8).sample(edges, len(edges))
    assert network.layout(*shuffled, **settings) == drawn  # the input's order changes nothing
    assert drawn["width"] == settings["width"] and 0 < drawn["height"] < 3000
    placed = dict(boxes(drawn))
    for left, top, right, bottom in placed.values():
        assert 0 <= left and right <= drawn["width"] and 0 <= top and bottom <= drawn["height"]
    clashes = [(a, b) for a in placed for b in placed if a < b
               and min(placed[a][2], placed[b][2]) > max(placed[a][0], placed[b][0])
               and min(placed[a][3], placed[b][3]) > max(placed[a][1], placed[b][1])]
    assert clashes == []
    ends = {n["id"]: (n["x"], n["y"]) for n in drawn["nodes"]}
    for e in drawn["edges"]:
        assert (e["x1"], e["y1"]) == ends[e["source"]] and (e["x2"], e["y2"]) == ends[e["target"]]


def test_layout_pins_the_centre_and_copes_with_tiny_graphs():
    nodes = [{"id": i, "lines": [f"N{i}"], "size": 1} for i in (5, 6, 7)]
    edges = [{"source": 5, "target": 6, "weight": 1}, {"source": 5, "target": 7, "weight": 1}]
    drawn = network.layout(nodes, edges, centre=5, **network.WIDE)
    centre = next(n for n in drawn["nodes"] if n["id"] == 5)
    others = [n for n in drawn["nodes"] if n["id"] != 5]
    assert min(o["x"] for o in others) < centre["x"] < max(o["x"] for o in others) or \
        min(o["y"] for o in others) < centre["y"] < max(o["y"] for o in others)
    assert network.layout([], [], **network.WIDE)["nodes"] == []
    lone = network.layout(nodes[:1], [], **network.NARROW)
    assert lone["nodes"][0]["x"] > 0 and lone["height"] > 0


def test_label_lines():
    assert network.label_lines("Ramon Cortines") == ["Ramon Cortines"]
    assert network.label_lines("Los Angeles Unified School District", ["LAUSD", "Los Angeles Unified"]) == ["LAUSD"]
    assert network.label_lines("Eli and Edythe Broad Foundation", ["Broad"]) == ["Eli and Edythe Broad", "Foundation"]
    lines = network.label_lines("National Center for Research on Evaluation, Standards, and Student Testing")
    assert lines == ["National Center for", "Research on Evaluatio…"]
    assert all(len(line) <= network.LABEL_CHARS for line in lines)


# ---------------------------------------------------------------------------------------------------------------
# The pages, on a knowledge base written here: LAUSD is in every passage, people and an organization are not
# ---------------------------------------------------------------------------------------------------------------

LAUSD, ANN, BOB, ACME, YEAR, CARL = 1, 2, 3, 4, 5, 6
ENTITIES = [(LAUSD, "Los Angeles Unified School District", "ORG"), (ANN, "Ann Able", "PERSON"),
            (BOB, "Bob Baker", "PERSON"), (ACME, "Acme Foundation", "ORG"), (YEAR, "1993", "DATE"),
            (CARL, "Carl Cole", "PERSON")]
PASSAGES = [[LAUSD, ANN, ACME, YEAR], [LAUSD, ANN, ACME], [LAUSD, BOB, ANN], [LAUSD, CARL], [LAUSD], [LAUSD]]


def write_network_kb(path):
    """One document of six passages, each naming the entities of PASSAGES; co_mentions computed by the loader's
    own function. Returns path."""
    db = sqlite_utils.Database(path)
    schema.create(db)
    db["documents"].insert({"id": 1, "slug": "doc", "title": "A Document", "passages": len(PASSAGES)})
    names = {i: name for i, name, _ in ENTITIES}
    mentions = []
    for seq, entity_ids in enumerate(PASSAGES, start=1):
        text = ", ".join(names[i] for i in entity_ids) + " met."
        db["passages"].insert({"id": seq, "document_id": 1, "seq": seq, "kind": "paragraph", "text": text})
        for i in entity_ids:
            start = text.index(names[i])
            mentions.append({"id": len(mentions) + 1, "entity_id": i, "document_id": 1, "passage_id": seq,
                             "start": start, "end": start + len(names[i]), "text": names[i]})
    db["entities"].insert_all({"id": i, "name": name, "type": t, "value": int(t == "DATE"),
                               "mentions": sum(m["entity_id"] == i for m in mentions), "documents": 1}
                              for i, name, t in ENTITIES)
    db["entity_aliases"].insert({"entity_id": LAUSD, "alias": "LAUSD", "source": "gazetteer"})
    db["mentions"].insert_all(mentions)
    db["co_mentions"].insert_all(co_mention_rows(mentions))
    schema.index_text(db)
    db.close()
    return path


@pytest.fixture
def net_ds(tmp_path):
    return make_datasette(write_network_kb(tmp_path / "net.db"))


async def get_ok(ds, path):
    response = await ds.client.get(path)
    assert response.status_code == 200, f"{path}: {response.status_code}\n{response.text[-2000:]}"
    return response.text


def section(html, start, end):
    return html[html.index(start):html.index(end, html.index(start))]


def edge_links(html):
    """The shared-passages links of a page's drawn graph (each edge is drawn twice: wide and narrow)."""
    svgs = re.findall(r"<svg class=\"net .*?</svg>", html, re.S)
    return [set(re.findall(r'<a href="(/entities/\d+/with/\d+)"><title>', svg)) for svg in svgs]


async def test_entity_page_ranks_specific_names_above_ubiquitous_ones(net_ds):
    html = await get_ok(net_ds, f"/entities/{ANN}")
    names = section(html, '<p class="chips associates">', "</p>")
    order = [int(i) for i in re.findall(r'class="ent ent-\w+" href="/entities/(\d+)"', names)]
    assert order == [ACME, BOB, LAUSD]  # LAUSD shares the most passages with Ann, and says the least
    assert f'href="/entities/{ANN}/with/{ACME}"' in names and ">2&nbsp;passages</a>" in names
    values = section(html, '<p class="hint values">', "</p>")
    assert f'href="/entities/{ANN}/with/{YEAR}"' in values and f"/entities/{YEAR}\"" not in names


async def test_every_edge_opens_the_passages_its_ends_share(net_ds):
    for path in [f"/entities/{ANN}", "/network"]:
        html = await get_ok(net_ds, path)
        wide, narrow = edge_links(html)
        assert wide == narrow and wide, path
        for link in wide:
            a, b = map(int, re.findall(r"\d+", link))
            page = await get_ok(net_ds, link)
            shared = [i + 1 for i, ids in enumerate(PASSAGES) if a in ids and b in ids]
            assert page.count('<li><blockquote>') == len(shared), link
            for seq in shared:
                assert f'href="/documents/doc#p{seq}"' in page
            for i in (a, b):  # both names highlighted, in every passage
                assert page.count(f'href="/entities/{i}"') >= len(shared)
    corpus = await get_ok(net_ds, "/network")
    # the whole corpus's graph keeps only pairs that meet more often than chance: LAUSD meets everyone by chance
    assert f"/entities/{LAUSD}/with/" not in corpus and f"/with/{LAUSD}\"" not in corpus
    assert f'href="/entities/{ANN}/with/{ACME}"' in corpus or f'href="/entities/{ACME}/with/{ANN}"' in corpus


async def test_shared_passages_page(net_ds):
    html = await get_ok(net_ds, f"/entities/{ANN}/with/{ACME}")
    assert "in 2 passages of 1 document" in html and "1.00 passages would name both" in html
    assert "Ann Able is named in 3 passages, Acme Foundation in 2, of 6" in html
    assert 'href="/documents/doc#p1"' in html and 'href="/documents/doc#p2"' in html
    assert f'href="/entities/{ACME}/with/{ANN}"' in html  # the same pair from the other side
    lausd = await get_ok(net_ds, f"/entities/{ANN}/with/{LAUSD}")
    assert "log-likelihood 0.0" in lausd and "in 3 passages" in lausd


@pytest.mark.parametrize("path", [
    f"/entities/{ANN}/with/abc", f"/entities/{ANN}/with/99999999999999999999999", "/entities/99999999999999999999999",
    f"/entities/99999999999999999999999/with/{ANN}", f"/entities/{ANN}/with/{ANN}", f"/entities/{CARL}/with/{ACME}",
    f"/entities/{ANN}/with/77", f"/entities/{ANN}/with/{ACME}/more", f"/entities/abc/with/{ANN}",
    f"/entities/{ANN}/with/%C2%B2", f"/entities/{ANN}/with/-1",
])
async def test_bad_addresses_are_404_not_500(net_ds, path):
    response = await net_ds.client.get(path)
    assert response.status_code == 404, path


async def test_network_page_and_its_link(net_ds, tmp_path):
    html = await get_ok(net_ds, "/network")
    assert '<a href="/network">Network</a>' in html and 'class="net net-wide"' in html
    assert "<script" not in section(html, '<section class="content">', "</section>")
    assert f'href="/entities/{ANN}"' in html and f'href="/entities/{YEAR}"' not in html  # no values in the graph
    empty = tmp_path / "empty.db"
    db = sqlite_utils.Database(empty)
    schema.create(db)
    schema.index_text(db)
    db.close()
    nothing = await get_ok(make_datasette(empty), "/network")
    assert "No people or organizations are named together" in nothing


async def test_entity_page_draws_its_people_and_organizations(net_ds):
    html = await get_ok(net_ds, f"/entities/{ANN}")
    svg = section(html, '<svg class="net net-wide"', "</svg>")
    drawn = set(map(int, re.findall(r'<a href="/entities/(\d+)" class=', svg)))
    assert drawn == {ANN, ACME, BOB, LAUSD}  # the date is no node; Carl never meets Ann
    assert 'class="ent-PERSON centre"' in svg and ">LAUSD</tspan>" in svg
    # Carl meets only LAUSD: a list says it all, no graph
    assert 'class="net net-wide"' not in await get_ok(net_ds, f"/entities/{CARL}")


# ---------------------------------------------------------------------------------------------------------------
# In the browser, on the full corpus: nothing overlaps or spills at phone and desktop widths
# ---------------------------------------------------------------------------------------------------------------

OVERLAPS = """() => {
  const svg = [...document.querySelectorAll('svg.net')].find(s => s.getBoundingClientRect().width > 0);
  if (!svg) return null;
  const boxes = [...svg.querySelectorAll('text')].map(t => t.getBoundingClientRect());
  let clashes = 0;
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i], b = boxes[j];
    const across = Math.min(a.right, b.right) - Math.max(a.left, b.left);
    const down = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
    if (across > 1 && down > 1) clashes++;
  }
  // the labels' size on screen: their font size times the drawing's scale
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const size = parseFloat(getComputedStyle(svg.querySelector('text')).fontSize) * scale;
  return {clashes, labels: boxes.length, size};
}"""


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_network_in_the_browser(server, full_db, open_page, viewport):
    hub = full_db.execute("""select e.id from entities e join co_mentions c on e.id in (c.entity_a, c.entity_b)
        where e.type in ('PERSON', 'ORG') group by e.id order by count(*) desc, e.id limit 1""").fetchone()[0]
    ARTIFACTS.mkdir(exist_ok=True)
    page, problems = open_page(viewport)
    for name, path in {"network": "/network", "entity-network": f"/entities/{hub}"}.items():
        page.goto(server + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, f"{path} scrolls sideways by {overflow}px at {viewport} width"
        drawn = page.evaluate(OVERLAPS)
        assert drawn and drawn["labels"] > 2, path
        assert drawn["clashes"] == 0 and drawn["size"] >= 10.5, (path, drawn)
        page.screenshot(path=ARTIFACTS / f"{name}-{viewport}.png", full_page=True)
    # an edge opens the passages its two ends share
    page.goto(server + "/network")
    edge = page.locator("svg.net:visible g.edges a").first
    href = edge.get_attribute("href")
    page.goto(server + href)
    assert page.locator("ul.contexts blockquote").count() >= 1
    assert problems == []
