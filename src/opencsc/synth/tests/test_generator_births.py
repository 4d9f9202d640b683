"""A baby the synthetic council refers before birth is born with a home, on every path.

The invariants test over a whole `small` council may never meet the rarer paths, so this drives
the one that once lost the address: a referral before birth that closes (no plan) after the due
date. Without a home address, a baby later looked after has placements with no home postcode
(903 rules 392a/b: no distance, no postcodes).
"""

import datetime as dt

import pytest

from opencsc.casework import actions as cw
from opencsc.synth.generator import Council
from opencsc.synth.profiles import SIZES

pytestmark = pytest.mark.django_db

DUE = dt.date(2025, 6, 2)


@pytest.fixture
def council():
    council = Council(SIZES["small"], seed=1, as_of=dt.date(2026, 3, 31))
    council.by = council.system_user = council._user()
    council.build_workforce()
    return council


def test_a_baby_born_before_their_referral_closes_has_a_home_address(council, monkeypatch):
    child = council.new_child(dob=DUE, unborn=True)
    assert not child.person.addresses.exists()  # an unborn child has no home of their own yet
    referral = cw.open_referral(
        by=council.by,
        person=child.person,
        received_on=dt.date(2025, 3, 3),
        source="6",
        primary_need="N1",
        team=council.teams["assessment"][0],
    )
    cw.decide_referral(by=council.by, referral=referral, decided_on=dt.date(2025, 3, 3))
    # No CIN plan (the generator's draw is >= 0.55), and depth 3 means no re-referral.
    monkeypatch.setattr(council.rng, "random", lambda: 0.99)

    council.cin_or_close(child, referral, dt.date(2025, 7, 1), depth=3)

    child.person.refresh_from_db()
    referral.refresh_from_db()
    assert child.person.date_of_birth == DUE
    assert referral.closed_on is not None
    home = child.person.addresses.get(ended_on__isnull=True)
    assert home.started_on == DUE
    assert home.postcode
