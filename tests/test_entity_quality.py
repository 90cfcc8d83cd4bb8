"""Extraction quality on the five seed documents against the hand-annotated gold (tests/gold/entities.yml)."""

import entity_gold

TARGET = 0.90  # recall and precision on PERSON, ORG, REFORM, LAW


def test_gold_is_substantial():
    gold = entity_gold.gold_mentions()
    assert len(gold) >= 150
    assert {t for _, t, _, _ in gold} == set(entity_gold.TYPES)


def test_precision_and_recall_per_type(full_db, capsys):
    scores = entity_gold.score(full_db)
    with capsys.disabled():
        print("\n" + entity_gold.table(scores))
    for type_ in ("PERSON", "ORG", "REFORM", "LAW"):
        assert scores[type_]["recall"] >= TARGET, (type_, scores[type_])
        assert scores[type_]["precision"] >= TARGET, (type_, scores[type_])
