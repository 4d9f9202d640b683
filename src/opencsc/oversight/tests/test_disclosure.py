"""Small numbers leaving the service: counts of 1 to 5 suppressed, as the DfE does."""

from decimal import Decimal

import pytest

from opencsc.oversight.disclosure import is_small, released


@pytest.mark.parametrize(
    "number, small",
    [(0, False), (1, True), (5, True), (6, False), (None, False), (Decimal("2.5"), False)],
)
def test_a_small_number_is_a_count_from_1_to_5(number, small):
    assert is_small(number) is small


@pytest.mark.parametrize(
    "value, numerator, denominator, is_count, out",
    [
        (Decimal("40.0"), 2, 5, False, ("c", "c", "c")),
        (Decimal("12.0"), 6, 50, False, ("12.0", "6", "50")),
        (Decimal("75.0"), 6, 8, False, ("75.0", "6", "8")),
        (Decimal("75.0"), 3, 40, False, ("c", "c", "40")),  # the numerator could be worked out
        (Decimal("60.0"), 24, 4, False, ("c", "24", "c")),
        (None, 0, 0, False, ("", "0", "0")),
        (Decimal("0.0"), 0, 12, False, ("0.0", "0", "12")),
        (3, 3, None, True, ("c", "c", "")),
        (7, 7, None, True, ("7", "7", "")),
        (Decimal("2.5"), Decimal("2.50"), None, False, ("2.5", "2.50", "")),  # FTE: not people
    ],
)
def test_what_the_download_writes(value, numerator, denominator, is_count, out):
    assert released(value, numerator, denominator, is_count=is_count) == out
