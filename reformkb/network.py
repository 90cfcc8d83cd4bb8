"""Who appears with whom, drawn: the people and organizations named together (co_mentions) as a graph laid out
here, in Python, so that the pages draw it as inline SVG with no script and no network
(datasette/templates/reform/_network.html).

Each graph is laid out twice: wide for screens, narrow and taller for phones, so labels keep their size (one
drawing scaled down to a phone would shrink them to nothing). Each connected part is laid out alone by a force
layout (Fruchterman–Reingold) from fixed starting points, its label boxes are pushed apart, and the parts are
packed in rows: the same graph always gives the same picture, with no label over another. Pure Python: 40 nodes
take well under 0.1 s, not worth a dependency."""

import functools
import json
import math

from reformkb.web import query, type_class

NETWORK_TYPES = ("PERSON", "ORG")  # the graph is of people and organizations
IN_NETWORK = "in (" + ", ".join(f"'{t}'" for t in NETWORK_TYPES) + ")"
WIDE, NARROW = {"width": 720, "font": 12, "aspect": 1.6}, {"width": 340, "font": 11, "aspect": 0.8}
LABEL_CHARS = 22  # a longer name is written on two lines (or as its acronym)

# rough advance widths in em of a sans-serif face: enough to keep label boxes from overlapping
NARROW_CHARS, WIDE_CHARS = set("iIjlt.,;:'’!|()[] -"), set("mwMWQGOD@&%")


def text_width(text, font):
    """An estimate of text's width in pixels at font px."""
    return font * sum(0.3 if c in NARROW_CHARS else 0.85 if c in WIDE_CHARS else 0.66 if c.isupper() else 0.55
                      for c in text)


def label_lines(name, aliases=()):
    """name as one or two short lines: an acronym alias (LAUSD) where the name is long, else the name wrapped at a
    space, the second line cut with an ellipsis where it is still too long."""
    if len(name) <= LABEL_CHARS:
        return [name]
    acronyms = sorted((a for a in aliases if a.isupper() and " " not in a and 2 <= len(a) <= 8),
                      key=lambda a: (len(a), a))
    if acronyms:
        return [acronyms[0]]
    words, first = name.split(), ""
    while words and len(f"{first} {words[0]}".strip()) <= LABEL_CHARS:
        first = f"{first} {words.pop(0)}".strip()
    if not first:  # one long word
        first, words = name[:LABEL_CHARS], [name[LABEL_CHARS:]]
    rest = " ".join(words).lstrip(", ")
    return [first.rstrip(","), rest if len(rest) <= LABEL_CHARS else rest[:LABEL_CHARS - 1].rstrip() + "…"]


def layout(nodes, edges, width, font, centre=None, aspect=1.5, iterations=250):
    """Positions for a graph, in a frame width pixels wide and as tall as it needs.

    nodes: dicts with id, lines (label_lines) and size (any positive number: the circle's area follows it);
    edges: dicts with source, target (node ids) and weight (> 0 pulls harder). centre: a node id pinned to the
    middle of its part. aspect: the width:height each connected part aims at. Returns {"width", "height", "font",
    "nodes", "edges"}: copies of the nodes with x, y, r, the first label line's baseline (label_y) and the line
    height, and of the edges with x1, y1, x2, y2. Deterministic, whatever the input order."""
    nodes = sorted((dict(n) for n in nodes), key=lambda n: n["id"])
    index = {n["id"]: i for i, n in enumerate(nodes)}
    edges = sorted((dict(e) for e in edges if e["source"] in index and e["target"] in index
                    and e["source"] != e["target"]), key=lambda e: (e["source"], e["target"]))
    links = [(index[e["source"]], index[e["target"]], e.get("weight", 1)) for e in edges]
    biggest = max((n["size"] for n in nodes), default=1) or 1
    line = round(font * 1.2)
    for n in nodes:
        n["r"] = round(4 + 8 * math.sqrt(max(n["size"], 0) / biggest), 1)
        n["w"] = max(2 * n["r"], max(text_width(t, font) for t in n["lines"])) + 6
        n["top"] = n["r"] + 2  # the box runs from the circle's top to below its label
        n["h"] = 2 * n["r"] + 5 + line * len(n["lines"]) + 2
    pos = [[0.0, 0.0] for _ in nodes]
    # each connected part laid out alone, then the parts packed in rows, biggest first: a part is never flung to
    # a wall by the rest, and a lone pair does not stretch the picture
    parts = []
    for part in components(len(nodes), links):
        part_links = [(part.index(i), part.index(j), w) for i, j, w in links if i in part]
        boxes = [nodes[i] for i in part]
        area = sum(b["w"] * b["h"] for b in boxes) * 3.5 if len(part) > 1 else 0
        w = min(width, max(max(b["w"] for b in boxes) + 2 * PAD, math.sqrt(area * aspect)))
        h = max(area / w, max(b["h"] for b in boxes) + 2 * PAD)
        local = spiral(len(part), w, h)
        pinned = part.index(index[centre]) if centre in index and index[centre] in part else None
        if pinned is not None:
            # the pinned node takes the middle; whoever started there takes its place
            middle = min(range(len(part)), key=lambda i: (local[i][0] - w / 2) ** 2 + (local[i][1] - h / 2) ** 2)
            local[pinned], local[middle] = local[middle], local[pinned]
        if len(part) > 1:
            force_layout(local, part_links, w, h, pinned, iterations)
            fill(local, boxes, w, h)
        h = separate(boxes, local, w, h)
        parts.append((part, local, w, h))
    height = pack(parts, pos, width)
    for n, (x, y) in zip(nodes, pos):
        n["x"], n["y"] = round(x, 1), round(y, 1)
        n["label_y"] = round(y + n["r"] + 3 + font, 1)
        n["line"] = line
        del n["w"], n["h"], n["top"]
    for e in edges:
        a, b = nodes[index[e["source"]]], nodes[index[e["target"]]]
        e.update(x1=a["x"], y1=a["y"], x2=b["x"], y2=b["y"])
    return {"width": width, "height": round(height), "font": font, "nodes": nodes, "edges": edges}


PAD = 4  # the least room between two boxes, and between a box and the frame


def components(count, links):
    """The connected parts of a graph of count nodes as lists of node indices, the biggest first."""
    part_of = list(range(count))

    def root(i):
        while part_of[i] != i:
            part_of[i] = part_of[part_of[i]]
            i = part_of[i]
        return i

    for i, j, _ in links:
        part_of[root(i)] = root(j)
    parts = {}
    for i in range(count):
        parts.setdefault(root(i), []).append(i)
    return sorted(parts.values(), key=lambda p: (-len(p), p[0]))


def spiral(count, width, height):
    """count starting points on a sunflower spiral filling the frame (no randomness: the same start every time)."""
    golden = math.pi * (3 - math.sqrt(5))
    return [[width / 2 + 0.45 * width * math.sqrt((i + 0.5) / count) * math.cos(i * golden),
             height / 2 + 0.45 * height * math.sqrt((i + 0.5) / count) * math.sin(i * golden)]
            for i in range(count)]


def force_layout(pos, links, width, height, pinned, iterations):
    """Fruchterman–Reingold in place over pos: every pair repels, links attract (more with weight), a weak pull
    to the middle keeps the part together; the step shrinks each round."""
    n = len(pos)
    k = math.sqrt(width * height / n) * 0.8
    k2 = k * k
    heaviest = max((w for _, _, w in links), default=1) or 1
    pull = [(i, j, 0.5 + max(w, 0) / heaviest) for i, j, w in links]
    step = max(width, height) / 10
    xs, ys = [p[0] for p in pos], [p[1] for p in pos]
    for _ in range(iterations):
        mx, my = [0.0] * n, [0.0] * n
        for i in range(n):
            xi, yi = xs[i], ys[i]
            for j in range(i + 1, n):
                dx, dy = xi - xs[j], yi - ys[j]
                f = k2 / max(dx * dx + dy * dy, 0.01)
                mx[i] += dx * f; my[i] += dy * f
                mx[j] -= dx * f; my[j] -= dy * f
        for i, j, strength in pull:
            dx, dy = xs[i] - xs[j], ys[i] - ys[j]
            f = math.sqrt(dx * dx + dy * dy) / k * strength
            mx[i] -= dx * f; my[i] -= dy * f
            mx[j] += dx * f; my[j] += dy * f
        for i in range(n):
            if i == pinned:
                continue
            mx[i] += (width / 2 - xs[i]) * 0.05
            my[i] += (height / 2 - ys[i]) * 0.05
            length = math.hypot(mx[i], my[i]) or 1
            xs[i] += mx[i] / length * min(length, step)
            ys[i] += my[i] / length * min(length, step)
        step = max(step * 0.97, 0.5)
    for p, x, y in zip(pos, xs, ys):
        p[0], p[1] = x, y


def fill(pos, boxes, width, height):
    """Stretch pos in place so that the boxes span the frame (a force layout leaves its own margins)."""
    for axis, size, low, high in ((0, width, lambda b: b["w"] / 2, lambda b: b["w"] / 2),
                                  (1, height, lambda b: b["top"], lambda b: b["h"] - b["top"])):
        least = min(p[axis] - low(b) for p, b in zip(pos, boxes))
        most = max(p[axis] + high(b) for p, b in zip(pos, boxes))
        scale = (size - 2 * PAD) / (most - least) if most > least else 1
        for p in pos:
            p[axis] = PAD + (p[axis] - least) * scale
    # stretching moves the centres, not the boxes' sides: put every box back inside
    for p, b in zip(pos, boxes):
        p[0] = min(max(p[0], b["w"] / 2 + PAD), width - b["w"] / 2 - PAD)
        p[1] = min(max(p[1], b["top"] + PAD), height - b["h"] + b["top"] - PAD)


def separate(boxes, pos, width, height, rounds=300):
    """Push apart overlapping boxes (circle and label) in place, inside the frame; the frame grows taller while
    they cannot all fit. Returns the height used."""
    count = len(boxes)

    def clamp(i):
        b = boxes[i]
        pos[i][0] = min(max(pos[i][0], b["w"] / 2 + PAD), width - b["w"] / 2 - PAD)
        pos[i][1] = min(max(pos[i][1], b["top"] + PAD), height - b["h"] + b["top"] - PAD)

    for _ in range(10):
        for i in range(count):
            clamp(i)
        for _ in range(rounds):
            moved = False
            for i in range(count):
                bi = boxes[i]
                for j in range(i + 1, count):
                    bj = boxes[j]
                    ox = (bi["w"] + bj["w"]) / 2 - abs(pos[i][0] - pos[j][0]) + PAD
                    top_i, top_j = pos[i][1] - bi["top"], pos[j][1] - bj["top"]
                    oy = min(top_i + bi["h"], top_j + bj["h"]) - max(top_i, top_j) + PAD
                    if ox <= 0.5 or oy <= 0.5:  # a hair's overlap is rounding, not a clash
                        continue
                    moved = True
                    # along the axis that needs the smaller push, half each way (ties by index: deterministic)
                    axis, push = (0, ox) if ox < oy else (1, oy)
                    sign = 1 if (pos[i][axis], i) < (pos[j][axis], j) else -1
                    pos[i][axis] -= sign * push / 2
                    pos[j][axis] += sign * push / 2
                    clamp(i); clamp(j)
            if not moved:
                return height
        grow = height * 0.15
        for p in pos:
            p[1] *= (height + grow) / height
        height += grow
    return height


def pack(parts, pos, width):
    """Place the laid-out parts [(node indices, their positions, width, height)] in rows across the frame, each
    row centred, writing the frame positions into pos. Returns the frame's height."""
    rows, row = [], []
    for part in parts:
        if row and sum(p[2] for p in row) + part[2] > width:
            rows.append(row)
            row = []
        row.append(part)
    rows.append(row)
    top = 0.0
    for row in rows:
        left = (width - sum(p[2] for p in row)) / 2
        for indices, local, w, h in row:
            for i, (x, y) in zip(indices, local):
                pos[i] = [left + x, top + y]
            left += w
        top += max((p[3] for p in row), default=0)
    return top


# --- the graphs the pages draw ---------------------------------------------------------------------------------

NODE_SQL = """select e.id, e.name, e.type, e.mentions, (select json_group_array(alias) from entity_aliases a
  where a.entity_id = e.id and a.source = 'gazetteer') as aliases
from entities e where e.id in (select value from json_each(:ids))"""

EDGE_SQL = """select entity_a, entity_b, passages, log_likelihood from co_mentions
where entity_a in (select value from json_each(:ids)) and entity_b in (select value from json_each(:ids))"""


async def entity_network(db, entity_id, limit=12):
    """The graph around one entity: it, the limit people and organizations ranked highest with it (by
    log-likelihood) and every co-mention among them. None when it has fewer than two such associates."""
    associates = await query(db, f"""select case when c.entity_a = :id then c.entity_b else c.entity_a end as id
        from co_mentions c join entities e on e.id = case when c.entity_a = :id then c.entity_b else c.entity_a end
        where (c.entity_a = :id or c.entity_b = :id) and e.type {IN_NETWORK}
        order by c.log_likelihood desc nulls last, c.passages desc, e.mentions desc, e.name limit :limit""",
                             {"id": entity_id, "limit": limit})
    if len(associates) < 2:
        return None
    return await graph(db, [entity_id] + [a["id"] for a in associates], centre=entity_id)


async def corpus_network(db, limit=40, edge_limit=90):
    """The graph of the whole corpus: the limit people and organizations with the most association (the sum of
    their positive log-likelihoods with each other) and the edge_limit strongest pairs among them."""
    strongest = await query(db, f"""with pairs as (
          select c.entity_a, c.entity_b, c.log_likelihood from co_mentions c
          join entities a on a.id = c.entity_a join entities b on b.id = c.entity_b
          where a.type {IN_NETWORK} and b.type {IN_NETWORK} and c.log_likelihood > 0),
        ends as (select entity_a as id, log_likelihood from pairs union all select entity_b, log_likelihood from pairs)
        select ends.id from ends join entities e on e.id = ends.id group by ends.id
        order by sum(log_likelihood) desc, e.mentions desc, ends.id limit :limit""", {"limit": limit})
    if not strongest:
        return None
    return await graph(db, [s["id"] for s in strongest], edge_limit=edge_limit, positive_only=True)


async def graph(db, ids, centre=None, edge_limit=None, positive_only=False):
    """Nodes and edges for the entities ids, laid out wide and narrow: {"nodes", "edges", "wide", "narrow"}."""
    params = {"ids": json.dumps(ids)}
    rows = await query(db, NODE_SQL, params)
    edges = await query(db, EDGE_SQL + (" and log_likelihood > 0" if positive_only else "")
                        + " order by log_likelihood desc, passages desc, entity_a, entity_b"
                        + (f" limit {int(edge_limit)}" if edge_limit else ""), params)
    if positive_only:  # a node whose ties all lead outside the picture would float alone: leave it out
        ends = {e["entity_a"] for e in edges} | {e["entity_b"] for e in edges}
        rows = [r for r in rows if r["id"] in ends]
    names = {r["id"]: r["name"] for r in rows}
    nodes = [{"id": r["id"], "name": r["name"], "type": r["type"], "class": type_class(r["type"]),
              "mentions": r["mentions"], "size": r["mentions"] or 1, "href": f"/entities/{r['id']}",
              "lines": label_lines(r["name"], json.loads(r["aliases"] or "[]"))} for r in rows]
    links = []
    for e in edges:
        # from the page's entity where it is one end, so its shared-passages page reads "<it> with <other>"
        a, b = (e["entity_b"], e["entity_a"]) if e["entity_b"] == centre else (e["entity_a"], e["entity_b"])
        links.append({"source": a, "target": b, "weight": max(e["log_likelihood"] or 0, 0),
                      "passages": e["passages"], "log_likelihood": e["log_likelihood"],
                      "href": f"/entities/{a}/with/{b}",
                      "title": f"{names[a]} and {names[b]}: {e['passages']} passage{'s' * (e['passages'] != 1)}"})
    heaviest = max((link["weight"] for link in links), default=0) or 1
    for link in links:
        link["stroke"] = round(1 + 4 * math.sqrt(link["weight"] / heaviest), 1)
    return {"nodes": nodes, "edges": links, "centre": centre,
            **layouts(json.dumps([nodes, links], sort_keys=True), centre)}


@functools.lru_cache(maxsize=256)
def layouts(graph_json, centre):
    """The wide and narrow layouts of a graph given as JSON [nodes, edges]. Cached: the database is read-only, so
    the same page asks for the same graph again (0.1 s for the corpus's graph, nothing the second time)."""
    nodes, links = json.loads(graph_json)
    return {"wide": layout(nodes, links, centre=centre, **WIDE),
            "narrow": layout(nodes, links, centre=centre, **NARROW)}
