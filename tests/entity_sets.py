"""Score entities against a hand-annotated set of documents (tests/fixtures/entities/<set>: documents/ and
gold.yml, written apart from the rules; see its README).

Mentions are scored per type as multisets of (document, text): precision is the share of the mentions found
that the annotator marked, recall the share of the annotator's found. Merges are scored per canonical name
the annotator gives in more than one form or document: right when all its mentions found end in one entity
and that entity holds no other canonical name's mentions."""

import shutil
from collections import Counter, defaultdict
from pathlib import Path

import sqlite_utils
import yaml

from loaders import schema
from loaders.context import BuildContext
from reformkb.build import run_stages

SETS = Path(__file__).parent / "fixtures" / "entities"
KNOWLEDGE = ["gazetteer.yml", "entity_rules.yml", "cleaning.yml", "roles.yml"]
TYPES = {"people": "PERSON", "organizations": "ORG"}


def build(name, folder, corpus, until="roles"):
    """A database of set `name` built in folder with the knowledge files of corpus (through stage until)."""
    shutil.copytree(SETS / name / "documents", folder / "documents")
    for knowledge in KNOWLEDGE:
        if (corpus / knowledge).exists():
            shutil.copy(corpus / knowledge, folder / knowledge)
    db = sqlite_utils.Database(memory=True)
    schema.create(db)
    run_stages(BuildContext(db, folder), until=until)
    return db


def gold(name):
    return yaml.safe_load((SETS / name / "gold.yml").read_text(encoding="utf-8"))


def found_mentions(db):
    return list(db.query("""select d.slug, e.id as entity_id, e.name, e.type, m.text from mentions m
        join entities e on e.id = m.entity_id join documents d on d.id = m.document_id"""))


def score(db, annotations):
    """{"PERSON"/"ORG": {gold, found, right, precision, recall, merges, merged, merge_accuracy},
    "not_entities": [texts typed PERSON or ORG that the annotator says are not names]}"""
    found = found_mentions(db)
    result = {}
    for key, type_ in TYPES.items():
        wanted = Counter((slug, str(surface)) for slug, doc in annotations.items()
                         for surface, _ in doc.get(key) or [])
        got = Counter((r["slug"], r["text"]) for r in found if r["type"] == type_)
        right = sum((wanted & got).values())
        entities_of = defaultdict(Counter)  # (slug, text) → entity ids of that type
        for r in found:
            if r["type"] == type_:
                entities_of[r["slug"], r["text"]][r["entity_id"]] += 1
        forms = defaultdict(set)
        for slug, doc in annotations.items():
            for surface, canonical in doc.get(key) or []:
                forms[canonical].add((slug, str(surface)))
        owners = defaultdict(set)  # entity id → canonical names whose mentions it holds
        ids_of = {}
        for canonical, places in forms.items():
            ids_of[canonical] = {i for place in places for i in entities_of.get(place, ())}
            for i in ids_of[canonical]:
                owners[i].add(canonical)
        tested = [c for c, places in forms.items()
                  if len({p for p in places if p in entities_of}) >= 2 and (len({s for s, _ in places}) > 1
                                                                           or len({t for _, t in places}) > 1)]
        merged = [c for c in tested if len(ids_of[c]) == 1 and owners[next(iter(ids_of[c]))] == {c}]
        g, f = sum(wanted.values()), sum(got.values())
        result[type_] = {"gold": g, "found": f, "right": right, "precision": right / f if f else 1.0,
                         "recall": right / g if g else 1.0, "merges": len(tested), "merged": len(merged),
                         "merge_accuracy": len(merged) / len(tested) if tested else 1.0,
                         "missed": wanted - got, "spurious": got - wanted,
                         "unmerged": sorted(set(tested) - set(merged))}
    wrong = {(slug, str(t)) for slug, doc in annotations.items() for t in doc.get("not_entities") or []}
    result["not_entities"] = sorted({(r["slug"], r["text"], r["type"]) for r in found
                                     if r["type"] in TYPES.values() and (r["slug"], r["text"]) in wrong})
    return result


def score_roles(db, annotations):
    """{gold, found, right, precision, recall, organization, year}: a role is right when its document has the
    annotator's role for the same person (the entity holding that person's mentions); organization and year
    are the shares of right roles whose organisation (likewise) and year agree."""
    found = found_mentions(db)
    entity_of = defaultdict(set)  # (slug, canonical) → entity ids holding its mentions
    for slug, doc in annotations.items():
        surfaces = {}
        for key in TYPES:
            for surface, canonical in doc.get(key) or []:
                surfaces.setdefault(str(surface), set()).add(canonical)
        for r in found:
            if r["slug"] == slug:
                for canonical in surfaces.get(r["text"], ()):
                    entity_of[slug, canonical].add(r["entity_id"])
    got = list(db.query("""select d.slug, r.person_id, r.role, r.organization_id, r.start_year, r.end_year
        from roles r join documents d on d.id = r.document_id"""))
    wanted = [(slug, role) for slug, doc in annotations.items() for role in doc.get("roles") or []]
    used, right, organization, year = set(), 0, 0, 0
    for slug, role in wanted:
        for i, r in enumerate(got):
            if i in used or r["slug"] != slug or same_role(r["role"]) != same_role(role["role"]) \
                    or r["person_id"] not in entity_of[slug, role["person"]]:
                continue
            used.add(i)
            right += 1
            organization += (r["organization_id"] in entity_of[slug, role["organization"]]
                             if role.get("organization") else r["organization_id"] is None)
            year += role.get("year") in (None, r["start_year"], r["end_year"])
            break
    return {"gold": len(wanted), "found": len(got), "right": right,
            "precision": right / len(got) if got else 1.0, "recall": right / len(wanted) if wanted else 1.0,
            "organization": organization / right if right else 0.0, "year": year / right if right else 0.0}


def same_role(role):
    return " ".join(w.rstrip("s") for w in str(role).lower().replace("-", " ").split())


def table(result):
    lines = [f"{'type':<8} {'gold':>5} {'found':>6} {'right':>6} {'precision':>10} {'recall':>7} {'merges':>9}"]
    for type_ in TYPES.values():
        s = result[type_]
        lines.append(f"{type_:<8} {s['gold']:>5} {s['found']:>6} {s['right']:>6} {s['precision']:>10.3f} "
                     f"{s['recall']:>7.3f} {s['merged']:>4}/{s['merges']:<4}")
    lines.append(f"not entities typed as names: {len(result['not_entities'])}")
    if "roles" in result:
        r = result["roles"]
        lines.append(f"roles: {r['right']} right of {r['found']} found, {r['gold']} annotated: precision "
                     f"{r['precision']:.3f}, recall {r['recall']:.3f}; organisation right {r['organization']:.3f}, "
                     f"year right {r['year']:.3f}")
    return "\n".join(lines)
