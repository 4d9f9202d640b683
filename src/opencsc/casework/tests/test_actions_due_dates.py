"""The help-and-protection actions store the due date of each one-off clock they start."""

import datetime as dt

from opencsc.casework import actions as cw
from opencsc.casework.models import Assessment, Referral

D = dt.date


def test_open_referral_stores_the_next_steps_decision_due_one_working_day_later(personas):
    # Received Monday 1 September 2025 (personas): due Tuesday 2 September (T1).
    assert Referral.objects.get(pk=personas.lily_referral.pk).decision_due_on == D(2025, 9, 2)


def test_start_assessment_stores_both_45_working_day_clocks(personas):
    assessment = cw.start_assessment(
        by=personas.sam, referral=personas.lily_referral, started_on=D(2025, 9, 2)
    )
    saved = Assessment.objects.get(pk=assessment.pk)
    # No bank holidays from September to November 2025: 45 WD after Tuesday 2 September is
    # Tuesday 4 November (T2-start); after the referral on Monday 1 September, Monday 3 November.
    assert (saved.due_on, saved.due_from_referral_on) == (D(2025, 11, 4), D(2025, 11, 3))
