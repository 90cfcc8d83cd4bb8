"""Claims and conflicts scored on sets of documents written and annotated apart from the rules
(tests/fixtures/claims: its first run was held out, then tuned on; tests/fixtures/claims2: written after that
tuning and held out — only its totals are read, so its failures are not printed)."""

import pytest

from claim_sets import build, score, table
from conftest import CORPUS

# the least each set may score: precision, recall, time right, planted contradictions flagged (the README of
# each set has its first run)
BOUNDS = {"claims": (0.94, 0.95, 0.8, 10), "claims2": (0.78, 0.6, 0.7, 0)}
HELD_OUT = {"claims2"}


@pytest.mark.stage
@pytest.mark.parametrize("name", BOUNDS)
def test_claims_found_and_contradictions_flagged(name, tmp_path):
    s = score(build(tmp_path / "corpus", CORPUS, name), name)
    print(f"\n{name}\n{table(s)}")  # shown with pytest -s: the figures of the closing note
    precision, recall, time_right, flagged = BOUNDS[name]
    failures = "held out" if name in HELD_OUT else (s["missed"], s["spurious"])
    assert s["precision"] >= precision and s["recall"] >= recall, failures
    assert s["time_right"] >= time_right
    assert s["contradictions_found"] >= flagged and s["false_alarms"] == 0
