"""Checks on the national identifiers a child carries."""

import re

# UPN check letters (DfE "Unique pupil numbers" guidance): 23 letters, I, O and S left out.
_UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"


def upn_check_letter(rest: str) -> str:
    """The check letter for the 12 characters after it (weights 2..13, modulo 23)."""
    total = 0
    for weight, ch in enumerate(rest, start=2):
        value = int(ch) if ch.isdigit() else _UPN_LETTERS.index(ch)
        total += weight * value
    return _UPN_LETTERS[total % 23]


def upn_is_valid(upn: str) -> bool:
    """13 characters: check letter, 3-digit LA code, 4-digit school, 2-digit year, 2 digits and
    a final digit or letter (temporary UPNs); the check letter must match."""
    if not re.fullmatch(r"[A-Z][0-9]{11}[0-9A-Z]", upn or ""):
        return False
    if upn[-1].isalpha() and upn[-1] not in _UPN_LETTERS:
        return False
    return upn[0] == upn_check_letter(upn[1:])


def nhs_number_is_valid(number: str) -> bool:
    """10 digits whose last is the modulus-11 check digit (NHS Data Dictionary)."""
    if not re.fullmatch(r"[0-9]{10}", number or ""):
        return False
    total = sum(int(d) * w for d, w in zip(number[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(number[9])


POSTCODE_RE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")


def normalise_postcode(postcode: str) -> str:
    """Upper case with one space before the inward code (NR1 2AB)."""
    raw = (postcode or "").upper().replace(" ", "")
    return f"{raw[:-3]} {raw[-3:]}" if len(raw) > 3 else raw


def postcode_is_valid(postcode: str) -> bool:
    return bool(POSTCODE_RE.match(normalise_postcode(postcode)))
