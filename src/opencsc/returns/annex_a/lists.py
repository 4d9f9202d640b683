"""The eleven Annex A lists: who is on each (its cohort) and how each column is derived.

One function per list, registered with ``@annex_list(number, cohort=...)``. The cohort is a
queryset of the records that put a child on the list; ``export`` takes the union of every
cohort's ``person_id`` to load the people once. Each builder runs a fixed number of queries:
"latest" and "how many" columns are correlated subqueries, and the few spans a column needs in
Python (placements, legal statuses, missing episodes, earlier referrals…) are loaded in one
query per kind for the whole cohort, filtered by subquery. So the query count does not grow
with the number of children.

Everything is as it stood on ``as_of``: records dated later are ignored and a span that ended
later is shown open (``Window.upto``). Who is on each list follows the Ofsted definitions quoted
in docs/field-guide.md §2; where the definition leaves a choice, the docstring says which was made and
why (the SSD Annex A script, cited there, is the usual tie-breaker).
"""

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db.models import Exists, F, Func, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from opencsc.care.codes import (
    SHORT_BREAK_STATUSES,
    HealthCheckKind,
    HealthCheckStatus,
    InTouch,
    LegalStatus,
    MissingKind,
    ReviewParticipation,
)
from opencsc.care.models import (
    AdopterHousehold,
    AdoptionCase,
    CareLeaver,
    CareLeaverContact,
    HealthCheck,
    LegalStatusSpan,
    LookedAfterPeriod,
    LookedAfterReview,
    MissingEpisode,
    PathwayPlan,
    PermanencePlan,
    Placement,
    ProspectiveAdopter,
)
from opencsc.casework.codes import ConferenceKind, VisitKind
from opencsc.casework.models import (
    Assessment,
    ChildProtectionConference,
    CINPlan,
    Contact,
    CPPlan,
    EarlyHelpEpisode,
    Referral,
    Section47Enquiry,
    StrategyDiscussion,
    Visit,
)
from opencsc.core.calendar import add_months
from opencsc.people import status as case_status
from opencsc.workforce.codes import AllocationRole
from opencsc.workforce.models import Allocation

from . import placement as place
from .context import People, Window, earlier_within_year, group, held_in_year_before
from .labels import Labels, label


@dataclass(frozen=True)
class Context:
    window: Window
    labels: type[Labels]
    people: People
    home_areas: tuple[str, ...]
    la_name: str


Rows = Iterator[dict]
BUILDERS: dict[int, Callable[[Context], Rows]] = {}
COHORTS: dict[int, Callable[[Window], QuerySet]] = {}


def annex_list(number: int, *, cohort: Callable[[Window], QuerySet]):
    """Register the row builder of list ``number`` and the cohort that puts children on it."""

    def register(builder: Callable[[Context], Rows]) -> Callable[[Context], Rows]:
        BUILDERS[number] = builder
        COHORTS[number] = cohort
        return builder

    return register


def _latest(qs: QuerySet, by: str, value: str | None = None) -> Subquery:
    """The ``value`` (default: ``by`` itself) of the latest row of ``qs`` by ``by``."""
    return Subquery(qs.order_by(f"-{by}", "-pk").values(value or by)[:1])


def _count(qs: QuerySet):
    """How many rows ``qs`` has, as a subquery (0 when none)."""
    counted = qs.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")[:1]
    return Coalesce(Subquery(counted), 0)


def _live_in_period(qs: QuerySet, w: Window):
    """Spans open at some time in the reporting period: begun by ``as_of`` and not ended
    before it started ("at the point of inspection or in the six months before")."""
    return qs.live_between(w.start, w.as_of)


def _latest_per_child(records) -> list:
    """The last record of each child, from records ordered oldest first (lists 6, 7 and 8 have
    one row per child: its latest episode, plan or period, as in the SSD script)."""
    latest: dict = {}
    for r in records:
        latest.pop(r.person_id, None)  # so the children come in the order of their latest record
        latest[r.person_id] = r
    return list(latest.values())


def _yes_no(ctx: Context, value: bool | None) -> str:
    return ctx.labels.yes_no[value]


def _name(obj) -> str | None:
    return obj.name if obj is not None else None


def _team_and_worker(ctx: Context, person_id: int, *, team, worker, start, on) -> dict:
    """The record's own team and worker where it has them (a referral's, an assessment's),
    otherwise the child's allocated social worker over the record's life."""
    allocated = ctx.people.allocated(person_id, start=start, on=on)
    return {
        "team": _name(team) or allocated["team"],
        "worker": _name(worker) or allocated["worker"],
    }


# --- List 1: contacts -----------------------------------------------------------------------


def contacts(w: Window) -> QuerySet:
    """All contacts received in the reporting period, one row per child per contact."""
    return Contact.objects.filter(received_on__gte=w.start, received_on__lte=w.as_of)


@annex_list(1, cohort=contacts)
def list_1(ctx: Context) -> Rows:
    for c in contacts(ctx.window).order_by("received_on", "pk"):
        yield {
            **ctx.people.child(c.person_id),
            "contact_on": c.received_on,
            "contact_source": label(ctx.labels.source, c.source),
        }


# --- List 2: early help ---------------------------------------------------------------------


def early_help(w: Window) -> QuerySet:
    """Early help assessments started or completed in the reporting period, and every early
    help episode open on ``as_of`` (a current intervention coordinated through the LA).

    opencsc records the early help assessment on its episode: the assessment starts with the
    episode and its completion date is recorded when the episode ends.
    """
    return EarlyHelpEpisode.objects.filter(started_on__lte=w.as_of).filter(
        Q(started_on__gte=w.start)
        | Q(assessment_completed_on__gte=w.start, assessment_completed_on__lte=w.as_of)
        | EarlyHelpEpisode.open_q(w.as_of)
    )


@annex_list(2, cohort=early_help)
def list_2(ctx: Context) -> Rows:
    w = ctx.window
    for e in early_help(w).select_related("worker__team").order_by("started_on", "pk"):
        team = e.worker.team.name if e.worker else None
        yield {
            **ctx.people.child(e.person_id),
            "started_on": e.started_on,
            "completed_on": w.upto(e.assessment_completed_on),
            "organisation": e.organisation or team,
        }


# --- List 3: referrals ----------------------------------------------------------------------


def referrals(w: Window) -> QuerySet:
    """All referrals received in the reporting period; a child may appear more than once."""
    return Referral.objects.filter(received_on__gte=w.start, received_on__lte=w.as_of)


def _events(qs: QuerySet, on: str) -> dict[int, list[tuple[dt.date, int]]]:
    rows = qs.values_list("person_id", on, "pk")
    out: dict[int, list[tuple[dt.date, int]]] = {}
    for person_id, d, pk in rows:
        out.setdefault(person_id, []).append((d, pk))
    return out


@annex_list(3, cohort=referrals)
def list_3(ctx: Context) -> Rows:
    """Number of referrals in the last 12 months: the child's *other* referrals received in
    the 12 months before this one (a re-referral count; the row's own referral is not counted,
    as in the SSD script and the template's sample, where a first referral shows 0)."""
    w = ctx.window
    cohort = referrals(w)
    earlier = _events(
        Referral.objects.filter(
            person__in=cohort.values("person_id"),
            received_on__gte=add_months(w.start, -12),
            received_on__lte=w.as_of,
        ),
        "received_on",
    )
    for r in cohort.select_related("team", "worker").order_by("received_on", "pk"):
        nfa = r.nfa and w.upto(r.decided_on) is not None
        yield {
            **ctx.people.child(r.person_id),
            "referral_on": r.received_on,
            "referral_source": label(ctx.labels.source, r.source),
            "nfa": _yes_no(ctx, nfa),
            "referrals_12m": earlier_within_year(earlier.get(r.person_id, []), r.received_on, r.pk),
            **_team_and_worker(
                ctx,
                r.person_id,
                team=r.team,
                worker=r.worker,
                start=r.received_on,
                on=w.cap(r.closed_on),
            ),
        }


# --- List 4: assessments --------------------------------------------------------------------


def assessments(w: Window) -> QuerySet:
    """Assessments under way at any time in the reporting period: started by ``as_of`` and not
    authorised before the period began (the SSD script's reading of "children with assessments
    in the previous six months"). One row per assessment."""
    return _live_in_period(Assessment.objects.all(), w)


@annex_list(4, cohort=assessments)
def list_4(ctx: Context) -> Rows:
    """Child seen: as recorded at authorisation; for an assessment still open on ``as_of``,
    whether any visit since it started saw the child. The support question is answered only
    once the assessment is authorised."""
    w = ctx.window
    seen_since_start = Visit.objects.filter(
        person_id=OuterRef("person_id"),
        seen=True,
        visited_on__gte=OuterRef("started_on"),
        visited_on__lte=w.as_of,
    )
    rows = (
        assessments(w)
        .select_related("team", "worker")
        .annotate(seen_so_far=Exists(seen_since_start))
        .order_by("started_on", "pk")
    )
    for a in rows:
        authorised_on = w.upto(a.authorised_on)
        done = authorised_on is not None
        yield {
            **ctx.people.child(a.person_id, disability=True),
            "started_on": a.started_on,
            "child_seen": _yes_no(ctx, a.child_seen if done else a.seen_so_far),
            "authorised_on": authorised_on,
            "services_required": _yes_no(ctx, a.services_required) if done else None,
            **_team_and_worker(
                ctx,
                a.person_id,
                team=a.team,
                worker=a.worker,
                start=a.started_on,
                on=w.cap(a.authorised_on),
            ),
        }


# --- List 5: section 47 enquiries and ICPCs -------------------------------------------------


def section47s(w: Window) -> QuerySet:
    """All section 47 enquiries open at any time in the reporting period, including those
    still open; one row per enquiry."""
    return _live_in_period(Section47Enquiry.objects.all(), w)


@annex_list(5, cohort=section47s)
def list_5(ctx: Context) -> Rows:
    """The enquiry starts on the day of the strategy discussion that initiated it. ICPC
    unnecessary: No once an ICPC is held; otherwise as concluded when the enquiry ended (blank
    while it is open). The 12-month counts are the child's other enquiries started, and
    initial conferences held, in the 12 months before this enquiry started."""
    w = ctx.window
    cohort = section47s(w)
    initial = ChildProtectionConference.objects.filter(
        section47=OuterRef("pk"), kind=ConferenceKind.INITIAL, held_on__lte=w.as_of
    )
    since = add_months(w.start, -12)
    people = cohort.values("person_id")
    earlier_s47s = _events(
        Section47Enquiry.objects.filter(
            person__in=people, started_on__gte=since, started_on__lte=w.as_of
        ),
        "started_on",
    )
    earlier_icpcs = _events(
        ChildProtectionConference.objects.filter(
            person__in=people,
            kind=ConferenceKind.INITIAL,
            held_on__gte=since,
            held_on__lte=w.as_of,
        ),
        "held_on",
    )
    rows = (
        cohort.select_related("strategy_discussion", "worker__team")
        .annotate(
            icpc_on=_latest(initial, "held_on"),
            icpc_plan=_latest(initial, "held_on", "plan_decided"),
        )
        .order_by("started_on", "pk")
    )
    for s in rows:
        started_on = s.strategy_discussion.held_on
        if s.icpc_on is not None:
            unnecessary = _yes_no(ctx, False)
        elif w.upto(s.ended_on) is not None:
            unnecessary = _yes_no(ctx, s.icpc_not_required)
        else:
            unnecessary = None
        yield {
            **ctx.people.child(s.person_id, disability=True),
            "started_on": started_on,
            "icpc_unnecessary": unnecessary,
            "icpc_on": s.icpc_on,
            "icpc_plan": _yes_no(ctx, s.icpc_plan) if s.icpc_on else None,
            "s47s_12m": earlier_within_year(earlier_s47s.get(s.person_id, []), s.started_on, s.pk),
            "icpcs_12m": held_in_year_before(earlier_icpcs.get(s.person_id, []), started_on),
            **_team_and_worker(
                ctx,
                s.person_id,
                team=s.worker.team if s.worker else None,
                worker=s.worker,
                start=s.started_on,
                on=w.cap(s.ended_on),
            ),
        }


# --- List 6: children in need ---------------------------------------------------------------


# List 6's case status, from the one case status (people.status). Looked after there leaves
# out short breaks only (V3/V4), as the SSD script does in lists 6 and 8. A closed episode is
# "closed" whatever else the child has; an open one whose child has none of these four is
# shown as a CIN plan, the SSD script's catch-all (still receiving services as a child in need).
LIST_6_STATUS = {
    "Child looked after": "looked_after",
    "Child protection plan": "cp_plan",
    "Child in need plan": "cin_plan",
    "Open assessment": "open_assessment",
}


def cin_episodes(w: Window) -> QuerySet:
    """CIN episodes (referrals) open at any time in the reporting period that went beyond the
    referral: an assessment, a strategy discussion, a CIN or CP plan, or a period of care
    during the episode. Ofsted excludes "children who are only the subject of a referral" and
    care leavers: a care leaver who is not looked after on ``as_of`` is left out."""
    child = OuterRef("person_id")
    episode_end = Coalesce(OuterRef("closed_on"), Value(w.as_of))
    beyond_referral = (
        Exists(Assessment.objects.filter(referral=OuterRef("pk"), started_on__lte=w.as_of))
        | Exists(StrategyDiscussion.objects.filter(referral=OuterRef("pk"), held_on__lte=w.as_of))
        | Exists(CINPlan.objects.filter(referral=OuterRef("pk"), started_on__lte=w.as_of))
        | Exists(CPPlan.objects.filter(referral=OuterRef("pk"), started_on__lte=w.as_of))
        | Exists(
            LookedAfterPeriod.objects.filter(person_id=child, started_on__lte=w.as_of).live_between(
                OuterRef("received_on"), episode_end
            )
        )
    )
    care_leaver = case_status.holds("Care leaver", w.as_of, person=child)
    looked_after = case_status.holds("Child looked after", w.as_of, person=child)
    return (
        _live_in_period(Referral.objects.all(), w)
        .filter(beyond_referral)
        .exclude(care_leaver & ~looked_after)
    )


@annex_list(6, cohort=cin_episodes)
def list_6(ctx: Context) -> Rows:
    """One row per child: their latest CIN episode. Last seen: the latest visit of any kind
    during the episode at which the child was seen. Case status on ``as_of``: the child's
    (``people.status``, whose precedence is Annex A's, docs/field-guide.md §2: looked after > CP plan > CIN plan >
    open assessment, an open section 47 enquiry counting as one), shown as ``LIST_6_STATUS``."""
    w = ctx.window
    child = OuterRef("person_id")
    seen = Visit.objects.filter(
        person_id=child, seen=True, visited_on__gte=OuterRef("received_on"), visited_on__lte=w.as_of
    ).filter(visited_on__lte=Coalesce(OuterRef("closed_on"), Value(w.as_of)))
    rows = (
        cin_episodes(w)
        .annotate(
            last_seen_on=_latest(seen, "visited_on"),
            child_status=case_status.case_status(w.as_of, person=child),
        )
        .order_by("received_on", "pk")
    )
    for r in _latest_per_child(list(rows)):
        closed_on = w.upto(r.closed_on)
        if closed_on is not None:
            status = "closed"
        else:
            status = LIST_6_STATUS.get(r.child_status, "cin_plan")
        yield {
            **ctx.people.child(r.person_id, disability=True),
            "cin_started_on": r.received_on,
            "primary_need": label(ctx.labels.primary_need, r.primary_need),
            "last_seen_on": r.last_seen_on,
            "cin_closed_on": closed_on,
            "closure_reason": label(ctx.labels.closure_reason, r.closure_reason)
            if closed_on
            else None,
            "case_status": ctx.labels.case_status[status],
            **ctx.people.allocated(r.person_id, start=r.received_on, on=w.cap(r.closed_on)),
        }


# --- List 7: child protection ---------------------------------------------------------------


def cp_plans(w: Window) -> QuerySet:
    """CP plans open on ``as_of`` or ended in the reporting period. Plans flagged as another
    LA's (``other_la``) are left out, as the SSD script leaves out OLA plans."""
    return _live_in_period(CPPlan.objects.filter(other_la=False), w)


@annex_list(7, cohort=cp_plans)
def list_7(ctx: Context) -> Rows:
    """One row per child: the latest plan. Last statutory visit: the latest CP visit under the
    plan, and whether the child was seen alone at it. Latest review: the latest review
    conference of the plan. Previous plans: the child's plans that started before this one.
    EPO / police protection: a legal status of L1 or L2 at any time in the six months."""
    w = ctx.window
    visits = Visit.objects.took_place().filter(
        cp_plan=OuterRef("pk"), kind=VisitKind.CP, visited_on__lte=w.as_of
    )
    reviews = ChildProtectionConference.objects.filter(
        cp_plan=OuterRef("pk"), kind=ConferenceKind.REVIEW, held_on__lte=w.as_of
    )
    earlier = CPPlan.objects.filter(
        person_id=OuterRef("person_id"), started_on__lt=OuterRef("started_on")
    )
    protected = LegalStatusSpan.objects.filter(
        person_id=OuterRef("person_id"), code__in=[LegalStatus.L1, LegalStatus.L2]
    ).live_between(w.six_months_start, w.as_of)
    rows = (
        cp_plans(w)
        .annotate(
            last_visit_on=_latest(visits, "visited_on"),
            seen_alone=_latest(visits, "visited_on", "seen_alone"),
            latest_review_on=_latest(reviews, "held_on"),
            previous_plans=_count(earlier),
            protected=Exists(protected),
        )
        .order_by("started_on", "pk")
    )
    for p in _latest_per_child(list(rows)):
        yield {
            **ctx.people.child(p.person_id, disability=True),
            "plan_started_on": p.started_on,
            "initial_category": label(ctx.labels.category_of_abuse, p.initial_category),
            "latest_category": label(ctx.labels.category_of_abuse, p.latest_category),
            "last_visit_on": p.last_visit_on,
            "seen_alone": _yes_no(ctx, p.seen_alone) if p.last_visit_on else None,
            "latest_review_on": p.latest_review_on,
            "plan_ended_on": w.upto(p.ended_on),
            "epo_or_police_6m": _yes_no(ctx, p.protected),
            "previous_plans": p.previous_plans,
            **ctx.people.allocated(p.person_id, start=p.started_on, on=w.cap(p.ended_on)),
        }


# --- List 8: children in care ---------------------------------------------------------------


def care_periods(w: Window) -> QuerySet:
    """Periods of care open on ``as_of`` or ended in the reporting period. A child looked after
    under short breaks only (V3/V4) is left out when building the rows, as in the SSD script."""
    return _live_in_period(LookedAfterPeriod.objects.all(), w)


def _latest_started(spans: list, on: dt.date):
    started = [s for s in spans if s.started_on <= on]
    return max(started, key=lambda s: (s.started_on, s.pk)) if started else None


def _iro_workers(child) -> QuerySet:
    return Allocation.objects.filter(person_id=child, role=AllocationRole.IRO).values("worker_id")


@annex_list(8, cohort=care_periods)
def list_8(ctx: Context) -> Rows:
    """One row per child: their latest period of care.

    - UASC: a UASC immigration status at any time in the last 12 months.
    - Second or subsequent period: an earlier period of care ended in the last 12 months.
    - Legal status and placement: the current ones (the last ones, if the period has ended).
    - Latest review, last social work visit, permanence plan: the latest of the period. A
      visit by the child's IRO counts as IRO contact, not as a social work visit.
    - Last IRO visit / contact: the latest of a visit by the child's IRO and a review the IRO
      chaired that the child attended (PN1–PN4).
    - Health assessment (initial or review) and dental check: the latest completed while in
      this period of care.
    - Placements in the last 12 months: the child's placements open at any time in the 12
      months; a move with the same carers (903 RNE T/U) is not a new placement.
    - Missing / absent ("away", 903 MISSING M / A): episodes begun in the 12 months while the
      child was looked after. The return interview columns describe the latest missing (M)
      episode the child had come back from by ``as_of`` (blank when there is none).
    - Placement location and LA of placement: from the placement postcode (``placement.py``).
    """
    w = ctx.window
    lower = min(w.start, w.year_start)
    period = OuterRef("pk")
    child = OuterRef("person_id")
    # The period's last day looked after, or ``as_of`` while it is open.
    period_end = Coalesce(OuterRef("ended_on"), Value(w.as_of))
    checks = HealthCheck.objects.filter(
        person_id=child,
        status=HealthCheckStatus.COMPLETED,
        done_on__gte=OuterRef("started_on"),
        done_on__lte=w.as_of,
    ).filter(done_on__lte=period_end)
    health = checks.filter(kind__in=[HealthCheckKind.INITIAL_HEALTH, HealthCheckKind.REVIEW_HEALTH])
    visits = Visit.objects.took_place().filter(
        period=period, kind=VisitKind.CLA, visited_on__lte=w.as_of
    )
    child_took_part = [
        ReviewParticipation.PN1,
        ReviewParticipation.PN2,
        ReviewParticipation.PN3,
        ReviewParticipation.PN4,
    ]
    reviews = LookedAfterReview.objects.filter(period=period, held_on__lte=w.as_of)
    rows = list(
        care_periods(w)
        .annotate(
            latest_review_on=_latest(reviews, "held_on"),
            last_visit_on=_latest(visits.exclude(worker_id__in=_iro_workers(child)), "visited_on"),
            iro_visit_on=_latest(
                Visit.objects.took_place()
                .filter(
                    person_id=child,
                    visited_on__gte=OuterRef("started_on"),
                    visited_on__lte=w.as_of,
                    worker_id__in=_iro_workers(child),
                )
                .filter(visited_on__lte=period_end),
                "visited_on",
            ),
            iro_review_on=_latest(
                reviews.filter(iro__isnull=False, participation__in=child_took_part), "held_on"
            ),
            permanence_plan=_latest(
                PermanencePlan.objects.filter(period=period, decided_on__lte=w.as_of),
                "decided_on",
                "plan",
            ),
            last_health_on=_latest(health, "done_on"),
            last_dental_on=_latest(checks.filter(kind=HealthCheckKind.DENTAL), "done_on"),
        )
        .order_by("started_on", "pk")
    )
    people = care_periods(w).values("person_id")
    all_periods = group(
        LookedAfterPeriod.objects.filter(person__in=people, started_on__lte=w.as_of)
    )
    placements = group(
        Placement.objects.filter(person__in=people, started_on__lte=w.as_of).not_ended_by(lower)
    )
    statuses = group(
        LegalStatusSpan.objects.filter(period__in=care_periods(w), started_on__lte=w.as_of),
        key=lambda s: s.period_id,
    )
    missing = group(
        MissingEpisode.objects.filter(
            person__in=people, started_on__gte=w.year_start, started_on__lte=w.as_of
        ).order_by("started_on", "pk")
    )
    for p in _latest_per_child(rows):
        status = _latest_started(statuses.get(p.pk, []), w.as_of)
        if status is None or status.code in SHORT_BREAK_STATUSES:
            continue
        periods = all_periods.get(p.person_id, [])
        child_placements = placements.get(p.person_id, [])
        current = _latest_started([x for x in child_placements if x.period_id == p.pk], w.as_of)
        ended_on = w.upto(p.ended_on)
        yield {
            **ctx.people.child(p.person_id),
            "uasc_12m": _yes_no(ctx, ctx.people.uasc_between(p.person_id, w.year_start, w.as_of)),
            "disability": ctx.people.disability(p.person_id),
            "started_on": p.started_on,
            "category_of_need": label(ctx.labels.primary_need, p.primary_need),
            "subsequent_period_12m": _yes_no(
                ctx,
                any(
                    o.pk != p.pk
                    and o.started_on < p.started_on
                    and o.ended_on is not None
                    and o.ended_on >= w.year_start
                    for o in periods
                ),
            ),
            "legal_status_on": status.started_on,
            "legal_status": label(ctx.labels.legal_status, status.code),
            "latest_review_on": p.latest_review_on,
            "last_visit_on": p.last_visit_on,
            "permanence_plan": label(ctx.labels.permanence_plan, p.permanence_plan),
            "last_iro_contact_on": max(
                (d for d in (p.iro_visit_on, p.iro_review_on) if d is not None), default=None
            ),
            "last_health_on": p.last_health_on,
            "last_dental_on": p.last_dental_on,
            "placements_12m": sum(
                1
                for x in child_placements
                if not (x.same_carer_as_previous and x.started_on > w.year_start)
                and not x.has_ended_by(w.year_start)
            ),
            "ceased_on": ended_on,
            "reason_ceased": label(ctx.labels.reason_ceased, p.reason_ceased) if ended_on else None,
            **_placement_columns(ctx, current),
            **_missing_columns(ctx, missing.get(p.person_id, []), periods),
            **ctx.people.allocated(p.person_id, start=p.started_on, on=w.cap(p.ended_on)),
        }


def _placement_columns(ctx: Context, placement: Placement | None) -> dict:
    if placement is None:
        return {}
    where = place.location(placement.postcode, ctx.home_areas)
    if where == "in":
        la = ctx.la_name or None
    else:
        country = place.country_code(placement.postcode)
        la = label(ctx.labels.la_of_placement, country)
    return {
        "placement_on": placement.started_on,
        "placement_type": label(ctx.labels.placement_type, placement.place),
        "placement_provider": label(ctx.labels.placement_provider, placement.provider),
        "placement_postcode": placement.postcode or None,
        "placement_urn": placement.urn or None,
        "placement_location": label(ctx.labels.placement_location, where),
        "placement_la": la,
    }


def _missing_columns(ctx: Context, episodes: list[MissingEpisode], periods: list) -> dict:
    w = ctx.window

    def looked_after(on: dt.date) -> bool:
        return any(p.is_open_on(on) for p in periods)

    counted = [m for m in episodes if looked_after(m.started_on)]
    missing = [m for m in counted if m.kind == MissingKind.MISSING]
    returned = [m for m in missing if w.upto(m.ended_on) is not None]
    last = returned[-1] if returned else None
    return {
        "missing_12m": len(missing),
        "absent_12m": sum(1 for m in counted if m.kind == MissingKind.AWAY),
        "rhi_offered": _yes_no(ctx, last.rhi_offered) if last else None,
        "rhi_accepted": _yes_no(ctx, last.rhi_accepted) if last else None,
    }


# --- List 9: care leavers -------------------------------------------------------------------


def care_leavers(w: Window) -> QuerySet:
    """Young people entitled to leaving-care services on ``as_of``: relevant, former relevant,
    qualifying and eligible (``CareLeaver``; "no current eligibility" is not on the list)."""
    return CareLeaver.objects.active(w.as_of)


@annex_list(9, cohort=care_leavers)
def list_9(ctx: Context) -> Rows:
    """UASC: for an 18-year-old or older, ever UASC; for a younger child, UASC on ``as_of``.
    Allocated team: the social worker's, or else the personal adviser's. Latest pathway plan
    review: the latest pathway plan or review. LA in touch, accommodation and activity: from
    the latest keeping-in-touch record (blank when it says not in touch); latest date of
    contact: the latest record at which the young person was in touch."""
    w = ctx.window
    plans = PathwayPlan.objects.filter(person_id=OuterRef("person_id"), held_on__lte=w.as_of)
    rows = (
        care_leavers(w).annotate(pathway_plan_on=_latest(plans, "held_on")).order_by("since", "pk")
    )
    contacts_by_child = group(
        CareLeaverContact.objects.filter(
            person__in=care_leavers(w).values("person_id"), contacted_on__lte=w.as_of
        ).order_by("contacted_on", "pk")
    )
    for c in rows:
        pid = c.person_id
        age = ctx.people.age(pid)
        if age is not None and age >= 18:
            uasc = ctx.people.uasc_between(pid, dt.date.min, w.as_of)
        else:
            uasc = ctx.people.uasc_between(pid, w.as_of, w.as_of)
        social_worker = ctx.people.allocation(
            pid, AllocationRole.SOCIAL_WORKER, start=w.as_of, on=w.as_of
        )
        adviser = ctx.people.allocation(
            pid, AllocationRole.PERSONAL_ADVISER, start=w.as_of, on=w.as_of
        )
        team = (social_worker or adviser).team if (social_worker or adviser) else None
        records = contacts_by_child.get(pid, [])
        latest = records[-1] if records else None
        in_touch = latest if latest is not None and latest.in_touch == InTouch.YES else None
        touched = [r for r in records if r.in_touch == InTouch.YES]
        yield {
            **ctx.people.child(pid),
            "uasc": _yes_no(ctx, uasc),
            "disability": ctx.people.disability(pid),
            "team": _name(team),
            "worker": social_worker.worker.name if social_worker else None,
            "personal_adviser": adviser.worker.name if adviser else None,
            "eligibility": label(ctx.labels.eligibility, c.eligibility),
            "pathway_plan_on": c.pathway_plan_on,
            "in_touch": label(ctx.labels.in_touch, latest.in_touch) if latest else None,
            "contact_on": touched[-1].contacted_on if touched else None,
            "accommodation": label(ctx.labels.accommodation, in_touch.accommodation)
            if in_touch
            else None,
            "suitability": ctx.labels.suitability.get(in_touch.accommodation_suitable)
            if in_touch
            else None,
            "activity": label(ctx.labels.activity, in_touch.activity) if in_touch else None,
        }


# --- List 10: adoption ----------------------------------------------------------------------


def adoption_cases(w: Window) -> QuerySet:
    """Children who in the 12 months before ``as_of`` were adopted, had an adoption decision
    reversed, or had a should-be-placed-for-adoption decision not yet concluded (open on
    ``as_of``). One row per adoption decision."""
    concluded_in_year = Q(adoption_order_on__gte=w.year_start, adoption_order_on__lte=w.as_of) | Q(
        reversed_on__gte=w.year_start, reversed_on__lte=w.as_of
    )
    still_open = (Q(adoption_order_on__isnull=True) | Q(adoption_order_on__gt=w.as_of)) & (
        Q(reversed_on__isnull=True) | Q(reversed_on__gt=w.as_of)
    )
    return AdoptionCase.objects.filter(decision_on__lte=w.as_of).filter(
        concluded_in_year | still_open
    )


@annex_list(10, cohort=adoption_cases)
def list_10(ctx: Context) -> Rows:
    """Family identifier: the adoptive family the child is matched or placed with (for
    cross-matching with List 11). Date entered care: the start of the period of care the
    adoption decision belongs to."""
    w = ctx.window
    cases = adoption_cases(w).select_related("period", "household")
    for a in cases.order_by("decision_on", "pk"):
        reversed_on = w.upto(a.reversed_on)
        yield {
            **ctx.people.child(a.person_id, disability=True),
            "family_id": _family_id(a) if w.upto(a.matched_on) else None,
            "entered_care_on": a.period.started_on,
            "decision_on": a.decision_on,
            "placement_order_on": w.upto(a.placement_order_on),
            "matched_on": w.upto(a.matched_on),
            "placed_on": w.upto(a.placed_on),
            "adoption_order_on": w.upto(a.adoption_order_on),
            "reversed_on": reversed_on,
            "reversed_reason": label(ctx.labels.reason_no_longer_placed, a.reversed_reason)
            if reversed_on
            else None,
            "ffa_placed_on": w.upto(a.ffa_placed_on),
        }


def _family_id(case) -> str | None:
    """Our own adopters' family identifier (the one List 11 shows), or the identifier recorded
    for adopters approved by another agency."""
    if case.household_id is not None:
        return case.household.family_id
    return case.family_id or None


# --- List 11: adopters ----------------------------------------------------------------------


def adopter_households(w: Window) -> list:
    """Households who in the 12 months before ``as_of`` had contact with the adoption agency:
    their journey had begun (an enquiry) by ``as_of`` and had not ended before the 12 months
    began. A journey ends by leaving the process, or with the adoption orders of every child
    placed with the household (when nothing else is open for them); an approved household
    still waiting for a match is in contact. Each household comes with its children's
    adoption cases (as ``cases``) and its adopters, in three queries."""
    households = list(
        AdopterHousehold.objects.in_contact_between(w.year_start, w.as_of)
        .prefetch_related(
            Prefetch("adopters", queryset=ProspectiveAdopter.objects.order_by("pk")),
            Prefetch(
                "adoption_cases",
                queryset=AdoptionCase.objects.filter(matched_on__lte=w.as_of).order_by(
                    "matched_on", "pk"
                ),
                to_attr="cases",
            ),
        )
        .order_by("enquiry_on", "pk")
    )
    return [h for h in households if not _adopted_before(h, w)]


def _adopted_before(h, w: Window) -> bool:
    """Every child matched with ``h`` had been adopted, or the match ended, before the 12
    months began, and at least one was adopted: the household's journey ended then."""
    if not h.cases or w.upto(h.left_on) is not None:
        return False

    def concluded(c) -> dt.date | None:
        return w.upto(c.adoption_order_on) or w.upto(c.reversed_on)

    ends = [concluded(c) for c in h.cases]
    return all(e is not None and e < w.year_start for e in ends) and any(
        w.upto(c.adoption_order_on) for c in h.cases
    )


def list_11(ctx: Context) -> Rows:
    """One row per prospective adopter. Matched, placed, number of children placed and the
    adoption order come from the children's adoption cases linked to the household
    (``AdoptionCase.household``): the first match and first placement, how many children had
    been placed, and the latest adoption order. Fostering for adoption: the household is
    approved for it, or a child matched with them was placed with them that way."""
    w = ctx.window
    for h in adopter_households(w):
        cases = h.cases
        placed = [c.placed_on for c in cases if w.upto(c.placed_on)]
        orders = [c.adoption_order_on for c in cases if w.upto(c.adoption_order_on)]
        ffa = h.fostering_for_adoption or any(w.upto(c.ffa_placed_on) for c in cases)
        left_on = w.upto(h.left_on)
        household = {
            "family_id": h.family_id,
            "fostering_for_adoption": _yes_no(ctx, ffa),
            "enquiry_on": h.enquiry_on,
            "stage1_started_on": w.upto(h.stage1_started_on),
            "stage1_ended_on": w.upto(h.stage1_ended_on),
            "stage2_started_on": w.upto(h.stage2_started_on),
            "stage2_ended_on": w.upto(h.stage2_ended_on),
            "applied_on": w.upto(h.applied_on),
            "approved_on": w.upto(h.approved_on),
            "matched_on": cases[0].matched_on if cases else None,
            "placed_on": min(placed) if placed else None,
            "children_placed": len(placed),
            "adoption_order_on": max(orders) if orders else None,
            "left_on": left_on,
            "left_reason": label(ctx.labels.left_adoption_process, h.left_reason)
            if left_on
            else None,
        }
        for adopter in h.adopters.all():
            yield {
                "adopter_id": adopter.adopter_id,
                **household,
                "sex": label(ctx.labels.sex, adopter.sex),
                "ethnicity": label(ctx.labels.ethnicity, adopter.ethnicity),
                "disability": _yes_no(ctx, adopter.disabled),
            }


# List 11 is about adults, not children: it has no cohort of children for ``People``.
BUILDERS[11] = list_11
