"""Claims and conflicts scored on a set of documents written and annotated apart from the rules
(tests/fixtures/claims; its first run, held out, is in its README)."""

import pytest

from claim_sets import build, score, table
from conftest import CORPUS


@pytest.mark.stage
def test_claims_found_and_contradictions_flagged(tmp_path):
    s = score(build(tmp_path / "corpus", CORPUS))
    print("\n" + table(s))  # shown with pytest -s: the figures of the closing note
    assert s["precision"] >= 0.94 and s["recall"] >= 0.95, (s["missed"], s["spurious"])
    assert s["time_right"] >= 0.8
    assert s["contradictions_found"] >= 10 and s["false_alarms"] == 0
