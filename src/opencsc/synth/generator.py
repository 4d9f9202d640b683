"""The synthetic council: years of children's journeys, recorded through the real actions.

Nothing is inserted behind the actions' backs, so every generated record has passed the same
rules as a practitioner's would. The generator is deterministic for a seed and an end date
(``as_of``, default today): one ``random.Random`` drives every choice, and children are
generated in a fixed order.

How it works, in brief. Referrals arrive at the published yearly rate over the history (plus a
warm-up, so that plans and periods of care open at the end look like a steady state). Each
referral follows a journey whose branch probabilities come from the profile: NFA, assessment,
section 47, conference, CP plan, CIN plan, care. A cohort of children already in care when the
history starts tops the looked-after population up to its published level; the older ones become
the care leavers. Events later than ``as_of`` are not recorded: what is still open stays open.
"""

import contextlib
import csv
import datetime as dt
import heapq
import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from opencsc.accounts.models import Role, User
from opencsc.care import actions as care
from opencsc.care import timescales as ctimescales
from opencsc.care.codes import (
    URN_REQUIRED_PLACEMENTS,
    Accommodation,
    Activity,
    AdopterLegalStatus,
    CareLeaverEligibility,
    HealthCheckKind,
    InTouch,
    LegalStatus,
    MissingKind,
    PEPKind,
    PermanencePlanKind,
    PlacementProvider,
    PlacementType,
    ReasonNoLongerPlaced,
)
from opencsc.casework import actions as cw
from opencsc.casework import timescales as wtimescales
from opencsc.casework.codes import (
    ClosureReason,
    ContactOutcome,
    EarlyHelpEndReason,
    PrimaryNeed,
    S47Outcome,
    VisitKind,
)
from opencsc.core.calendar import add_months, add_working_days
from opencsc.people import actions as people
from opencsc.people.codes import Disability, ImmigrationStatus, RelationshipKind, Sex
from opencsc.people.identifiers import normalise_postcode, upn_check_letter
from opencsc.workforce import actions as wf
from opencsc.workforce.codes import AllocationRole, TeamKind, WorkerChangeReason
from opencsc.workforce.models import Team, Worker

from . import names
from .adopters import Adopters
from .profiles import Profile
from .warning_notes import add_warning_notes

DAY = dt.timedelta(days=1)


def _load_postcodes():
    rows = {"local": [], "other": []}
    with (Path(__file__).with_name("postcodes.csv")).open() as f:
        for row in csv.DictReader(line for line in f if not line.startswith("#")):
            # Stored as the actions store them (NR1 2AB), so a drawn postcode compares equal to
            # a recorded one: the file spells 1,280 of its 2,000 without the space.
            postcode = normalise_postcode(row["postcode"])
            rows[row["area"]].append((postcode, int(row["easting"]), int(row["northing"])))
    return rows


POSTCODES = _load_postcodes()
POSTCODE_GRID = {pc: (e, n) for rows in POSTCODES.values() for pc, e, n in rows}
# Children already in care when the history starts, as a share of the 31 March count.
COHORT_SHARE = 0.9

# Referral sources, weighted roughly as the CIN census publishes them (police, schools and
# health the largest). ASSUMPTION: weights rounded from the national 2024-25 shares.
SOURCES = [
    ("6", 29),
    ("2A", 20),
    ("3D", 6),
    ("3E", 3),
    ("3B", 3),
    ("3A", 2),
    ("5A", 6),
    ("5D", 5),
    ("5B", 3),
    ("5C", 2),
    ("1A", 5),
    ("1C", 1),
    ("1B", 1),
    ("4", 3),
    ("7", 3),
    ("8", 4),
    ("9", 2),
    ("10", 2),
]
PRIMARY_NEEDS = [
    ("N1", 57),
    ("N2", 8),
    ("N3", 4),
    ("N4", 9),
    ("N5", 14),
    ("N6", 2),
    ("N7", 1),
    ("N8", 5),
]
# 2021 census shares for children, rounded (ASSUMPTION for a rural county: more WBRI).
ETHNICITIES = [
    ("WBRI", 80),
    ("WOTH", 5),
    ("MWBC", 2),
    ("MWAS", 1),
    ("MOTH", 2),
    ("AIND", 1),
    ("APKN", 1),
    ("ABAN", 1),
    ("AOTH", 1),
    ("BAFR", 2),
    ("BCRB", 1),
    ("CHNE", 1),
    ("OOTH", 1),
    ("WROM", 1),
]
UASC_ETHNICITIES = [("OOTH", 30), ("BAFR", 30), ("AOTH", 25), ("WOTH", 10), ("BOTH", 5)]
FACTORS = [
    ("3B", 20),
    ("4B", 18),
    ("16A", 10),
    ("2B", 8),
    ("1B", 6),
    ("17A", 8),
    ("4A", 8),
    ("18C", 4),
    ("19C", 2),
    ("5B", 3),
    ("6B", 2),
    ("11A", 2),
    ("24A", 2),
    ("10A", 2),
    ("14A", 3),
    ("15A", 2),
    ("20", 5),
    ("3A", 3),
    ("7A", 1),
]
CATEGORIES = [("NEG", 48), ("EMO", 38), ("PHY", 7), ("SAB", 4), ("MUL", 3)]
NORFOLK_AREAS = [
    "Norwich",
    "Great Yarmouth",
    "King's Lynn",
    "Thetford",
    "Dereham",
    "North Walsham",
    "Diss",
    "Cromer",
    "Wymondham",
    "Swaffham",
]


def _weighted(rng: random.Random, pairs):
    codes, weights = zip(*pairs, strict=True)
    return rng.choices(codes, weights=weights, k=1)[0]


class Beyond(Exception):
    """The journey has reached the end of the history (``as_of``)."""


@dataclass
class Counters:
    children: int = 0
    referrals: int = 0
    cp_plans: int = 0
    periods: int = 0
    actions: int = 0


class Council:
    """Builds one synthetic council. Call :meth:`generate`."""

    def __init__(
        self,
        profile: Profile,
        *,
        seed: int,
        as_of: dt.date,
        years: int = 5,
        progress: Callable[[int], None] | None = None,
    ):
        self.p = profile
        self.seed = seed
        self.rng = random.Random(seed)
        self.as_of = as_of
        self.years = years
        self.history_start = dt.date(as_of.year - years, as_of.month, 1)
        # Two years of warm-up so that what is open at the end looks like a steady state.
        self.sim_start = dt.date(self.history_start.year - 2, self.history_start.month, 1)
        self.progress = progress or (lambda n: None)
        self.counters = Counters()
        self._child_no = 0
        self._staff_no = 0
        self.system_user: User | None = None

    # --- set-up -------------------------------------------------------------------------------
    def _user(self) -> User:
        user, _ = User.objects.get_or_create(
            username="opencsc-synth",
            defaults={
                "role": Role.SYSTEM_ADMIN,
                "first_name": "Synthetic",
                "last_name": "generator",
                "is_active": False,
            },
        )
        return user

    def _worker(self, team: Team, title: str, started_on: dt.date, user=None) -> Worker:
        self._staff_no += 1
        sex = self.rng.choice("FM")
        return wf.create_worker(
            by=self.by,
            staff_id=f"SYN{self._staff_no:05d}",
            first_name=names.first_name(self.rng, sex),
            last_name=names.surname(self.rng),
            job_title=title,
            team=team,
            started_on=started_on,
            swe_registration=f"SW{self.rng.randint(10000, 999999)}"
            if title != "Personal adviser"
            else "",
            is_agency=self.rng.random() < self.p.agency_share,
            user=user,
        )

    def build_workforce(self) -> None:
        by = self.by
        start = dt.date(self.sim_start.year - 1, 1, 4)
        service = wf.create_team(by=by, name="Children's services", kind=TeamKind.SERVICE)
        fte = max(self.p.social_worker_fte * self.p.scale, 12)
        localities = NORFOLK_AREAS[: max(2, min(len(NORFOLK_AREAS), round(fte / 45)))]
        self.teams: dict[str, list[Team]] = {
            k: []
            for k in (
                "front_door",
                "assessment",
                "cin",
                "cla",
                "leaving_care",
                "adoption",
                "iro",
                "early_help",
            )
        }
        self.workers: dict[int, list[Worker]] = {}

        def team(key, name, kind, n_workers, title):
            t = wf.create_team(by=by, name=name, kind=kind, parent=service)
            self.teams[key].append(t)
            self.workers[t.pk] = [
                self._worker(t, title, start) for _ in range(max(2, round(n_workers)))
            ]
            self._worker(t, "Team manager", start)
            return t

        team(
            "front_door",
            "Children's Advice and Duty Service",
            TeamKind.FRONT_DOOR,
            fte * 0.06,
            "Social worker",
        )
        for area in localities:
            team(
                "assessment",
                f"{area} Assessment",
                TeamKind.ASSESSMENT,
                fte * 0.25 / len(localities),
                "Social worker",
            )
            team(
                "cin",
                f"{area} Family Support and Protection",
                TeamKind.CHILD_IN_NEED,
                fte * 0.35 / len(localities),
                "Social worker",
            )
        for area in localities[: max(1, len(localities) // 2)]:
            team(
                "cla",
                f"{area} Children in Care",
                TeamKind.CHILDREN_IN_CARE,
                fte * 0.22 / max(1, len(localities) // 2),
                "Social worker",
            )
        team(
            "leaving_care",
            "Leaving Care Service",
            TeamKind.LEAVING_CARE,
            fte * 0.08,
            "Personal adviser",
        )
        team("adoption", "Adoption and Permanence", TeamKind.ADOPTION, fte * 0.04, "Social worker")
        team(
            "iro",
            "Independent Reviewing Service",
            TeamKind.IRO,
            fte * 0.05,
            "Independent reviewing officer",
        )
        team(
            "early_help",
            "Early Help Hub",
            TeamKind.EARLY_HELP,
            fte * 0.1,
            "Early help practitioner",
        )

    # --- helpers ------------------------------------------------------------------------------
    def ok(self, d: dt.date) -> dt.date:
        if d > self.as_of:
            raise Beyond
        return d

    def pick_worker(self, key: str, locality: int = 0) -> Worker:
        teams = self.teams[key]
        team = teams[locality % len(teams)]
        return self.rng.choice(self.workers[team.pk])

    def days(self, lo: int, hi: int) -> dt.timedelta:
        return dt.timedelta(days=self.rng.randint(lo, hi))

    def postcode(self, local: bool = True, *, away_from: str = "") -> str:
        """A real postcode (no address) in the council's area, or a neighbouring one.

        ``away_from``: a placement is not at the child's home postcode (903 rule 392d allows
        that only for placements with parents, P1)."""
        while True:
            postcode = self.rng.choice(POSTCODES["local" if local else "other"])[0]
            if postcode != away_from or not away_from:
                return postcode

    @staticmethod
    def miles_between(a: str, b: str) -> Decimal | None:
        """Straight-line distance between two postcodes' grid references, as the 903 reports it."""
        pa, pb = POSTCODE_GRID.get(a), POSTCODE_GRID.get(b)
        if pa is None or pb is None:
            return None
        metres = math.dist(pa, pb)
        return Decimal(f"{metres / 1609.344:.1f}")

    def upn(self, dob: dt.date) -> str:
        rest = (
            f"926{self.rng.randint(1000, 9999)}{dob.year % 100:02d}{self.rng.randint(0, 999):03d}"
        )
        return upn_check_letter(rest) + rest

    # --- people -------------------------------------------------------------------------------
    def new_child(self, *, dob: dt.date, uasc: bool = False, unborn: bool = False) -> "Child":
        rng = self.rng
        self._child_no += 1
        sex = "M" if uasc and rng.random() < 0.93 else rng.choice("MF")
        ethnicity = _weighted(rng, UASC_ETHNICITIES if uasc else ETHNICITIES)
        family = names.surname(rng)
        school_age = (self.as_of - dob).days > 5 * 365
        # Most school-age children have a UPN; the rest a reason there is none (CIN query 8770Q).
        upn = self.upn(dob) if school_age and not uasc and rng.random() < 0.9 else ""
        person = people.register_person(
            by=self.by,
            first_name=names.first_name(rng, sex if not unborn else "U"),
            last_name=family,
            sex=Sex.UNKNOWN if unborn else sex,
            ethnicity=ethnicity,
            date_of_birth=None if unborn else dob,
            expected_date_of_birth=dob if unborn else None,
            la_child_id=f"SYN{self._child_no:06d}",
            upn=upn,
            upn_unknown="" if upn else ("UN3" if uasc else ("UN2" if school_age else "UN1")),
            disabilities=[]
            if unborn
            else (
                [_weighted(rng, [("LD", 3), ("AUT", 4), ("COMM", 2), ("BEH", 2), ("MOB", 1)])]
                if rng.random() < 0.08
                else [Disability.NONE]
            ),
        )
        if person.upn:  # a UPN and 'unknown' reason are exclusive; the register call set one
            pass
        self.counters.children += 1
        locality = rng.randrange(8)
        child = Child(person, locality)
        if not unborn:
            since = max(dob, self.sim_start - dt.timedelta(days=400))
            people.move_address(
                by=self.by,
                person=person,
                postcode=self.postcode(),
                started_on=since,
                town=NORFOLK_AREAS[locality % len(NORFOLK_AREAS)],
            )
        if not uasc and rng.random() < 0.5:
            mum = people.register_person(
                by=self.by,
                first_name=names.first_name(rng, "F"),
                last_name=family,
                sex=Sex.FEMALE,
                ethnicity=ethnicity,
                date_of_birth=dob - dt.timedelta(days=rng.randint(18 * 365, 38 * 365)),
            )
            people.add_relationship(
                by=self.by,
                person=person,
                other=mum,
                kind=RelationshipKind.MOTHER,
                has_parental_responsibility=True,
            )
        return child

    def allocate(
        self,
        child: "Child",
        key: str,
        on: dt.date,
        reason: str,
        role: str = AllocationRole.SOCIAL_WORKER,
    ) -> None:
        worker = self.pick_worker(key, child.locality)
        current = child.person.allocations.filter(role=role, ended_on__isnull=True).first()
        if current is not None and (current.worker_id == worker.pk or current.started_on >= on):
            return
        if current is None and role == AllocationRole.SOCIAL_WORKER:
            # No worker holds the child: this is a first contact or a re-referral (903 SW10STG2
            # asks any other reason to follow the previous worker within a week).
            reason = WorkerChangeReason.FCONTA
        wf.allocate(
            by=self.by,
            person=child.person,
            worker=worker,
            started_on=on,
            role=role,
            change_reason=reason if role == AllocationRole.SOCIAL_WORKER else "",
        )
        if role == AllocationRole.SOCIAL_WORKER:
            child.worker = worker

    def end_allocations(
        self, child: "Child", on: dt.date, role: str = AllocationRole.SOCIAL_WORKER
    ) -> None:
        for a in child.person.allocations.filter(role=role, ended_on__isnull=True):
            if on >= a.started_on:
                wf.end_allocation(by=self.by, allocation=a, ended_on=on)

    # --- the whole council --------------------------------------------------------------------
    def generate(self) -> Counters:
        with transaction.atomic():
            self.by = self.system_user = self._user()
            self.build_workforce()
        # Prospective adopters first, so children's matches find approved households; they
        # have their own random stream, so the children's journeys do not change with them.
        self.adopters = Adopters(
            by=self.by,
            seed=self.seed,
            per_year=self.p.per_year(self.p.adopter_enquiries_per_year),
            start=self.sim_start - dt.timedelta(days=365),
            as_of=self.as_of,
        )
        with transaction.atomic():
            self.adopters.enquire()
        total_days = (self.as_of - self.sim_start).days
        referrals = round(
            self.p.per_year(self.p.referrals_per_year)
            * total_days
            / 365.25
            * (1 - self.p.rereferral_12m)
        )
        cohort = round(self.p.per_year(self.p.cla_at_31_march) * COHORT_SHARE)
        jobs: list[tuple[dt.date, str]] = []
        for _ in range(cohort):
            jobs.append((self.sim_start, "in_care_already"))
        for _ in range(referrals):
            jobs.append(
                (self.sim_start + dt.timedelta(days=self.rng.randrange(total_days)), "referral")
            )
        contacts = round(referrals * self.p.other_contacts_per_referral)
        for _ in range(contacts):
            jobs.append(
                (self.sim_start + dt.timedelta(days=self.rng.randrange(total_days)), "contact")
            )
        uasc = round(
            self.p.per_year(self.p.cla_at_31_march * self.p.uasc_share_of_cla)
            * total_days
            / 365.25
            / 1.6
        )
        for _ in range(uasc):
            jobs.append(
                (self.sim_start + dt.timedelta(days=self.rng.randrange(total_days)), "uasc")
            )
        jobs.sort(key=lambda j: j[0])
        for i, (on, kind) in enumerate(jobs):
            with transaction.atomic():
                getattr(self, f"_job_{kind}")(on)
            self.progress(i + 1)
        with transaction.atomic():
            self.adopters.close()
            add_warning_notes(by=self.by, seed=self.seed, as_of=self.as_of)
        return self.counters

    @property
    def job_count(self) -> int:
        total_days = (self.as_of - self.sim_start).days
        referrals = round(
            self.p.per_year(self.p.referrals_per_year)
            * total_days
            / 365.25
            * (1 - self.p.rereferral_12m)
        )
        return (
            round(self.p.per_year(self.p.cla_at_31_march) * 0.75)
            + referrals
            + round(referrals * self.p.other_contacts_per_referral)
            + round(
                self.p.per_year(self.p.cla_at_31_march * self.p.uasc_share_of_cla)
                * (self.as_of - self.sim_start).days
                / 365.25
                / 1.6
            )
        )

    def _random_dob(self, on: dt.date, lo: float = 0, hi: float = 17.5) -> dt.date:
        age_days = int(self.rng.triangular(lo * 365, hi * 365, 6 * 365))
        return on - dt.timedelta(days=max(age_days, 1))

    # --- jobs ---------------------------------------------------------------------------------
    def _job_contact(self, on: dt.date) -> None:
        """A contact that does not become a referral: advice, NFA, or early help."""
        rng = self.rng
        child = self.new_child(dob=self._random_dob(on))
        try:
            contact = cw.record_contact(
                by=self.by,
                person=child.person,
                received_on=self.ok(on),
                source=_weighted(rng, SOURCES),
            )
            outcome = _weighted(
                rng,
                [
                    (ContactOutcome.NFA, 35),
                    (ContactOutcome.ADVICE, 35),
                    (ContactOutcome.EARLY_HELP, 30),
                ],
            )
            decided = self.ok(on + self.days(0, 1))
            cw.decide_contact(
                by=self.by,
                contact=contact,
                outcome=outcome,
                decided_on=decided,
                decided_by=self.pick_worker("front_door"),
            )
            if outcome == ContactOutcome.EARLY_HELP:
                worker = self.pick_worker("early_help")
                eh = cw.start_early_help(
                    by=self.by,
                    person=child.person,
                    started_on=self.ok(decided + self.days(1, 14)),
                    reason="Family support",
                    worker=worker,
                    organisation="Early Help Hub",
                )
                wf.allocate(
                    by=self.by,
                    person=child.person,
                    worker=worker,
                    started_on=eh.started_on,
                    role=AllocationRole.EARLY_HELP,
                )
                end = self.ok(eh.started_on + self.days(60, 300))
                cw.end_early_help(
                    by=self.by,
                    episode=eh,
                    ended_on=end,
                    end_reason=_weighted(
                        rng,
                        [
                            (EarlyHelpEndReason.OUTCOMES_MET, 70),
                            (EarlyHelpEndReason.DISENGAGED, 20),
                            (EarlyHelpEndReason.MOVED, 10),
                        ],
                    ),
                    assessment_completed_on=eh.started_on + self.days(10, 40),
                )
                self.end_allocations(child, end, AllocationRole.EARLY_HELP)
        except Beyond:
            pass

    def _job_referral(self, on: dt.date) -> None:
        rng = self.rng
        unborn = rng.random() < 0.03
        dob = on + self.days(30, 150) if unborn else self._random_dob(on)
        child = self.new_child(dob=dob, unborn=unborn)
        with contextlib.suppress(Beyond):
            self.referral_journey(child, on)

    def _job_uasc(self, on: dt.date) -> None:
        """An unaccompanied asylum-seeking child arrives and is accommodated under section 20."""
        rng = self.rng
        dob = on - dt.timedelta(days=rng.randint(int(15 * 365.25), int(17.6 * 365.25)))
        child = self.new_child(dob=dob, uasc=True)
        try:
            ref = cw.open_referral(
                by=self.by,
                person=child.person,
                received_on=self.ok(on),
                source="7",
                primary_need=PrimaryNeed.N8,
            )
            self.allocate(child, "cla", on, WorkerChangeReason.FCONTA)
            cw.decide_referral(by=self.by, referral=ref, decided_on=on)
            people.record_immigration_status(
                by=self.by, person=child.person, status=ImmigrationStatus.UASC, started_on=on
            )
            self.looked_after(child, ref, on, legal_status=LegalStatus.V2, uasc=True)
        except Beyond:
            pass

    def _job_in_care_already(self, on: dt.date) -> None:
        """A child who came into care before the history starts (the long-stay population)."""
        rng = self.rng
        # Age when the history starts, then how long they have been in care by then. Those under
        # about 11 are still in care at the end of the history (the long-stay population); the
        # older ones leave at 18 and become the care leavers.
        age_then = rng.triangular(0.5, 17.8, 9)
        years_before = rng.uniform(0.05, min(9.0, age_then - 0.2))
        entered = on - dt.timedelta(days=int(years_before * 365.25))
        dob = on - dt.timedelta(days=int(age_then * 365.25))
        child = self.new_child(dob=dob)
        try:
            ref = cw.open_referral(
                by=self.by,
                person=child.person,
                received_on=entered,
                source=_weighted(rng, SOURCES),
                primary_need=_weighted(rng, PRIMARY_NEEDS),
            )
            self.allocate(child, "cla", entered, WorkerChangeReason.FCONTA)
            cw.decide_referral(by=self.by, referral=ref, decided_on=entered)
            self.looked_after(
                child,
                ref,
                entered,
                legal_status=_weighted(rng, [("C2", 80), ("V2", 20)]),
                long_stay=True,
            )
        except Beyond:
            pass

    # --- journeys -----------------------------------------------------------------------------
    def referral_journey(self, child: "Child", on: dt.date, depth: int = 0) -> None:
        rng, p, by = self.rng, self.p, self.by
        person = child.person
        contact = cw.record_contact(
            by=by, person=person, received_on=self.ok(on), source=_weighted(rng, SOURCES)
        )
        cw.decide_contact(
            by=by,
            contact=contact,
            outcome=ContactOutcome.REFERRAL,
            decided_on=on,
            decided_by=self.pick_worker("front_door"),
        )
        need = _weighted(rng, PRIMARY_NEEDS)
        ref = cw.open_referral(
            by=by,
            person=person,
            received_on=on,
            source=contact.source,
            primary_need=need,
            contact=contact,
            team=self.teams["assessment"][child.locality % len(self.teams["assessment"])],
        )
        self.counters.referrals += 1
        # Most are decided the day they arrive; the rest on the last day of the T1 clock.
        decided = self.ok(ref.decision_due_on if rng.random() < 0.2 else on)
        if rng.random() < p.referral_nfa:
            cw.decide_referral(by=by, referral=ref, decided_on=decided, nfa=True)
            return self.maybe_rerefer(child, decided, depth)
        cw.decide_referral(by=by, referral=ref, decided_on=decided)
        self.allocate(
            child,
            "assessment",
            decided,
            WorkerChangeReason.FCONTA if depth == 0 else WorkerChangeReason.TSPROC,
        )
        s47_share = min(0.9, p.s47_per_year / p.referrals_per_year)
        cp_route = rng.random() < s47_share
        assessment = cw.start_assessment(
            by=by, referral=ref, started_on=self.ok(decided + self.days(0, 3)), worker=child.worker
        )
        plan_made = False
        if cp_route:
            sd = cw.hold_strategy_discussion(
                by=by,
                referral=ref,
                held_on=self.ok(decided + self.days(0, 4)),
                s47_initiated=True,
                worker=child.worker,
            )
            enquiry = sd.section47_enquiry
            icpc_share = min(0.95, p.icpc_per_year / p.s47_per_year)
            if rng.random() < icpc_share:
                if rng.random() < p.icpc_in_15wd:
                    wd = rng.randint(8, wtimescales.ICPC_WORKING_DAYS)
                    icpc_on = self.ok(add_working_days(sd.held_on, wd))
                else:
                    icpc_on = self.ok(add_working_days(enquiry.icpc_target_on, rng.randint(1, 11)))
                plan_made = rng.random() < min(0.97, p.cp_starts_per_year / p.icpc_per_year)
                self.finish_assessment(assessment, icpc_on, services=True)
                cw.hold_initial_conference(
                    by=by,
                    enquiry=enquiry,
                    held_on=icpc_on,
                    plan_decided=plan_made,
                    category=_weighted(rng, CATEGORIES) if plan_made else "",
                )
                if plan_made:
                    self.counters.cp_plans += 1
                    self.allocate(child, "cin", icpc_on, WorkerChangeReason.TSPROC)
                    return self.cp_plan_journey(
                        child, ref, person.cp_plans.get(ended_on__isnull=True), depth
                    )
                return self.cin_or_close(child, ref, icpc_on, depth)
            done = self.ok(sd.held_on + self.days(5, 25))
            cw.complete_section47(
                by=by,
                enquiry=enquiry,
                ended_on=done,
                outcome=_weighted(rng, [(S47Outcome.CIN_SERVICES, 55), (S47Outcome.NFA, 45)]),
            )
        services = rng.random() > p.assessed_not_in_need
        if rng.random() < p.assessment_in_45wd:
            wd = rng.randint(10, wtimescales.ASSESSMENT_WORKING_DAYS)
            done = add_working_days(assessment.started_on, wd)
        else:
            done = add_working_days(assessment.due_on, rng.randint(1, 25))
        authorised = self.ok(max(done, enquiry.ended_on if cp_route else on))
        self.finish_assessment(assessment, authorised, services=services)
        if not services:
            cw.close_referral(
                by=by,
                referral=ref,
                closed_on=authorised,
                # After section 47 activity the closure is not "after assessment" (CIN rule 2990).
                reason=ClosureReason.RC7
                if cp_route
                else _weighted(rng, [(ClosureReason.RC8, 60), (ClosureReason.RC9, 40)]),
            )
            self.end_allocations(child, authorised)
            return self.maybe_rerefer(child, authorised, depth)
        if (
            not person.is_unborn and rng.random() < 0.035
        ):  # straight into care after assessment (e.g. family breakdown)
            return self.looked_after(
                child, ref, authorised, legal_status=_weighted(rng, [("V2", 60), ("C1", 40)])
            )
        return self.cin_or_close(child, ref, authorised, depth)

    def finish_assessment(self, assessment, on: dt.date, *, services: bool) -> None:
        rng = self.rng
        if services:
            factors = sorted({_weighted(rng, FACTORS) for _ in range(rng.randint(1, 4))})
        else:
            factors = (
                ["21"]
                if rng.random() < 0.5
                else sorted({_weighted(rng, FACTORS) for _ in range(rng.randint(1, 2))})
            )
        if assessment.authorised_on is None:
            cw.complete_assessment(
                by=self.by,
                assessment=assessment,
                authorised_on=self.ok(on),
                child_seen=not assessment.person.is_unborn and rng.random() < 0.96,
                factors=factors,
                services_required=services,
            )

    def cin_or_close(self, child, ref, on: dt.date, depth: int) -> None:
        rng, by = self.rng, self.by
        if rng.random() < 0.55:
            self.allocate(child, "cin", on, WorkerChangeReason.TSPROC)
            plan = cw.start_cin_plan(by=by, referral=ref, started_on=self.ok(on + self.days(0, 10)))
            end = plan.started_on + self.days(90, 400)
            self.cin_visits(child, plan.started_on, end)
            end = self.ok(end)
            cw.end_cin_plan(by=by, plan=plan, ended_on=end)
            on = end
        closed = self.ok(on + self.days(0, 20))
        # Born before the case closes: recorded with a home, as every birth is (a baby with no
        # address, later looked after, has placements with no home postcode: 903 rules 392a/b).
        self.birth_if_due(child, closed)
        cw.close_referral(by=by, referral=ref, closed_on=closed, reason=ClosureReason.RC7)
        self.end_allocations(child, closed)
        self.maybe_rerefer(child, closed, depth)

    def maybe_rerefer(self, child, after: dt.date, depth: int) -> None:
        if depth < 3 and self.rng.random() < self.p.rereferral_12m * 1.1:
            self.referral_journey(child, self.ok(after + self.days(20, 360)), depth + 1)

    def birth_if_due(self, child, on: dt.date) -> None:
        person = child.person
        if person.is_unborn and on >= person.expected_date_of_birth:
            people.record_birth(
                by=self.by,
                person=person,
                disabilities=[Disability.NONE],
                date_of_birth=person.expected_date_of_birth,
                sex=self.rng.choice("MF"),
            )
            people.move_address(
                by=self.by, person=person, postcode=self.postcode(), started_on=person.date_of_birth
            )

    def cp_plan_journey(self, child, ref, plan, depth: int) -> None:
        rng, by, p = self.rng, self.by, self.p
        # Plan length: most end within a year; about 5% run past two years (cpp_ended_2yrs_plus_pct).
        months = rng.choice([3, 4, 6, 6, 7, 9, 9, 10, 12, 12, 13, 15, 18, 20, 26])
        end_target = add_months(plan.started_on, months)
        reviews: list[dt.date] = []
        last_visit = None
        while True:
            review_on = reviews[-1] if reviews else plan.started_on
            due = wtimescales.next_cp_review(icpc_on=plan.started_on, reviews_held=reviews)
            in_time = rng.random() < p.cp_reviews_in_time
            nxt = due - self.days(0, 20) if in_time else due + self.days(5, 30)
            if nxt > end_target:
                nxt = max(end_target, review_on + DAY * 30)
            last_visit = self.cp_visits(child, plan, last_visit, nxt)
            self.birth_if_due(child, nxt)
            self.ok(nxt)
            if nxt >= end_target:
                break
            cw.hold_cp_review(by=by, plan=plan, held_on=nxt, plan_continues=True, quorate=True)
            reviews.append(nxt)
        outcome = _weighted(rng, [("cin", 55), ("close", 30), ("care", 15)])
        self.birth_if_due(child, nxt)
        if outcome == "care" and not child.person.is_unborn and child.person.age_on(nxt) < 17:
            cw.hold_cp_review(by=by, plan=plan, held_on=nxt, plan_continues=False)
            return self.looked_after(
                child, ref, nxt, legal_status=_weighted(rng, [("C1", 70), ("V2", 20), ("L2", 10)])
            )
        cw.hold_cp_review(by=by, plan=plan, held_on=nxt, plan_continues=False)
        if outcome == "cin":
            cin = cw.start_cin_plan(by=by, referral=ref, started_on=nxt)
            end = nxt + self.days(60, 300)
            self.cin_visits(child, nxt, end)
            end = self.ok(end)
            cw.end_cin_plan(by=by, plan=cin, ended_on=end)
            nxt = end
        closed = self.ok(nxt + self.days(0, 15))
        cw.close_referral(by=by, referral=ref, closed_on=closed, reason=ClosureReason.RC7)
        self.end_allocations(child, closed)
        self.maybe_rerefer(child, closed, depth)

    def cp_visits(self, child, plan, last: dt.date | None, end: dt.date) -> dt.date | None:
        """CP statutory visits on the T8 clock (a local standard) until ``end``; returns the
        date of the last visit made, for the next stretch."""
        while True:
            due = wtimescales.next_cp_visit(plan_started_on=plan.started_on, last_visit=last)
            d = self.when_due(due, after=last or plan.started_on, on_time=0.9, early=4, late=(1, 7))
            if d >= end:
                return last
            self.ok(d)
            self.birth_if_due(child, d)
            seen = not child.person.is_unborn and self.rng.random() < 0.95
            cw.record_visit(
                by=self.by,
                person=child.person,
                kind=VisitKind.CP,
                visited_on=d,
                seen=seen,
                seen_alone=seen and child.person.age_on(d) >= 4 and self.rng.random() < 0.7,
                worker=child.worker,
            )
            last = d

    def cin_visits(self, child, plan_started_on: dt.date, end: dt.date) -> None:
        """CIN visits on the T9 clock (a local standard) until ``end``."""
        last = None
        while True:
            due = wtimescales.next_cin_visit(plan_started_on=plan_started_on, last_visit=last)
            d = self.when_due(
                due, after=last or plan_started_on, on_time=0.85, early=10, late=(1, 14)
            )
            if d >= end:
                return
            self.ok(d)
            self.birth_if_due(child, d)
            seen = not child.person.is_unborn and self.rng.random() < 0.93
            cw.record_visit(
                by=self.by,
                person=child.person,
                kind=VisitKind.CIN,
                visited_on=d,
                seen=seen,
                seen_alone=seen and child.person.age_on(d) >= 5 and self.rng.random() < 0.6,
                worker=child.worker,
            )
            last = d

    # --- children looked after ----------------------------------------------------------------
    def placement_for(
        self, child, on: dt.date, *, uasc: bool = False, first: bool = False, legal_status: str = ""
    ) -> care.PlacementDetails:
        rng = self.rng
        age = child.person.age_on(on)
        if uasc and age >= 16:
            place = _weighted(rng, [("K3", 55), ("U6", 30), ("K2", 15)])
        elif age >= 16:
            place = _weighted(rng, [("U6", 35), ("U4", 15), ("K2", 20), ("K3", 25), ("U3", 5)])
        elif age >= 11:
            place = _weighted(
                rng,
                [("U6", 45), ("U4", 15), ("U3", 10), ("U1", 5), ("K2", 20), ("R1", 2), ("P1", 3)],
            )
        else:
            place = _weighted(
                rng,
                [
                    ("U6", 55),
                    ("U4", 10),
                    ("U3", 14),
                    ("U1", 8),
                    ("P1", 6),
                    ("U5", 3),
                    ("K2", 2),
                    ("R3", 2),
                ],
            )
        if place == "P1" and legal_status == "V2":
            place = (
                "U6"  # placed with parents is under a care order, never section 20 (903 rule 378)
            )
        if place == "K3" and care.collection_year(on) < 2025:
            place = "H5"  # K3 (registered supported accommodation) replaced H5 in 2024-25

        local = rng.random() > 0.2
        if place in {"K3", "H5"}:
            # Supported accommodation is in the council's own area: for 2025-26 the DfE's check
            # of the provider's premises (903 rule 241) accepts only the returning LA for K3.
            local = True
        if place == "P1":
            provider = PlacementProvider.PR0
        elif place in {"U1", "U3", "U4", "U6"} and local and rng.random() < 0.65:
            provider = PlacementProvider.PR1
        elif place in {"K2", "K3", "R1", "U4", "U6", "U5"}:
            provider = _weighted(
                rng,
                [
                    (PlacementProvider.PR4, 70),
                    (PlacementProvider.PR5, 15),
                    (PlacementProvider.PR1, 15 if local else 0),
                ],
            )
        else:
            # Own provision is in the council's own area (903 rule 1015); elsewhere it is another LA's.
            provider = PlacementProvider.PR1 if local else PlacementProvider.PR2
        urn = f"SC{rng.randint(100000, 999999)}" if place in URN_REQUIRED_PLACEMENTS else ""
        carer = names.surname(rng)
        home = (
            child.person.addresses.filter(ended_on__isnull=True)
            .values_list("postcode", flat=True)
            .first()
            or ""
        )
        placed_at = self.postcode(local, away_from="" if place == "P1" else home)
        return care.PlacementDetails(
            place=place,
            provider=provider,
            urn=urn,
            postcode=placed_at,
            distance_miles=self.miles_between(home, placed_at),
            home_postcode=home,
            carer_name=f"{'Mr and Mrs ' if place.startswith('U') else ''}{carer}{' House' if place.startswith('K') else ''}",
            long_term_until_18=place in {"U1", "U4"},
        )

    def looked_after(
        self,
        child,
        ref,
        on: dt.date,
        *,
        legal_status: str,
        uasc: bool = False,
        long_stay: bool = False,
    ) -> None:
        rng, by, p = self.rng, self.by, self.p
        person = child.person
        self.birth_if_due(child, on)
        if person.age_on(on) >= 18:
            return
        # Close any open plans under the referral: a looked-after child is reviewed by the IRO.
        for plan in person.cp_plans.filter(ended_on__isnull=True):
            cw.end_cp_plan(by=by, plan=plan, ended_on=on)
        for cin in person.cin_plans.filter(ended_on__isnull=True):
            if cin.started_on < on:
                cw.end_cin_plan(by=by, plan=cin, ended_on=on)
        need = ref.primary_need if ref.primary_need not in {"N0", "N9"} else "N1"
        period = care.start_looked_after(
            by=by,
            person=person,
            started_on=self.ok(on),
            legal_status=legal_status,
            primary_need=need,
            placement=self.placement_for(
                child, on, uasc=uasc, first=True, legal_status=legal_status
            ),
            referral=ref,
        )
        self.counters.periods += 1
        self.allocate(child, "cla", on, WorkerChangeReason.TSPROC)
        iro = self.pick_worker("iro")
        wf.allocate(by=by, person=person, worker=iro, started_on=on, role=AllocationRole.IRO)
        age = person.age_on(on)
        # How this period will end, and when (ASSUMPTION: shares tuned so that starts, ceased
        # and the 31 March count match the profile; adoption and SGO shares are the profile's).
        if uasc:
            ending, months = "eighteen", 999
        elif age < 5 and rng.random() < p.cla_ceased_adopted * 2.4:
            ending, months = "adoption", rng.randint(18, 34)
        elif rng.random() < p.cla_ceased_sgo * 1.2:
            ending, months = "sgo", rng.randint(10, 30)
        elif long_stay or rng.random() < 0.35:
            ending, months = "eighteen", 999
        else:
            ending, months = "home", rng.choice([1, 2, 3, 5, 8, 12, 18, 24, 36])
        end = add_months(on, months) if months < 999 else person.birthday(18)
        if ending == "eighteen" or end > person.birthday(18):
            ending, end = "eighteen", person.birthday(18)
        try:
            self.care_timeline(child, period, on, end, ending, iro)
        finally:
            child.period = period

    def care_timeline(self, child, period, start: dt.date, end: dt.date, ending: str, iro) -> None:
        """Play a period of care forward as dated events, each handled by a ``care_<what>``
        method (``CARE_EVENTS``). Reviews, visits, health assessments and PEPs are scheduled
        one at a time from the timescale clocks: each one, when held, schedules the next."""
        rng, p = self.rng, self.p
        journey = CareJourney(
            child=child, period=period, iro=iro, start=start, end=end, ending=ending
        )
        # Legal status changes: an interim care order becomes a full care order after proceedings.
        status = period.legal_statuses.get(ended_on__isnull=True)
        if status.code in {"L1", "L2"}:
            journey.add(start + self.days(2, 8), "ico")
        if status.code in {"C1", "L1", "L2"}:
            journey.add(start + self.days(150, 300), "fco")
        # Placement moves (cla_3plus_placements_pct: about one child in ten moves twice a year).
        d = start
        while True:
            d = d + self.days(60, 900)
            if d >= end:
                break
            if rng.random() < 0.55:
                journey.add(d, "move")
        if ending == "adoption":
            journey.add(start + self.days(200, 330), "adm")
        self.schedule_cla_review(journey)
        self.schedule_cla_visit(journey)
        self.schedule_health_assessment(journey)
        self.schedule_pep(journey)
        # The yearly 903 OC2 items (dental check, immunisations, SDQ) near each anniversary.
        y = add_months(start, 12)
        while y < end:
            journey.add(y - self.days(0, 30), "annual")
            y = add_months(y, 12)
        if rng.random() < p.cla_missing * 2 and child.person.age_on(start) >= 11:
            for _ in range(rng.randint(1, 4)):
                m = start + self.days(30, max(31, (min(end, self.as_of) - start).days))
                journey.add(m, "missing")
        try:
            while journey.events:
                on, _, what, payload = heapq.heappop(journey.events)
                if on >= journey.end:
                    break
                self.ok(on)
                CARE_EVENTS[what](self, journey, on, payload)
                self.maybe_first_pathway_plan(journey, on)
            self.ok(journey.end)
            self.end_period(child, period, journey.end, journey.ending, journey.case)
        except Beyond:
            return

    def when_due(
        self,
        due: dt.date,
        *,
        after: dt.date,
        on_time: float = 1.0,
        early: int = 14,
        late: tuple[int, int] = (1, 30),
    ) -> dt.date:
        """The day something due on ``due`` is done: with probability ``on_time`` on or up to
        ``early`` days before the due date (but after ``after``), otherwise late."""
        if self.rng.random() < on_time:
            return max(after + DAY, due - self.days(0, early))
        return due + self.days(*late)

    # --- the period of care's clocks: each schedules its next event -----------------------------
    def schedule_cla_review(self, j: "CareJourney") -> None:
        due = ctimescales.next_cla_review(became_looked_after=j.start, reviews_held=j.reviews)
        j.add(self.when_due(due, after=j.reviews[-1] if j.reviews else j.start), "review")

    def schedule_cla_visit(self, j: "CareJourney") -> None:
        placement = j.period.placements.get(ended_on__isnull=True)
        status = j.period.legal_statuses.get(ended_on__isnull=True)
        last = j.last_visit if j.last_visit and j.last_visit >= placement.started_on else None
        due = ctimescales.next_cla_visit(
            placement_started_on=placement.started_on,
            last_visit=last,
            long_term_until_18=placement.long_term_until_18,
            special_case=ctimescales.special_visit_case(
                place=placement.place, legal_status=status.code
            ),
            first_review=j.reviews[0] if j.reviews else None,
        )
        after = last or placement.started_on - DAY
        on = self.when_due(due, after=after, on_time=0.95, early=6, late=(1, 14))
        j.add(on, "visit", j.placement_round)

    def schedule_health_assessment(self, j: "CareJourney") -> None:
        due = ctimescales.next_health_assessment(
            became_looked_after=j.start,
            date_of_birth=j.child.person.date_of_birth,
            assessments_done=j.health_assessments,
        )
        after = j.health_assessments[-1] if j.health_assessments else j.start
        j.add(self.when_due(due, after=after, on_time=0.9, late=(1, 60)), "health")

    def schedule_pep(self, j: "CareJourney") -> None:
        """PEPs are for children of school age (5 to 16 here)."""
        person = j.child.person
        due = max(
            ctimescales.next_pep(became_looked_after=j.start, peps_held=j.peps),
            person.birthday(5),
        )
        if due < person.birthday(17):
            j.add(self.when_due(due, after=j.peps[-1] if j.peps else j.start), "pep")

    def maybe_first_pathway_plan(self, j: "CareJourney", on: dt.date) -> None:
        person = j.child.person
        if (
            person.age_on(on) >= 16
            and not person.pathway_plans.exists()
            and self.rng.random() < 0.5
        ):
            care.record_pathway_plan(by=self.by, person=person, held_on=on, is_review=False)

    # --- the period of care's events (CARE_EVENTS) ---------------------------------------------
    def care_ico(self, j: "CareJourney", on: dt.date, _payload=None) -> None:
        if j.period.legal_statuses.get(ended_on__isnull=True).code != "C1":
            care.change_legal_status(by=self.by, period=j.period, code="C1", started_on=on)

    def care_fco(self, j: "CareJourney", on: dt.date, _payload=None) -> None:
        code = j.period.legal_statuses.get(ended_on__isnull=True).code
        if code in {"C1", "L1", "L2"} and (j.case is None or j.case.placement_order_on is None):
            care.change_legal_status(by=self.by, period=j.period, code="C2", started_on=on)

    def care_move(self, j: "CareJourney", on: dt.date, _payload=None) -> None:
        current = j.period.placements.get(ended_on__isnull=True)
        if current.place.startswith("A") or on <= current.started_on:
            return
        care.change_placement(
            by=self.by,
            period=j.period,
            started_on=on,
            placement=self.placement_for(
                j.child, on, legal_status=j.period.legal_statuses.get(ended_on__isnull=True).code
            ),
            change_reason=_weighted(
                self.rng,
                [
                    ("CARPL", 40),
                    ("CREQB", 15),
                    ("CREQO", 10),
                    ("CHILD", 8),
                    ("LAREQ", 10),
                    ("STAND", 4),
                    ("CLOSE", 5),
                    ("OTHER", 8),
                ],
            ),
        )
        self.new_placement_visits(j)

    def new_placement_visits(self, j: "CareJourney") -> None:
        """A new placement restarts the visiting clock (reg 28(2)(a)); visits scheduled for the
        old one lapse."""
        j.placement_round += 1
        self.schedule_cla_visit(j)

    def care_adm(self, j: "CareJourney", on: dt.date, _payload=None) -> None:
        care.set_permanence_plan(
            by=self.by, period=j.period, plan=PermanencePlanKind.ADOPTION, decided_on=on
        )
        j.case = care.record_adoption_decision(by=self.by, period=j.period, decision_on=on)
        j.adoption_stage = 1
        po = on + self.days(30, 120)
        match = po + self.days(60, 300)
        placed = match + self.days(14, 60)
        for when, what in [(po, "po"), (match, "match"), (placed, "placed")]:
            if when < j.end:
                j.add(when, what)

    def care_po(self, j: "CareJourney", on: dt.date, _payload=None) -> None:
        rng, case = self.rng, j.case
        if case is None or j.adoption_stage != 1:
            return
        if rng.random() < 0.08:
            care.reverse_adoption_decision(
                by=self.by,
                case=case,
                on=on,
                reason=_weighted(
                    rng,
                    [
                        (ReasonNoLongerPlaced.RD1, 40),
                        (ReasonNoLongerPlaced.RD2, 30),
                        (ReasonNoLongerPlaced.RD3, 20),
                        (ReasonNoLongerPlaced.RD4, 10),
                    ],
                ),
            )
            j.ending, j.end, j.adoption_stage = (
                "eighteen_or_home",
                min(j.end, add_months(on, 18)),
                0,
            )
            return
        care.record_placement_order(by=self.by, case=case, on=on)
        j.adoption_stage = 2
        if rng.random() < 0.15:  # early permanence: fostering for adoption (U5)
            current = j.period.placements.get(ended_on__isnull=True)
            ffa_on = on + DAY
            if ffa_on > current.started_on and ffa_on + DAY < j.end:
                care.change_placement(
                    by=self.by,
                    period=j.period,
                    started_on=self.ok(ffa_on),
                    placement=care.PlacementDetails(
                        place=PlacementType.U5,
                        provider=PlacementProvider.PR1,
                        postcode=(placed_at := self.postcode(away_from=current.home_postcode)),
                        home_postcode=current.home_postcode,
                        distance_miles=self.miles_between(current.home_postcode, placed_at),
                        carer_name=f"Mr and Mrs {names.surname(rng)}",
                    ),
                    change_reason="CARPL",
                )
                care.record_early_permanence(by=self.by, case=case, placed_on=ffa_on)
                self.new_placement_visits(j)

    def care_match(self, j: "CareJourney", on: dt.date, _payload=None) -> None:
        rng, case = self.rng, j.case
        if case is None or j.adoption_stage != 2:
            return
        couple = rng.random() < 0.85
        sex = (
            _weighted(rng, [("MF", 80), ("FF", 12), ("MM", 8)])
            if couple
            else rng.choice(["F1", "M1"])
        )
        ls = (
            (AdopterLegalStatus.L11 if sex == "MF" else AdopterLegalStatus.L12)
            if couple
            else AdopterLegalStatus.L0
        )
        care.record_adoption_match(
            by=self.by,
            case=case,
            matched_on=on,
            number_of_adopters=2 if couple else 1,
            adopter_sex=sex,
            adopter_legal_status=ls,
            adopted_by_foster_carer=case.ffa_placed_on is not None or rng.random() < 0.12,
            # Kept when the child goes to another agency's adopters; replaced by the household's
            # own identifier when ours are linked.
            family_id=f"FAM{rng.randint(10000, 99999)}",
        )
        self.adopters.link(case)  # updates ``case`` in place
        j.adoption_stage = 3

    def care_placed(self, j: "CareJourney", on: dt.date, _payload=None) -> None:
        rng, case = self.rng, j.case
        if case is None or j.adoption_stage != 3:
            return
        current = j.period.placements.get(ended_on__isnull=True)
        if on <= current.started_on:
            on = self.ok(current.started_on + DAY)
        place = PlacementType.A5 if case.adopted_by_foster_carer else PlacementType.A6
        care.place_for_adoption(
            by=self.by,
            case=case,
            placed_on=on,
            placement=care.PlacementDetails(
                place=place,
                provider=PlacementProvider.PR1,
                postcode=(
                    placed_at := self.postcode(rng.random() < 0.6, away_from=current.home_postcode)
                ),
                home_postcode=current.home_postcode,
                distance_miles=self.miles_between(current.home_postcode, placed_at),
                carer_name=f"Adopters {names.surname(rng)}",
            ),
        )
        j.adoption_stage = 4
        j.end = min(j.end, on + self.days(120, 330))
        self.new_placement_visits(j)

    def care_review(self, j: "CareJourney", on: dt.date, _payload=None) -> None:
        age = j.child.person.age_on(on)
        code = (
            "PN0"
            if age < 4
            else _weighted(
                self.rng,
                [
                    ("PN1", 55),
                    ("PN2", 10),
                    ("PN3", 5),
                    ("PN4", 5),
                    ("PN5", 10),
                    ("PN6", 10),
                    ("PN7", 5),
                ],
            )
        )
        care.record_cla_review(
            by=self.by, period=j.period, held_on=on, participation=code, iro=j.iro
        )
        j.reviews.append(on)
        self.schedule_cla_review(j)

    def care_visit(self, j: "CareJourney", on: dt.date, placement_round: int) -> None:
        if placement_round != j.placement_round:
            return  # scheduled for a placement the child has since left
        person = j.child.person
        seen = self.rng.random() < 0.96
        cw.record_visit(
            by=self.by,
            person=person,
            kind=VisitKind.CLA,
            visited_on=on,
            seen=seen,
            seen_alone=seen and person.age_on(on) >= 5 and self.rng.random() < 0.65,
            worker=j.child.worker,
        )
        j.last_visit = on
        self.schedule_cla_visit(j)

    def care_health(self, j: "CareJourney", on: dt.date, _payload=None) -> None:
        kind = (
            HealthCheckKind.REVIEW_HEALTH
            if j.health_assessments
            else HealthCheckKind.INITIAL_HEALTH
        )
        care.record_health_check(by=self.by, person=j.child.person, kind=kind, done_on=on)
        j.health_assessments.append(on)
        self.schedule_health_assessment(j)

    def care_pep(self, j: "CareJourney", on: dt.date, _payload=None) -> None:
        kind = PEPKind.REVIEW if j.peps else PEPKind.INITIAL
        care.record_pep(by=self.by, period=j.period, held_on=on, kind=kind)
        j.peps.append(on)
        self.schedule_pep(j)

    def care_annual(self, j: "CareJourney", on: dt.date, _payload=None) -> None:
        rng, by, person = self.rng, self.by, j.child.person
        age = person.age_on(on)
        if rng.random() < 0.85:
            dental = (
                on + self.days(0, 20) if on + dt.timedelta(days=20) < min(j.end, self.as_of) else on
            )
            care.record_health_check(
                by=by, person=person, kind=HealthCheckKind.DENTAL, done_on=dental
            )
        care.record_immunisation_status(
            by=by, person=person, recorded_on=on, up_to_date=rng.random() < 0.88
        )
        if 4 <= age <= 16:
            if rng.random() < 0.8:
                care.record_sdq(
                    by=by,
                    person=person,
                    completed_on=on,
                    score=min(40, max(0, int(rng.gauss(14, 7)))),
                )
            else:
                care.record_sdq(
                    by=by,
                    person=person,
                    completed_on=on,
                    reason=_weighted(rng, [("SDQ2", 30), ("SDQ3", 20), ("SDQ4", 30), ("SDQ5", 20)]),
                )
        if age >= 10 and rng.random() < 0.04:
            care.record_conviction(
                by=by, person=person, convicted_on=on, offence="Synthetic offence"
            )
        if age >= 11 and rng.random() < 0.04:
            care.record_substance_misuse(
                by=by,
                person=person,
                identified_on=on,
                substance="Cannabis",
                intervention_offered=True,
                intervention_received=rng.random() < 0.6,
            )

    def care_missing(self, j: "CareJourney", on: dt.date, _payload=None) -> None:
        rng, person = self.rng, j.child.person
        # Back by the day care ends at the latest (903 rule 577).
        back = min(on + self.days(0, 3), j.end)
        if person.missing_episodes.overlapping(on, back + DAY).exists():
            return
        returned = back if back <= self.as_of else None
        offered = returned is not None and rng.random() < 0.85
        accepted = offered and rng.random() < 0.6
        held = None
        if accepted:
            due = ctimescales.return_interview_due_on(returned)
            held = self.when_due(due, after=returned - DAY, on_time=0.9, early=3, late=(1, 7))
            if held > self.as_of:
                held = None
        care.record_missing_episode(
            by=self.by,
            person=person,
            kind=_weighted(rng, [(MissingKind.MISSING, 70), (MissingKind.AWAY, 30)]),
            started_on=on,
            ended_on=returned,
            rhi_offered=offered if returned else None,
            rhi_accepted=accepted if returned else None,
            rhi_held_on=held,
        )

    def end_period(self, child, period, end: dt.date, ending: str, case) -> None:
        rng, by = self.rng, self.by
        person = child.person
        current = period.placements.get(ended_on__isnull=True)
        status = period.legal_statuses.get(ended_on__isnull=True)
        if end <= max(current.started_on, status.started_on):
            end = max(current.started_on, status.started_on) + DAY
            self.ok(end)
        if (
            case is not None
            and case.reversed_on is None
            and case.adoption_order_on is None
            and (ending != "adoption" or case.placed_on is None)
        ):
            # The plan changed before an adoption: the decision is reversed first (903 rule 557).
            care.reverse_adoption_decision(
                by=by, case=case, on=end, reason=ReasonNoLongerPlaced.RD4
            )
            case.refresh_from_db()
            if ending == "adoption":
                ending = "home"
        if ending == "adoption" and case is not None and case.placed_on is not None:
            care.record_adoption_order(
                by=by, case=case, on=end, reason=_weighted(rng, [("E11", 60), ("E12", 40)])
            )
        elif ending == "sgo":
            foster = current.place.startswith("U")  # SGO to former foster carers (E45/E46)
            care.cease_looked_after(
                by=by,
                period=period,
                ended_on=end,
                reason=_weighted(
                    rng,
                    [
                        ("E45", 40 if foster else 0),
                        ("E46", 10 if foster else 0),
                        ("E47", 40),
                        ("E48", 10),
                    ],
                ),
            )
        elif ending == "home":
            care.cease_looked_after(
                by=by,
                period=period,
                ended_on=end,
                reason=_weighted(
                    rng, [("E4A", 75), ("E4B", 5), ("E13", 10), ("E41", 5), ("E8", 5)]
                ),
            )
        else:
            if person.age_on(end) >= 18:
                reason = _weighted(
                    rng, [("E17", 30), ("E5", 45), ("E6", 10), ("E8", 10), ("E7", 5)]
                )
            else:
                reason = _weighted(rng, [("E4A", 70), ("E13", 15), ("E8", 15)])
            care.cease_looked_after(by=by, period=period, ended_on=end, reason=reason)
        if person.allocations.filter(role=AllocationRole.IRO, ended_on__isnull=True).exists():
            self.end_allocations(child, end, AllocationRole.IRO)
        ref = period.referral
        if person.age_on(end) >= 16 and (end - period.started_on).days >= 91:
            self.leaving_care(child, period, end)
        elif ref is not None and ref.closed_on is None:
            closed = self.ok(end + self.days(0, 60))
            cw.close_referral(
                by=by,
                referral=ref,
                closed_on=closed,
                reason=_weighted(
                    rng, [(ClosureReason.RC1 if ending == "adoption" else ClosureReason.RC7, 1)]
                )
                if ending != "sgo"
                else ClosureReason.RC4,
            )
            self.end_allocations(child, closed)

    def leaving_care(self, child, period, left: dt.date) -> None:
        """Care leaver services to 21 (25 on request): PA, pathway plan reviews, contacts."""
        rng, by, p = self.rng, self.by, self.p
        person = child.person
        eligibility = (
            CareLeaverEligibility.FORMER_RELEVANT
            if person.age_on(left) >= 18
            else CareLeaverEligibility.RELEVANT
        )
        care.become_care_leaver(by=by, person=person, eligibility=eligibility, since=left)
        ref = period.referral
        if ref is not None and ref.closed_on is None:
            cw.close_referral(by=by, referral=ref, closed_on=left, reason=ClosureReason.RC7)
        self.end_allocations(child, left)
        pa = self.pick_worker("leaving_care")
        wf.allocate(
            by=by, person=person, worker=pa, started_on=left, role=AllocationRole.PERSONAL_ADVISER
        )
        until = person.birthday(21) if rng.random() < 0.85 else person.birthday(25)
        held = list(person.pathway_plans.values_list("held_on", flat=True))
        plan = left + self.days(5, 40)
        while plan < until:
            self.ok(plan)
            care.record_pathway_plan(by=by, person=person, held_on=plan, is_review=bool(held))
            held.append(plan)
            due = ctimescales.next_pathway_plan_review(plans_held=held)
            plan = self.when_due(due, after=plan, early=20)
        # Contacts every one to three months; activity and accommodation by the published shares.
        d = left + self.days(10, 40)
        lost = rng.random() < 0.05
        while d < until:
            self.ok(d)
            if lost:
                care.record_care_leaver_contact(
                    by=by, person=person, contacted_on=d, in_touch=InTouch.NO, worker=pa
                )
            else:
                eet = rng.random() < p.care_leavers_eet_19_21 * 1.05
                activity = (
                    _weighted(
                        rng,
                        [
                            (Activity.F2, 30),
                            (Activity.F5, 30),
                            (Activity.P5, 15),
                            (Activity.F1, 10),
                            (Activity.F4, 10),
                            (Activity.P2, 5),
                        ],
                    )
                    if eet
                    else _weighted(rng, [(Activity.G5, 60), (Activity.G4, 25), (Activity.G6, 15)])
                )
                suitable = rng.random() < p.care_leavers_suitable_19_21
                accom = _weighted(
                    rng,
                    [
                        (Accommodation.U, 35),
                        (Accommodation.D, 20),
                        (Accommodation.E, 10),
                        (Accommodation.B, 10),
                        (Accommodation.Z, 10 if person.age_on(d) >= 18 else 0),
                        (Accommodation.T, 5),
                        (Accommodation.K, 5),
                        (Accommodation.C, 5),
                    ],
                )
                if not suitable and rng.random() < 0.2:
                    accom = rng.choice(
                        [Accommodation.S, Accommodation.V, Accommodation.W, Accommodation.X]
                    )
                if accom in {Accommodation.S, Accommodation.X}:
                    suitable = False
                care.record_care_leaver_contact(
                    by=by,
                    person=person,
                    contacted_on=d,
                    in_touch=InTouch.YES,
                    activity=activity,
                    accommodation=accom,
                    accommodation_suitable=suitable,
                    worker=pa,
                )
            d = d + self.days(30, 95)
        self.ok(until)
        self.end_allocations(child, until, AllocationRole.PERSONAL_ADVISER)


@dataclass
class Child:
    person: object
    locality: int
    worker: Worker | None = None
    period: object = None


@dataclass
class CareJourney:
    """What the handlers of one period of care share while it is played forward."""

    child: Child
    period: object
    iro: Worker
    start: dt.date
    end: dt.date
    ending: str
    # A heap of (date, order added, what, payload): same-day events keep the order they were
    # added in, so the generator stays deterministic.
    events: list[tuple[dt.date, int, str, object]] = field(default_factory=list)
    added: int = 0
    case: object = None
    adoption_stage: int = 0
    reviews: list[dt.date] = field(default_factory=list)
    last_visit: dt.date | None = None
    # Bumped by every new placement: visits scheduled for the old one lapse.
    placement_round: int = 0
    health_assessments: list[dt.date] = field(default_factory=list)
    peps: list[dt.date] = field(default_factory=list)

    def add(self, on: dt.date, what: str, payload: object = None) -> None:
        heapq.heappush(self.events, (on, self.added, what, payload))
        self.added += 1


# The events of a period of care and their handlers.
CARE_EVENTS: dict[str, Callable[..., None]] = {
    "ico": Council.care_ico,
    "fco": Council.care_fco,
    "move": Council.care_move,
    "adm": Council.care_adm,
    "po": Council.care_po,
    "match": Council.care_match,
    "placed": Council.care_placed,
    "review": Council.care_review,
    "visit": Council.care_visit,
    "health": Council.care_health,
    "pep": Council.care_pep,
    "annual": Council.care_annual,
    "missing": Council.care_missing,
}
