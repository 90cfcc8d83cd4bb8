"""Claims and conflicts scored on sets of documents written and annotated apart from the rules
(tests/fixtures/claims: its first run was held out, then tuned on; tests/fixtures/claims2 and claims3: each
written after the tuning before it and held out for its first run, then read and tuned on too; the README of each
set has both runs; tests/fixtures/claims4, written after all that, was held out for its first run too, then read
and tuned on; so were tests/fixtures/claims5 and claims6, in the eighth session, after their held-out runs;
tests/fixtures/claims7, written after that, is held out: only its totals are read)."""

import pytest

from claim_sets import build, score, table
from conftest import CORPUS

# the least each set may score: precision, recall, time right, planted contradictions flagged (the README of
# each set has its first run)
BOUNDS = {"claims": (0.95, 0.94, 0.95, 11), "claims2": (0.97, 0.95, 0.97, 6), "claims3": (0.97, 0.97, 0.97, 6),
          "claims4": (0.95, 0.9, 0.95, 5), "claims5": (0.97, 0.92, 0.88, 5),
          "claims6": (0.84, 0.71, 0.93, 3),
          "claims7": (0.8, 0.92, 0.93, 8)}  # claims7: its first run, held out
# claims2 to claims6 were held out for their first runs only; their failures are read since. claims7 is held out.
HELD_OUT = {"claims7"}
# near misses flagged as contradictions: none on any set (claims3's held-out first run flagged one of its five,
# "about three dozen" against 33, before a number written in a round unit was given that unit's slack)
FALSE_ALARMS = {}


@pytest.mark.stage
@pytest.mark.parametrize("name", BOUNDS)
def test_claims_found_and_contradictions_flagged(name, tmp_path):
    s = score(build(tmp_path / "corpus", CORPUS, name), name)
    print(f"\n{name}\n{table(s)}")  # shown with pytest -s: the figures of the closing note
    precision, recall, time_right, flagged = BOUNDS[name]
    failures = "held out" if name in HELD_OUT else (s["missed"], s["spurious"])
    assert s["precision"] >= precision and s["recall"] >= recall, failures
    assert s["time_right"] >= time_right
    assert s["contradictions_found"] >= flagged and s["false_alarms"] <= FALSE_ALARMS.get(name, 0)
