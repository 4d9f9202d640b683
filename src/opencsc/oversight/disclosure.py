"""Small numbers in aggregate outputs that leave the service: suppressed, as the DfE does.

What is suppressed: in the indicators download (the dashboard's CSV), a count from 1 to 5 —
a numerator, a denominator, or a count's value — is written ``c`` (the DfE's symbol for
"suppressed to protect confidentiality"), and so is any percentage, rate or average worked out
from such a count, since the count could be recovered from it. 0 is shown: it discloses
nothing about a child. The DfE's secondary suppression (hiding a further cell so that a
suppressed one cannot be worked out from a total) is not applied: each row of the download
stands alone, with no totals.

What is not: pages inside the service (the dashboard, a drill-down, the pseudonymised lists),
which only analysts and leaders reach, and ``opencsc indicators`` on the server, whose output
feeds the council's own checking of its returns. Published DfE figures are shown as published.
"""

from decimal import Decimal

SUPPRESSED = "c"
SMALLEST, LARGEST = 1, 5


def is_small(number: int | Decimal | None) -> bool:
    """A count from 1 to 5 (whole numbers only: an FTE is not a count of people)."""
    return (
        number is not None
        and Decimal(number) == Decimal(number).to_integral_value()
        and SMALLEST <= number <= LARGEST
    )


def released(value, numerator, denominator, *, is_count: bool) -> tuple[str, str, str]:
    """The value, numerator and denominator as the download writes them."""

    def text(number) -> str:
        return "" if number is None else str(number)

    small_numerator, small_denominator = is_small(numerator), is_small(denominator)
    hide_value = small_numerator if is_count else (small_numerator or small_denominator)
    return (
        SUPPRESSED if hide_value and value is not None else text(value),
        SUPPRESSED if small_numerator else text(numerator),
        SUPPRESSED if small_denominator else text(denominator),
    )
