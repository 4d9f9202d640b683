"""`opencsc synth --size small --seed 1` twice gives identical data (and, on the way, that the
command makes every part of the council, prospective adopters included)."""

import pytest
from django.core.management import call_command

from opencsc.care.adopters import AdopterHousehold, ProspectiveAdopter
from opencsc.people.models import Person
from opencsc.synth.fingerprint import fingerprint


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_the_same_seed_gives_identical_councils(today):
    # Start both runs from empty tables with their id sequences reset: an earlier transactional
    # test may have left the sequences part-way, and ids are part of "identical".
    call_command("flush", interactive=False)
    call_command("synth", size="small", seed=1, as_of=today, no_progress=True)
    first = fingerprint()
    people = Person.objects.count()
    households = AdopterHousehold.objects.count()
    assert households > 0
    assert ProspectiveAdopter.objects.count() >= households
    call_command("flush", interactive=False)
    assert Person.objects.count() == 0
    call_command("synth", size="small", seed=1, as_of=today, no_progress=True)
    second = fingerprint()
    assert people > 500
    assert first == second


@pytest.mark.django_db(transaction=True)
def test_it_refuses_to_mix_into_an_existing_council(personas):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="already holds people"):
        call_command("synth", size="small", seed=1, no_progress=True)
