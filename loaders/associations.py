"""Who appears with whom: pairs of entities named in the same passage, with the passages as evidence and a measure
of how much more often they meet than chance would have them meet.

The counts are over passages: N passages that mention anything, n_a passages naming a, n_b naming b, k naming
both. Chance alone would put the pair together in expected = n_a × n_b / N passages. Two measures are kept:

- pmi = log2(k / expected): how many times likelier than chance, whatever the evidence. A pair of names seen once
  each, in the same passage, gets the highest PMI there is, so PMI alone would rank one-off pairs first.
- log_likelihood: Dunning's G² on the 2×2 table of passages (both, a only, b only, neither), signed negative when
  the pair meets less often than chance. It grows with the strength *and* the amount of evidence: a partner named
  in every passage scores 0 (it is expected everywhere), a pair seen in two passages outranks an equally rare pair
  seen in one. Pages rank by it."""

import json
import math
from collections import Counter, defaultdict


def log_likelihood(k, n_a, n_b, n):
    """Dunning's G² for k passages naming both of a (in n_a passages) and b (in n_b) out of n, signed: negative
    where k is below what chance expects."""
    observed = [k, n_a - k, n_b - k, n - n_a - n_b + k]
    rows, cols = [n_a, n - n_a], [n_b, n - n_b]
    expected = [rows[0] * cols[0] / n, rows[0] * cols[1] / n, rows[1] * cols[0] / n, rows[1] * cols[1] / n]
    g2 = 2 * sum(o * math.log(o / e) for o, e in zip(observed, expected) if o > 0)
    g2 = max(g2, 0.0)  # rounding can leave a hair below 0 where k equals the expectation
    return g2 if k >= expected[0] else (-g2 or 0.0)


# a passage naming more entities than this is a list or a raw dump (a PDF pasted without paragraphs), no evidence
# of who works with whom, and its pairs would grow with the square of its length
MAX_PAIRED = 200


def co_mention_rows(mention_rows):
    """co_mentions rows: each pair of entities (entity_a < entity_b) mentioned in one passage, with those passages,
    the number chance would expect, PMI and signed log-likelihood (see the module's docstring)."""
    by_passage = defaultdict(set)
    for row in mention_rows:
        by_passage[row["passage_id"]].add(row["entity_id"])
    n = len(by_passage)
    passages_of = Counter(entity for entity_ids in by_passage.values() for entity in entity_ids)
    pairs = defaultdict(set)
    for passage_id, entity_ids in by_passage.items():
        if len(entity_ids) > MAX_PAIRED:
            continue
        for a in entity_ids:
            for b in entity_ids:
                if a < b:
                    pairs[(a, b)].add(passage_id)
    rows = []
    for (a, b), passage_ids in sorted(pairs.items()):
        k, expected = len(passage_ids), passages_of[a] * passages_of[b] / n
        rows.append({"entity_a": a, "entity_b": b, "passages": k, "passage_ids": json.dumps(sorted(passage_ids)),
                     "expected": round(expected, 4), "pmi": round(math.log2(k / expected), 4),
                     "log_likelihood": round(log_likelihood(k, passages_of[a], passages_of[b], n), 4)})
    return rows
