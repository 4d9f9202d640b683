"""Prospective adopters for the synthetic council: households' journeys from enquiry to approval
(or leaving), recorded through ``care.actions.adopters``, and children's matches linked to them.

Its own ``random.Random`` (seeded from the council's seed) drives every choice here, so adding
adopters leaves the children's journeys exactly as they were for a seed, and the whole council
stays deterministic.

Calibration (ASSUMPTION: no national collection counts prospective adopters by stage; the
ASGLB publishes approvals only): ``Profile.adopter_enquiries_per_year`` households enquire each
year; about a quarter are approved, the rest leave after the enquiry, in Stage 1 or in Stage 2.
For Norfolk that gives roughly 90 households with contact in a year, about a third of them
approved (``journey_counts`` below checks it without a database). Children's matches go to an
approved, unmatched household of the same make-up (903 SEX_ADOPTR) approved within the two
years before the match, and otherwise to adopters of another agency. Approved households never
matched withdraw or are put on hold after a year or two of waiting.
"""

import datetime as dt
import random
from dataclasses import dataclass, field

from opencsc.care.actions import adopters
from opencsc.care.actions.adopters import AdopterDetails
from opencsc.care.adopters import AdopterHousehold
from opencsc.care.codes import LeftAdoptionProcess
from opencsc.core.calendar import add_months

from . import names

# Household make-up, as the 903 codes it (SEX_ADOPTR): the same shares as the generator's
# matches, so most matches find a household of their make-up.
MAKE_UP = [("MF", 0.85 * 0.80), ("FF", 0.85 * 0.12), ("MM", 0.85 * 0.08), ("F1", 0.1), ("M1", 0.05)]
APPROVED_SHARE = 0.25
FAST_TRACK_SHARE = 0.1  # approved foster carers and earlier adopters skip Stage 1
FFA_SHARE = 0.12  # approved also as foster carers for early permanence
MATCH_WITHIN_MONTHS = 24


@dataclass
class Journey:
    """A household's planned journey; dates after ``as_of`` are dropped by ``upto``."""

    enquiry_on: dt.date
    make_up: str
    stages: dict[str, dt.date] = field(default_factory=dict)
    approved_on: dt.date | None = None
    left: tuple[dt.date, str] | None = None
    fostering_for_adoption: bool = False


def _days(rng: random.Random, lo: int, hi: int) -> dt.timedelta:
    return dt.timedelta(days=rng.randint(lo, hi))


def _weighted(rng: random.Random, pairs):
    codes, weights = zip(*pairs, strict=True)
    return rng.choices(codes, weights=weights, k=1)[0]


def plan_journey(rng: random.Random, enquiry_on: dt.date, as_of: dt.date) -> Journey:
    """One household's journey (statutory guidance on adoption, ch. 3: Stage 1 about two months,
    Stage 2 about four, then panel and the decision maker), cut at ``as_of``."""
    j = Journey(enquiry_on=enquiry_on, make_up=_weighted(rng, MAKE_UP))
    approved = rng.random() < APPROVED_SHARE
    fast = approved and rng.random() < FAST_TRACK_SHARE
    j.fostering_for_adoption = approved and rng.random() < FFA_SHARE
    # Where an unapproved journey stops: after the enquiry, in Stage 1, or in Stage 2.
    stop = (
        "approval"
        if approved
        else _weighted(rng, [("enquiry", 45), ("stage1", 35), ("stage2", 20)])
    )
    steps: list[tuple[str, dt.date]] = []
    if fast:
        applied = enquiry_on + _days(rng, 14, 45)
        steps += [("applied_on", applied), ("stage2_started_on", applied)]
    else:
        s1 = enquiry_on + _days(rng, 14, 75)
        if stop != "enquiry":
            steps.append(("stage1_started_on", s1))
        if stop in {"stage2", "approval"}:
            s1_end = s1 + _days(rng, 45, 80)
            steps += [
                ("stage1_ended_on", s1_end),
                ("applied_on", s1_end + _days(rng, 0, 10)),
                ("stage2_started_on", s1_end + _days(rng, 7, 28)),
            ]
    last = max([enquiry_on, *(d for _, d in steps)])
    if stop == "approval":
        s2 = dict(steps)["stage2_started_on"]
        s2_end = s2 + _days(rng, 100, 150)
        steps.append(("stage2_ended_on", s2_end))
        j.approved_on = s2_end + _days(rng, 7, 35)
        last = j.approved_on
    else:
        when = last + _days(rng, 5, 90)
        if stop == "stage2" and rng.random() < 0.3:
            reason = LeftAdoptionProcess.REFUSED
        else:
            reason = _weighted(
                rng, [(LeftAdoptionProcess.WITHDREW, 75), (LeftAdoptionProcess.ON_HOLD, 25)]
            )
        j.left = (when, reason)
    j.stages = {k: d for k, d in steps if d <= as_of}
    if j.approved_on is not None and (j.approved_on > as_of or len(j.stages) < len(steps)):
        j.approved_on = None
    if j.left is not None and j.left[0] > as_of:
        j.left = None
    return j


def enquiry_dates(
    rng: random.Random, per_year: float, start: dt.date, end: dt.date
) -> list[dt.date]:
    """``per_year`` enquiries a year from ``start`` to ``end``, on random days, in date order."""
    span = (end - start).days
    n = round(per_year * span / 365.25)
    return sorted(start + dt.timedelta(days=rng.randrange(span)) for _ in range(n))


def journey_counts(per_year: float, *, seed: int, as_of: dt.date) -> dict:
    """How many planned households had contact in the 12 months before ``as_of`` and how many
    of those were approved, ignoring matches (a calibration check with no database)."""
    rng = random.Random(f"{seed}:adopters")
    start = add_months(as_of, -12)
    contact = approved = 0
    for on in enquiry_dates(rng, per_year, dt.date(as_of.year - 8, 1, 1), as_of):
        j = plan_journey(rng, on, as_of)
        end = j.left[0] if j.left else (add_months(j.approved_on, 18) if j.approved_on else as_of)
        if end >= start:
            contact += 1
            approved += j.approved_on is not None
    return {"contact": contact, "approved": approved}


class Adopters:
    """The council's prospective adopters: ``enquire`` before the children's journeys,
    ``link`` at each match, ``close`` once every journey is recorded."""

    def __init__(self, *, by, seed: int, per_year: float, start: dt.date, as_of: dt.date):
        self.by = by
        self.rng = random.Random(f"{seed}:adopters")
        self.per_year = per_year
        self.start = start
        self.as_of = as_of
        self._family_no = 0
        self._adopter_no = 0

    def _adopter(self, sex: str) -> AdopterDetails:
        rng = self.rng
        self._adopter_no += 1
        from .generator import ETHNICITIES  # the council's own mix

        return AdopterDetails(
            adopter_id=f"AP{self._adopter_no:06d}",
            sex=sex,
            ethnicity=_weighted(rng, ETHNICITIES),
            disabled=_weighted(rng, [(False, 85), (True, 5), (None, 10)]),
            first_name=names.first_name(rng, sex),
            last_name=names.surname(rng),
        )

    def enquire(self) -> int:
        """Record every household's journey up to ``as_of`` (approval or leaving)."""
        for on in enquiry_dates(self.rng, self.per_year, self.start, self.as_of):
            j = plan_journey(self.rng, on, self.as_of)
            sexes = {"MF": "FM", "FF": "FF", "MM": "MM", "F1": "F", "M1": "M"}[j.make_up]
            self._family_no += 1
            h = adopters.record_adopter_enquiry(
                by=self.by,
                family_id=f"AF{self._family_no:05d}",
                received_on=on,
                adopters=[self._adopter(s) for s in sexes],
                fostering_for_adoption=j.fostering_for_adoption,
            )
            if j.stages:
                h = adopters.record_adoption_stages(by=self.by, household=h, **j.stages)
            if j.approved_on is not None:
                h = adopters.approve_adopters(by=self.by, household=h, approved_on=j.approved_on)
            if j.left is not None:
                adopters.record_leaving_adoption_process(
                    by=self.by, household=h, left_on=j.left[0], reason=j.left[1]
                )
        return self._family_no

    def link(self, case) -> AdopterHousehold | None:
        """Link a just-recorded match to the longest-waiting approved, unmatched household of
        the match's make-up, if there is one (else the child went to another agency's
        adopters and keeps the identifier the match recorded)."""
        on = case.matched_on
        candidates = (
            AdopterHousehold.objects.filter(
                approved_on__lte=on,
                approved_on__gte=add_months(on, -MATCH_WITHIN_MONTHS),
                left_on__isnull=True,
                adoption_cases__isnull=True,
            )
            .prefetch_related("adopters")
            .order_by("approved_on", "pk")
        )
        for h in candidates:
            if _make_up(sorted(a.sex for a in h.adopters.all())) == case.adopter_sex:
                adopters.link_adoption_match(by=self.by, case=case, household=h)
                return h
        return None

    def close(self) -> None:
        """Approved households never matched leave after waiting 12-24 months; households whose
        every match ended with the child's decision reversed are put on hold."""
        rng = self.rng
        for h in AdopterHousehold.objects.filter(
            approved_on__isnull=False, left_on__isnull=True
        ).order_by("pk"):
            cases = list(h.adoption_cases.all())
            if not cases:
                on = add_months(h.approved_on, rng.randint(12, 24))
                reason = _weighted(
                    rng, [(LeftAdoptionProcess.WITHDREW, 60), (LeftAdoptionProcess.ON_HOLD, 40)]
                )
            elif all(c.reversed_on is not None for c in cases):
                on = max(c.reversed_on for c in cases) + _days(rng, 14, 90)
                reason = LeftAdoptionProcess.ON_HOLD
            else:
                continue
            if on <= self.as_of:
                adopters.record_leaving_adoption_process(
                    by=self.by, household=h, left_on=on, reason=reason
                )


def _make_up(sexes: list[str]) -> str:
    if len(sexes) == 1:
        return f"{sexes[0]}1"
    return {("F", "M"): "MF", ("F", "F"): "FF", ("M", "M"): "MM"}[tuple(sexes)]
