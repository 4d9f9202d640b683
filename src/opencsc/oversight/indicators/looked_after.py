"""Children looked after: at 31 March, starting and ceasing, placement stability, missing,
health (OC2), unaccompanied asylum-seeking children, social worker stability
(docs/indicators.md I13-I17, I25, I26).

The DfE's figures leave out children looked after only for a series of short breaks (V3/V4):
"looked after on a day" is ``LegalStatusSpan.objects.looked_after`` (a legal status other than
V3/V4 open that day), and a period of care counts when it held some other legal status
(``LookedAfterPeriod.objects.not_short_breaks``).
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q

from opencsc.care.codes import SHORT_BREAK_STATUSES, MissingKind
from opencsc.care.models import (
    Conviction,
    HealthCheck,
    ImmunisationStatus,
    LegalStatusSpan,
    LookedAfterPeriod,
    MissingEpisode,
    Placement,
    SDQScore,
    SubstanceMisuse,
)
from opencsc.care.outcomes import health_assessment_done, placement_spells
from opencsc.care.timescales import (
    living_with_same_carer_two_years,
    long_term_stability_cohort,
    looked_after_continuously_12_months,
    three_or_more_placements,
)
from opencsc.core.calendar import age_on, open_on
from opencsc.people.codes import ImmigrationStatus
from opencsc.people.models import ImmigrationStatusSpan
from opencsc.workforce.models import Allocation

from . import Count, Period, counted, indicator, register_rate

AREA = "Children in care"
CLA = "SSDA903; EES 'Children looked after in England including adoptions' (docs/indicators.md)"
LAIT = "DfE LAIT, from the SSDA903 (docs/indicators.md)"
NOT_SHORT_BREAKS = " Children looked after only for short breaks (V3/V4) are left out."


def _looked_after_on(day):
    return LegalStatusSpan.objects.looked_after(day)


@indicator(
    code="cla_31mar_count",
    ref="I13",
    name="Children looked after on the last day",
    area=AREA,
    unit="count",
    period="snapshot",
    definition="Children looked after on the last day of the period (with a collection year, at "
    "31 March): a legal status open that day." + NOT_SHORT_BREAKS,
    numerator="children looked after on the last day",
    denominator="",
    source=CLA,
    published=True,
)
def cla_31mar_count(period: Period) -> Count:
    """One query."""
    return counted(_looked_after_on(period.end).values_list("person_id", flat=True))


register_rate(
    "cla_31mar_count",
    code="cla_31mar_rate",
    name="Children looked after per 10,000 children, on the last day",
    source=CLA,
)


def _periods():
    return LookedAfterPeriod.objects.not_short_breaks()


@indicator(
    code="cla_starts_count",
    ref="I13",
    name="Children starting to be looked after",
    area=AREA,
    unit="count",
    period="events",
    definition="Children starting a period of care in the period, each child once however many "
    "times they started." + NOT_SHORT_BREAKS,
    numerator="children starting a period of care in the period",
    denominator="",
    source=CLA,
    published=True,
)
def cla_starts_count(period: Period) -> Count:
    """One query."""
    starts = _periods().filter(started_on__range=(period.start, period.end))
    return counted(starts.values_list("person_id", flat=True))


register_rate(
    "cla_starts_count",
    code="cla_starts_rate",
    name="Children starting to be looked after per 10,000 children",
    source=CLA,
)


def last_ceasing(period: Period) -> dict[int, str]:
    """Each child ceasing to be looked after in the period, with the reason for their last
    ceasing in it (the DfE counts the last). One query."""
    last: dict[int, str] = {}
    for person_id, reason in (
        _periods()
        .filter(ended_on__range=(period.start, period.end))
        .order_by("ended_on", "pk")
        .values_list("person_id", "reason_ceased")
    ):
        last[person_id] = reason
    return last


@indicator(
    code="cla_ceased_count",
    ref="I13",
    name="Children ceasing to be looked after",
    area=AREA,
    unit="count",
    period="events",
    definition="Children whose period of care ended in the period, each child once."
    + NOT_SHORT_BREAKS,
    numerator="children ceasing to be looked after in the period",
    denominator="",
    source=CLA,
    published=True,
)
def cla_ceased_count(period: Period) -> Count:
    """One query."""
    return counted(last_ceasing(period))


register_rate(
    "cla_ceased_count",
    code="cla_ceased_rate",
    name="Children ceasing to be looked after per 10,000 children",
    source=CLA,
)


def _spells_by_period(people) -> dict[int, tuple[int, list[tuple]]]:
    """Each period of care of ``people`` (a subquery of person ids): the person, and the
    period's placement spells with one carer (``care.outcomes.placement_spells``). One query."""
    placements: dict[int, list[Placement]] = defaultdict(list)
    for row in (
        Placement.objects.filter(person_id__in=people)
        .order_by("period_id", "started_on", "pk")
        .only("person_id", "period_id", "started_on", "ended_on", "place", "same_carer_as_previous")
    ):
        placements[row.period_id].append(row)
    return {pk: (rows[0].person_id, placement_spells(rows)) for pk, rows in placements.items()}


@indicator(
    code="cla_3plus_placements_pct",
    ref="I14",
    name="Children looked after with 3 or more placements in the year",
    area=AREA,
    unit="pct",
    period="year",
    definition="Children looked after at 31 March who had 3 or more placements during the year "
    "(care timescale T35). A placement is a spell with one carer: a move to the same carers "
    "(placed for adoption with their foster carers) and a temporary placement (T0-T4) with "
    "the return from it are not changes. The placements open on 1 April and 31 March count."
    + NOT_SHORT_BREAKS,
    numerator="children looked after at 31 March with 3 or more placements in the year",
    denominator="children looked after at 31 March",
    source=CLA,
    published=True,
)
def cla_3plus_placements_pct(period: Period) -> Count:
    """Two queries: who is looked after at 31 March, and their placements."""
    people = _looked_after_on(period.end).values("person_id")
    looked_after = set(people.values_list("person_id", flat=True))
    spells: dict[int, list] = defaultdict(list)
    for person_id, periods_spells in _spells_by_period(people).values():
        spells[person_id].extend(periods_spells)
    three = {
        person_id
        for person_id in looked_after
        if three_or_more_placements(spells[person_id], year_start=period.start, year_end=period.end)
    }
    return Count(len(three), len(looked_after), frozenset(three))


@indicator(
    code="cla_long_term_stability_pct",
    ref="I15",
    name="Long-term placement stability",
    area=AREA,
    unit="pct",
    period="year",
    definition="Children aged under 16 at 31 March, looked after continuously for at least 2.5 "
    "years (care timescale T35-cohort), who had lived with the same carer for at least 2 years "
    "(T35-same-carer: a placement for adoption with their carers continues the spell)."
    + NOT_SHORT_BREAKS,
    numerator="those children living with the same carer for 2 years or more at 31 March",
    denominator="children under 16 at 31 March looked after continuously for 2.5 years or more",
    source=CLA,
    published=True,
)
def cla_long_term_stability_pct(period: Period) -> Count:
    """Two queries: the children looked after at 31 March with their period of care and date of
    birth, and their placements."""
    end = period.end
    statuses = _looked_after_on(end)
    cohort: dict[int, int] = {}  # person -> the period of care they are in at 31 March
    for person_id, period_id, since, born in statuses.values_list(
        "person_id", "period_id", "period__started_on", "person__date_of_birth"
    ):
        if born is not None and long_term_stability_cohort(
            date_of_birth=born, looked_after_since=since, year_end=end
        ):
            cohort[person_id] = period_id
    spells = _spells_by_period(statuses.values("person_id"))
    stable = set()
    for person_id, period_id in cohort.items():
        _person, periods_spells = spells.get(period_id, (person_id, []))
        current = [start for start, ended in periods_spells if open_on(start, ended, end)]
        if current and living_with_same_carer_two_years(same_carer_since=current[0], year_end=end):
            stable.add(person_id)
    return Count(len(stable), len(cohort), frozenset(stable))


def _missing_share(period: Period, kind: str) -> Count:
    """Children looked after in the period with an episode of ``kind`` in it. Two queries."""
    looked_after = set(
        LegalStatusSpan.objects.live_between(period.start, period.end)
        .exclude(code__in=SHORT_BREAK_STATUSES)
        .values_list("person_id", flat=True)
    )
    missing = set(
        MissingEpisode.objects.live_between(period.start, period.end)
        .filter(kind=kind)
        .values_list("person_id", flat=True)
    )
    return counted(missing & looked_after, len(looked_after))


@indicator(
    code="cla_missing_pct",
    ref="I16",
    name="Children looked after who went missing",
    area=AREA,
    unit="pct",
    period="events",
    definition="Children looked after at some time in the period with at least one missing "
    "episode in it (the 903 Missing table's episodes)." + NOT_SHORT_BREAKS,
    numerator="children looked after in the period with a missing episode in it",
    denominator="children looked after at some time in the period",
    source=LAIT + "; not comparable between councils, the DfE says",
    published=True,
)
def cla_missing_pct(period: Period) -> Count:
    """Two queries."""
    return _missing_share(period, MissingKind.MISSING)


@indicator(
    code="cla_away_without_authorisation_pct",
    ref="I16",
    name="Children looked after who were away from placement without authorisation",
    area=AREA,
    unit="pct",
    period="events",
    definition="Children looked after at some time in the period with at least one episode of "
    "being away from placement without authorisation in it." + NOT_SHORT_BREAKS,
    numerator="children looked after in the period away without authorisation in it",
    denominator="children looked after at some time in the period",
    source=LAIT + "; not comparable between councils, the DfE says",
    published=True,
)
def cla_away_without_authorisation_pct(period: Period) -> Count:
    """Two queries."""
    return _missing_share(period, MissingKind.AWAY)


# --- Health of children looked after for 12 months (903 OC2) ---------------------------------


def _oc2_candidates(period: Period):
    """Periods of care that may put a child in the 903 OC2 cohort: begun by 31 March and not
    ended before it (``_oc2_cohort`` applies the rule itself)."""
    return (
        _periods()
        .filter(started_on__lte=period.end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=period.end))
    )


def _oc2_cohort(period: Period) -> dict:
    """The 903 OC2 cohort: children looked after continuously for 12 months at 31 March (care
    timescale T19), with their dates of birth. One query."""
    cohort = {}
    for person_id, started_on, ended_on, born in _oc2_candidates(period).values_list(
        "person_id", "started_on", "ended_on", "person__date_of_birth"
    ):
        if looked_after_continuously_12_months(started_on, period.end, period_end=ended_on):
            cohort[person_id] = born
    return cohort


def _in_cohort(queryset, period: Period, **in_year):
    """``queryset``'s rows about the cohort's possible members, by subquery (no list of ids)."""
    return queryset.filter(person_id__in=_oc2_candidates(period).values("person_id"), **in_year)


def _oc2_share(has: Iterable[int], cohort: Iterable[int]) -> Count:
    cohort = set(cohort)
    return counted(set(has) & cohort, len(cohort))


OC2 = "SSDA903 OC2; EES 'Children looked after' outcomes tables (docs/indicators.md)"
OC2_COHORT = "children looked after continuously for 12 months at 31 March"


@indicator(
    code="cla_oc2_health_assessment_pct",
    ref="I17",
    name="Children looked after for 12 months whose health assessment is up to date",
    area=AREA,
    unit="pct",
    period="year",
    definition="Of the OC2 cohort (care timescale T19), those with an initial or review health "
    "assessment completed in the year (903 OC2 HEALTH_ASSESSMENT).",
    numerator="children in the cohort with a health assessment completed in the year",
    denominator=OC2_COHORT,
    source=OC2,
)
def cla_oc2_health_assessment_pct(period: Period) -> Count:
    """Two queries: the cohort and its health checks in the year."""
    cohort = _oc2_cohort(period)
    kinds: dict[int, set] = defaultdict(set)
    for person_id, kind in _in_cohort(
        HealthCheck.objects.filter(status="completed"),
        period,
        done_on__range=(period.start, period.end),
    ).values_list("person_id", "kind"):
        kinds[person_id].add(kind)
    done = [p for p in cohort if health_assessment_done(kinds[p])]
    return _oc2_share(done, cohort)


@indicator(
    code="cla_oc2_teeth_check_pct",
    ref="I17",
    name="Children looked after for 12 months with a dental check in the year",
    area=AREA,
    unit="pct",
    period="year",
    definition="Of the OC2 cohort (care timescale T19), those with a dental check completed in "
    "the year (903 OC2 TEETH_CHECK).",
    numerator="children in the cohort with a dental check completed in the year",
    denominator=OC2_COHORT,
    source=OC2,
)
def cla_oc2_teeth_check_pct(period: Period) -> Count:
    """Two queries."""
    cohort = _oc2_cohort(period)
    checked = _in_cohort(
        HealthCheck.objects.filter(status="completed", kind="dental"),
        period,
        done_on__range=(period.start, period.end),
    ).values_list("person_id", flat=True)
    return _oc2_share(checked, cohort)


@indicator(
    code="cla_oc2_immunisations_pct",
    ref="I17",
    name="Children looked after for 12 months whose immunisations are up to date",
    area=AREA,
    unit="pct",
    period="year",
    definition="Of the OC2 cohort (care timescale T19), those whose latest immunisation record "
    "on or before 31 March says up to date (903 OC2 IMMUNISATIONS).",
    numerator="children in the cohort whose immunisations are up to date",
    denominator=OC2_COHORT,
    source=OC2,
)
def cla_oc2_immunisations_pct(period: Period) -> Count:
    """Two queries."""
    cohort = _oc2_cohort(period)
    latest: dict[int, bool] = {}
    for person_id, up_to_date in (
        _in_cohort(ImmunisationStatus.objects, period, recorded_on__lte=period.end)
        .order_by("recorded_on", "pk")
        .values_list("person_id", "up_to_date")
    ):
        latest[person_id] = up_to_date
    return _oc2_share([p for p, up in latest.items() if up], cohort)


@indicator(
    code="cla_oc2_substance_misuse_pct",
    ref="I17",
    name="Children looked after for 12 months identified with a substance misuse problem",
    area=AREA,
    unit="pct",
    period="year",
    definition="Of the OC2 cohort (care timescale T19), those identified in the year as having a "
    "substance misuse problem (903 OC2 SUBSTANCE_MISUSE).",
    numerator="children in the cohort with substance misuse identified in the year",
    denominator=OC2_COHORT,
    source=OC2,
)
def cla_oc2_substance_misuse_pct(period: Period) -> Count:
    """Two queries."""
    cohort = _oc2_cohort(period)
    identified = _in_cohort(
        SubstanceMisuse.objects,
        period,
        identified_on__range=(period.start, period.end),
    ).values_list("person_id", flat=True)
    return _oc2_share(identified, cohort)


@indicator(
    code="cla_oc2_convicted_pct",
    ref="I17",
    name="Children looked after for 12 months, aged 10 or over, convicted in the year",
    area=AREA,
    unit="pct",
    period="year",
    definition="Of the OC2 cohort (care timescale T19) aged 10 or over at 31 March, those "
    "convicted of an offence in the year (903 OC2 CONVICTED, asked from age 10).",
    numerator="children in the cohort aged 10 or over convicted in the year",
    denominator="children in the cohort aged 10 or over at 31 March",
    source=OC2,
)
def cla_oc2_convicted_pct(period: Period) -> Count:
    """Two queries."""
    cohort = _oc2_cohort(period)
    ten_plus = [p for p, born in cohort.items() if born and age_on(born, period.end) >= 10]
    convicted = _in_cohort(
        Conviction.objects, period, convicted_on__range=(period.start, period.end)
    ).values_list("person_id", flat=True)
    return _oc2_share(convicted, ten_plus)


def _sdq_scores(period: Period) -> dict[int, int]:
    """The cohort aged 4 to 16 at 31 March whose latest SDQ in the year has a score (one with a
    reason instead has none, as in the 903 OC2 SDQ_SCORE). Two queries."""
    cohort = _oc2_cohort(period)
    ages = {p: age_on(born, period.end) for p, born in cohort.items() if born}
    latest: dict[int, int | None] = {}
    for person_id, score in (
        _in_cohort(SDQScore.objects, period, completed_on__range=(period.start, period.end))
        .order_by("completed_on", "pk")
        .values_list("person_id", "score")
    ):
        if 4 <= ages.get(person_id, -1) <= 16:
            latest[person_id] = score
    return {p: score for p, score in latest.items() if score is not None}


@indicator(
    code="cla_oc2_sdq_avg",
    ref="I17",
    name="Average SDQ score of children looked after for 12 months, aged 4 to 16",
    area=AREA,
    unit="mean",
    period="year",
    definition="The average of the latest strengths and difficulties questionnaire score in the "
    "year (0-40) of the OC2 cohort (care timescale T19) aged 4 to 16 at 31 March.",
    numerator="the sum of those scores",
    denominator="children in the cohort aged 4 to 16 with a score in the year",
    source=OC2,
)
def cla_oc2_sdq_avg(period: Period) -> Count:
    """Two queries. The numerator is the sum of scores, not a count of children."""
    scores = _sdq_scores(period)
    return Count(sum(scores.values()), len(scores), frozenset(scores))


SDQ_CONCERN = 17  # 17-40 "cause for concern": banding UNVERIFIED (docs/indicators.md I17)


@indicator(
    code="cla_oc2_sdq_concern_pct",
    ref="I17",
    name="Children looked after for 12 months, aged 4 to 16, whose SDQ score is a concern",
    area=AREA,
    unit="pct",
    period="year",
    definition="Of the OC2 cohort aged 4 to 16 with a score in the year, those whose latest "
    "score is 17 or more (banding 0-13 normal, 14-16 borderline, 17-40 concern: UNVERIFIED).",
    numerator="children whose latest score in the year is 17 or more",
    denominator="children in the cohort aged 4 to 16 with a score in the year",
    source=OC2,
)
def cla_oc2_sdq_concern_pct(period: Period) -> Count:
    """Two queries."""
    scores = _sdq_scores(period)
    return counted([p for p, score in scores.items() if score >= SDQ_CONCERN], len(scores))


# --- Unaccompanied asylum-seeking children, social worker stability --------------------------


@indicator(
    code="cla_uasc_31mar_count",
    ref="I25",
    name="Unaccompanied asylum-seeking children looked after on the last day",
    area=AREA,
    unit="count",
    period="snapshot",
    definition="Children looked after on the last day of the period whose immigration status "
    "that day is unaccompanied asylum-seeking child." + NOT_SHORT_BREAKS,
    numerator="children looked after and UASC on the last day",
    denominator="",
    source="SSDA903 UASC table; DfE LAIT (docs/indicators.md)",
    published=True,
)
def cla_uasc_31mar_count(period: Period) -> Count:
    """One query."""
    return counted(
        ImmigrationStatusSpan.objects.open(period.end)
        .filter(
            status=ImmigrationStatus.UASC,
            person_id__in=_looked_after_on(period.end).values("person_id"),
        )
        .values_list("person_id", flat=True)
    )


@indicator(
    code="cla_uasc_during_count",
    ref="I25",
    name="Unaccompanied asylum-seeking children looked after during the period",
    area=AREA,
    unit="count",
    period="events",
    definition="Children looked after at some time in the period who were unaccompanied "
    "asylum-seeking children at some time in it." + NOT_SHORT_BREAKS,
    numerator="children looked after and UASC in the period",
    denominator="",
    source="SSDA903 UASC table (docs/indicators.md)",
)
def cla_uasc_during_count(period: Period) -> Count:
    """One query."""
    looked_after = (
        LegalStatusSpan.objects.live_between(period.start, period.end)
        .exclude(code__in=SHORT_BREAK_STATUSES)
        .values("person_id")
    )
    return counted(
        ImmigrationStatusSpan.objects.live_between(period.start, period.end)
        .filter(status=ImmigrationStatus.UASC, person_id__in=looked_after)
        .values_list("person_id", flat=True)
    )


@indicator(
    code="cla_3plus_social_workers_pct",
    ref="I26",
    name="Children looked after with 3 or more social workers in the year",
    area=AREA,
    unit="pct",
    period="year",
    definition="Children looked after at 31 March who had 3 or more different allocated social "
    "workers during the year (a worker who returns counts once; workers allocated while the "
    "child was not looked after count)." + NOT_SHORT_BREAKS,
    numerator="children looked after at 31 March with 3 or more social workers in the year",
    denominator="children looked after at 31 March",
    source="SSDA903 SWEpisodes; EES 'Stability measures' 2024 (docs/indicators.md)",
    published=True,
)
def cla_3plus_social_workers_pct(period: Period) -> Count:
    """Two queries: who is looked after at 31 March, and their social workers in the year."""
    people = _looked_after_on(period.end).values("person_id")
    looked_after = set(people.values_list("person_id", flat=True))
    workers: dict[int, set] = defaultdict(set)
    for person_id, worker_id in (
        Allocation.objects.social_workers()
        .live_between(period.start, period.end)
        .filter(person_id__in=people)
        .values_list("person_id", "worker_id")
    ):
        workers[person_id].add(worker_id)
    three = [p for p in looked_after if len(workers[p]) >= 3]
    return counted(three, len(looked_after))
