"""Golden cases for the normalise step: tests/golden/normalise/*.yml.

Each case gives an input, the expected output and, optionally, the spacing
policy. Every case also checks that no Han character or digit was lost, added
or moved, and that the record replays: input + record = output.
"""

from __future__ import annotations

from typing import Any

import pytest

from helpers import golden_cases, han_digits
from reportsite.changes import apply_edits
from reportsite.normalise import normalise


@pytest.mark.parametrize("case", golden_cases("normalise"))
def test_normalise_golden(case: dict[str, Any]) -> None:
    result = normalise(case["input"], spacing=case.get("spacing", "remove"))
    assert result.text == case["output"]
    assert apply_edits(case["input"], result.record) == result.text
    assert han_digits(result.text) == han_digits(case["input"])
