"""Golden cases for the normalise step: tests/golden/normalise/*.yml.

Each case gives an input, the expected output and, optionally, the spacing
policy and the rules that must have fired. Every case also checks that no Han
character or digit was lost, added or moved.
"""

from __future__ import annotations

from typing import Any

import pytest

from helpers import golden_cases, han_digits
from reportsite.normalise import normalise


@pytest.mark.parametrize("case", golden_cases("normalise"))
def test_normalise_golden(case: dict[str, Any]) -> None:
    result = normalise(case["input"], spacing=case.get("spacing", "remove"))
    assert result.text == case["output"]
    fired = {c.rule for c in result.changes}
    for rule in case.get("rules", []):
        assert rule in fired, f"rule {rule} did not fire; fired: {sorted(fired)}"
    assert han_digits(result.text) == han_digits(case["input"])
