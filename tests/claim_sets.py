"""Score claims and conflicts against a hand-annotated set (tests/fixtures/claims, claims2: documents/, gold.yml,
contradictions.yml and agreements.yml, written apart from the rules; see its README).

A gold claim is found when its document has a claim of the same measure and value whose words overlap the gold
words; found claims of no gold claim are spurious. A planted contradiction is found when the two claims are
compared and `disagrees`; a planted agreement is a false alarm when they `disagree`."""

import shutil
from pathlib import Path

import sqlite_utils
import yaml

from loaders import schema
from loaders.context import BuildContext
from reformkb.build import run_stages

SETS = Path(__file__).parent / "fixtures"
KNOWLEDGE = ["gazetteer.yml", "entity_rules.yml", "cleaning.yml", "roles.yml", "claims.yml"]


def build(folder, corpus, name="claims"):
    shutil.copytree(SETS / name / "documents", folder / "documents")
    for knowledge in KNOWLEDGE:
        shutil.copy(corpus / knowledge, folder / knowledge)
    db = sqlite_utils.Database(memory=True)
    schema.create(db)
    run_stages(BuildContext(db, folder), until="conflicts")
    return db


def load(name, file):
    return yaml.safe_load((SETS / name / file).read_text(encoding="utf-8"))


def overlaps(a, b):
    return a in b or b in a


def match(found, slug, text, measure=None):
    """The found claim of this document whose words overlap text (and of this measure), or None."""
    return next((c for c in found if c["slug"] == slug and overlaps(c["text"], str(text))
                 and (measure is None or c["measure"] == measure)), None)


def score(db, name="claims"):
    gold = load(name, "gold.yml")
    found = list(db.query("select c.*, d.slug from claims c join documents d on d.id = c.document_id"))
    right, times, matched = 0, 0, set()
    missed = []
    for slug, doc in gold.items():
        for g in doc["claims"]:
            hit = next((c for c in found if c["slug"] == slug and c["id"] not in matched
                        and c["measure"] == g["measure"] and c["value"] == g["value"]
                        and overlaps(c["text"], str(g["text"]))), None)
            if hit is None:
                missed.append((slug, g["text"], g["measure"]))
                continue
            matched.add(hit["id"])
            right += 1
            times += (hit["start_year"] == g["start_year"] and hit["time_source"] == g["time_source"])
    spurious = [(c["slug"], c["text"], c["measure"]) for c in found if c["id"] not in matched]
    said_no = [(c["slug"], c["text"]) for c in found for n in gold.get(c["slug"], {}).get("not_claims") or []
               if str(n) in c["text"]]
    conflicts = {frozenset((r["claim_id"], r["compared_claim_id"])): r["status"] for r in db.query(
        "select claim_id, compared_claim_id, status from conflicts where compared_claim_id is not null")}

    def verdict(pair):
        a, b = match(found, **pair["a"]), match(found, **pair["b"])
        return conflicts.get(frozenset((a["id"], b["id"]))) if a and b else None

    planted = [verdict(p) for p in load(name, "contradictions.yml")]
    near = [verdict(p) for p in load(name, "agreements.yml")]
    g = sum(len(d["claims"]) for d in gold.values())
    return {"gold": g, "found": len(found), "right": right, "precision": right / len(found) if found else 1.0,
            "recall": right / g, "time_right": times / right if right else 0.0, "missed": missed,
            "spurious": spurious, "not_claims_taken": said_no,
            "contradictions": len(planted), "contradictions_found": planted.count("disagrees"),
            "agreements": len(near), "false_alarms": near.count("disagrees")}


def table(s):
    return (f"claims: {s['right']} right of {s['found']} found, {s['gold']} annotated: precision "
            f"{s['precision']:.3f}, recall {s['recall']:.3f}, time right {s['time_right']:.3f}; "
            f"numbers the annotator says are no claims taken: {len(s['not_claims_taken'])}\n"
            f"planted contradictions flagged: {s['contradictions_found']}/{s['contradictions']}; "
            f"false alarms on near misses: {s['false_alarms']}/{s['agreements']}")
