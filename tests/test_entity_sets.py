"""Entities scored on sets of documents written and annotated apart from the rules (tests/fixtures/entities):
tuning (the rules were then tuned on its failures) and devset (held out: only its totals were looked at).
The goal of issue 12, on documents nobody tuned for: precision ≥ 0.92 and recall ≥ 0.9 for people and
organisations, merges ≥ 0.9, no title, credit or phrase typed as a person, roles found with their passage."""

import pytest

from conftest import CORPUS
from entity_sets import build, gold, score, score_roles, table

# The least each set may score (first runs, before any rule was tuned on either, in the set's README). Tuning
# meets the goal; devset keeps a gap on organisations (recall and merges), which the bounds keep from widening.
BOUNDS = {
    "tuning": {"PERSON": (0.97, 0.96, 1.0), "ORG": (0.92, 0.93, 0.95), "roles": (0.95, 0.7)},
    "tuning2": {"PERSON": (0.83, 0.92, 0.95), "ORG": (0.89, 0.76, 0.9), "roles": (0.7, 0.3)},
    "devset": {"PERSON": (0.98, 0.94, 1.0), "ORG": (0.92, 0.85, 0.88), "roles": (0.9, 0.5)},
}

@pytest.mark.stage
@pytest.mark.parametrize("name", BOUNDS)
def test_entities_found_typed_and_merged(name, tmp_path):
    annotations = gold(name)
    db = build(name, tmp_path / "corpus", CORPUS)
    result = score(db, annotations)
    result["roles"] = score_roles(db, annotations)
    print(f"\n{name}\n{table(result)}")  # shown with pytest -s: the figures of the closing note
    for type_ in ("PERSON", "ORG"):
        precision, recall, merges = BOUNDS[name][type_]
        got = result[type_]
        assert got["precision"] >= precision, (type_, sorted(got["spurious"].items()))
        assert got["recall"] >= recall, (type_, sorted(got["missed"].items()))
        assert got["merge_accuracy"] >= merges, (type_, got["unmerged"])
    assert not [n for n in result["not_entities"] if n[2] == "PERSON"]  # no title, credit or phrase a person
    precision, recall = BOUNDS[name]["roles"]
    assert result["roles"]["precision"] >= precision and result["roles"]["recall"] >= recall
    # every role points at the passage its words are in
    for row in db.query("select r.text, r.start, r.end, p.text as passage from roles r join passages p "
                        "on p.id = r.passage_id"):
        assert row["passage"][row["start"]:row["end"]] == row["text"]
