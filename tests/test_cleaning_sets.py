"""Cleaning scored on whole documents against what a careful reader keeps: the tuning set (the rules were tuned
on it) and the held-out development set (written apart from the rules, never tuned on). The goal of issue 11:
at most 1% of passages keep boilerplate, no real prose is removed, no byline or date stamp is a heading."""

import pytest

from cleaning_score import score_set, summary, table


@pytest.mark.parametrize("name", ["tuning", "devset"])
def test_cleaning_keeps_the_text_and_only_the_text(name, tmp_path):
    scores = score_set(name, tmp_path)
    print(f"\n{name}\n{table(scores)}")  # shown with pytest -s: the figures of the closing note
    total = summary(scores)
    assert len(scores) >= (12 if name == "devset" else 9)
    assert total["dirty"] <= 0.01 * total["passages"], [(s.slug, s.dirty) for s in scores if s.dirty]
    assert total["lost"] == 0, [(s.slug, s.lost) for s in scores if s.lost]
    assert total["bad_headings"] == 0, [(s.slug, s.bad_headings) for s in scores if s.bad_headings]
    assert total["meta"] == 0, [(s.slug, s.meta) for s in scores if s.meta]
    assert {s.format for s in scores} == {"md", "txt", "html", "pdf"}
