"""Score the extracted mentions against the hand-annotated gold file tests/gold/entities.yml."""

from collections import Counter
from pathlib import Path

import yaml

GOLD = Path(__file__).parent / "gold" / "entities.yml"
TYPES = ["PERSON", "ORG", "REFORM", "LAW", "MONEY"]


def gold_mentions(path=GOLD):
    """[(slug, type, surface text, canonical name)] in reading order."""
    gold = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return [(slug, item[0], item[1], item[2] if len(item) > 2 else item[1])
            for slug, items in gold.items() for item in items or []]


def score(db, path=GOLD):
    """{type: {"gold", "predicted", "correct", "precision", "recall", "linked"}} for each scored type.

    A mention is correct when the same document has a mention of that type with the same text (counted as
    multisets); `linked` is the share of correct gold mentions whose entity has the gold canonical name."""
    gold = gold_mentions(path)
    predicted = list(db.query(
        "select d.slug, e.type, m.text, e.name from mentions m join entities e on e.id = m.entity_id "
        "join documents d on d.id = m.document_id"))
    found = Counter((r["slug"], r["type"], r["text"]) for r in predicted if r["type"] in TYPES)
    names = {}
    for r in predicted:
        names.setdefault((r["slug"], r["type"], r["text"]), Counter())[r["name"]] += 1
    wanted = Counter((slug, type_, text) for slug, type_, text, _ in gold)
    result = {}
    for type_ in TYPES:
        g = sum(n for k, n in wanted.items() if k[1] == type_)
        p = sum(n for k, n in found.items() if k[1] == type_)
        c = sum(min(n, found[k]) for k, n in wanted.items() if k[1] == type_)
        canonical = [(k, name) for *k, name in gold if k[1] == type_ and found[tuple(k)]]
        linked = sum(1 for k, name in canonical if names[tuple(k)].most_common(1)[0][0] == name)
        result[type_] = {"gold": g, "predicted": p, "correct": c,
                         "precision": c / p if p else 0.0, "recall": c / g if g else 0.0,
                         "linked": linked / len(canonical) if canonical else 0.0}
    return result


def misses(db, path=GOLD):
    """(missed gold mentions, spurious predictions) as Counters, to see what to fix."""
    wanted = Counter((slug, t, text) for slug, t, text, _ in gold_mentions(path))
    found = Counter((r["slug"], r["type"], r["text"]) for r in db.query(
        "select d.slug, e.type, m.text from mentions m join entities e on e.id = m.entity_id "
        "join documents d on d.id = m.document_id") if r["type"] in TYPES)
    return wanted - found, found - wanted


def table(scores):
    lines = [f"{'type':<8} {'gold':>5} {'found':>6} {'right':>6} {'precision':>10} {'recall':>7} {'linked':>7}"]
    for type_, s in scores.items():
        lines.append(f"{type_:<8} {s['gold']:>5} {s['predicted']:>6} {s['correct']:>6} "
                     f"{s['precision']:>10.3f} {s['recall']:>7.3f} {s['linked']:>7.3f}")
    return "\n".join(lines)
