"""Who appears with whom: pairs of entities named in the same passage, with the passages as evidence."""

import json
from collections import defaultdict


def co_mention_rows(mention_rows):
    """co_mentions rows: each pair of entities mentioned in one passage, with those passages."""
    pairs = defaultdict(set)
    by_passage = defaultdict(set)
    for row in mention_rows:
        by_passage[row["passage_id"]].add(row["entity_id"])
    for passage_id, entity_ids in by_passage.items():
        for a in entity_ids:
            for b in entity_ids:
                if a < b:
                    pairs[(a, b)].add(passage_id)
    return [{"entity_a": a, "entity_b": b, "passages": len(p), "passage_ids": json.dumps(sorted(p))}
            for (a, b), p in sorted(pairs.items())]
