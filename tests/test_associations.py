"""Who appears with whom (loaders/associations.py): pairs per passage, chance expectation, PMI and log-likelihood,
on inputs small enough to work out by hand."""

import json
import math

import pytest

from loaders.associations import co_mention_rows, log_likelihood

LAUSD, PERSON, ORG, LONER = 1, 2, 3, 4


def mentions(passages):
    """mention rows from {passage_id: [entity_id, …]} (an entity may repeat within a passage)."""
    return [{"entity_id": e, "passage_id": p} for p, entity_ids in passages.items() for e in entity_ids]


def by_pair(rows):
    return {(r["entity_a"], r["entity_b"]): r for r in rows}


def test_a_name_in_every_passage_ranks_below_a_specific_partner():
    # LAUSD is in all 4 passages; the person and the organization meet in 2 of them and nowhere else
    rows = by_pair(co_mention_rows(mentions({
        1: [LAUSD, PERSON, ORG, PERSON], 2: [LAUSD, PERSON, ORG], 3: [LAUSD, LONER], 4: [LAUSD]})))
    with_lausd, with_org = rows[(LAUSD, PERSON)], rows[(PERSON, ORG)]
    assert with_lausd["passages"] == with_org["passages"] == 2
    # LAUSD: expected 4 × 2 / 4 = 2 = observed, so nothing to learn; the organization: expected 2 × 2 / 4 = 1
    assert (with_lausd["expected"], with_lausd["pmi"], with_lausd["log_likelihood"]) == (2, 0, 0)
    assert (with_org["expected"], with_org["pmi"]) == (1, 1)
    # table both 2, person only 0, org only 0, neither 2; every cell expects 1: G² = 2 × 4 × 2 ln 2
    assert with_org["log_likelihood"] == round(8 * math.log(2), 4)
    assert json.loads(with_org["passage_ids"]) == [1, 2]
    assert set(rows) == {(LAUSD, PERSON), (LAUSD, ORG), (PERSON, ORG), (LAUSD, LONER)}


def test_a_pair_seen_once_does_not_outrank_one_seen_twice():
    # ten passages: a and b each appear once, together; c and d each twice, always together
    passages = {1: [10, 11], 2: [12, 13], 3: [12, 13]} | {p: [20 + p] for p in range(4, 11)}
    rows = by_pair(co_mention_rows(mentions(passages)))
    once, twice = rows[(10, 11)], rows[(12, 13)]
    assert once["pmi"] == round(math.log2(10), 4) and twice["pmi"] == round(math.log2(5), 4)
    assert once["pmi"] > twice["pmi"]  # PMI alone would put the one-off first …
    # … G² does not: 2 (ln 10 + 9 ln(9 / 8.1)) against 2 (2 ln 5 + 8 ln(8 / 6.4))
    assert once["log_likelihood"] == round(2 * (math.log(10) + 9 * math.log(9 / 8.1)), 4)
    assert twice["log_likelihood"] == round(2 * (2 * math.log(5) + 8 * math.log(8 / 6.4)), 4)
    assert twice["log_likelihood"] > once["log_likelihood"]


def test_pairs_that_meet_less_than_chance_score_below_zero():
    # a in 3 of 4 passages, b in 2: chance expects 1.5 together, they share 1
    rows = by_pair(co_mention_rows(mentions({1: [1, 2], 2: [1], 3: [1], 4: [2]})))
    (pair,) = rows.values()
    assert pair["expected"] == 1.5 and pair["pmi"] < 0 and pair["log_likelihood"] < 0


@pytest.mark.parametrize("k,n_a,n_b,n", [(1, 1, 1, 2), (2, 2, 2, 2), (3, 5, 7, 20), (1, 4, 4, 16)])
def test_log_likelihood_sign_follows_observed_against_expected(k, n_a, n_b, n):
    g2 = log_likelihood(k, n_a, n_b, n)
    expected = n_a * n_b / n
    assert (g2 > 0) == (k > expected) and (g2 == 0) == math.isclose(k, expected)


def test_no_mentions_no_pairs():
    assert co_mention_rows([]) == []
    assert co_mention_rows(mentions({1: [5, 5]})) == []
