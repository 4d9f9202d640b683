"""Pseudonymised lists for performance analysts: a cohort of children on a date, with no names,
dates of birth, addresses or identifiers, and counts.

Each child appears under a stable pseudonym: HMAC-SHA256 of their person id under a key derived
from ``SECRET_KEY`` (``salted_hmac`` with this module's salt), truncated. The same child has the
same pseudonym on every page and every day, so an analyst can follow one through a list without
learning who they are; without the key the pseudonym cannot be turned back into the id. (A new
``SECRET_KEY`` gives every child a new pseudonym.)

Restricted records are counted but not listed: a row of age band, sex, ethnicity and team can be
enough to recognise a child the council has chosen to restrict (a staff member's own family).
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.utils.crypto import salted_hmac

from opencsc.care.codes import LegalStatus, PlacementType
from opencsc.care.models import LegalStatusSpan, LookedAfterPeriod, Placement
from opencsc.casework.codes import CategoryOfAbuse, PrimaryNeed
from opencsc.casework.models import CPPlan, Referral
from opencsc.core.calendar import age_on
from opencsc.people.codes import Ethnicity, Sex
from opencsc.people.models import Person
from opencsc.workforce.models import Allocation

# Named for the module's first home; changing it would give every child a new pseudonym.
SALT = "opencsc.people.pseudonym"
LENGTH = 12  # hex digits: 48 bits, no collision to expect in a council's lifetime of children

COHORTS = {
    "cla": "Looked after",
    "cp": "On a child protection plan",
    "cin": "Child in need (open referral)",
}
# The age bands of the DfE's published statistics (children looked after, CIN census).
AGE_BANDS = ("Under 1", "1 to 4", "5 to 9", "10 to 15", "16 and over")


def pseudonym(person_id: int) -> str:
    """The stable pseudonym of a person: ``P-`` and 12 hex digits of HMAC-SHA256(id)."""
    digest = salted_hmac(SALT, str(person_id), algorithm="sha256").hexdigest()
    return f"P-{digest[:LENGTH].upper()}"


def age_band(date_of_birth: dt.date | None, on: dt.date) -> str:
    if date_of_birth is None:
        return "Unborn"
    years = age_on(date_of_birth, on)
    if years < 1:
        return AGE_BANDS[0]
    if years < 5:
        return AGE_BANDS[1]
    if years < 10:
        return AGE_BANDS[2]
    if years < 16:
        return AGE_BANDS[3]
    return AGE_BANDS[4]


@dataclass(frozen=True)
class Row:
    pseudonym: str
    age_band: str
    sex: str
    ethnicity: str
    detail: str  # legal status and placement type / plan category / category of need
    team: str


@dataclass
class Cohort:
    cohort: str
    on: dt.date
    rows: list[Row]  # listed children, by pseudonym
    total: int  # every child in the cohort, restricted records included
    restricted: int  # counted, not listed
    counts: dict[str, list[tuple[str, int]]]  # heading -> (value, children), largest first


def cohort_queryset(cohort: str, on: dt.date) -> QuerySet:
    """The children in ``cohort`` on ``on``, as plain values (one query when evaluated)."""
    person = OuterRef("pk")
    team = Subquery(
        Allocation.objects.open(on)
        .social_workers()
        .filter(person=person)
        .order_by("-started_on")
        .values("worker__team__name")[:1]
    )
    children = Person.objects.children()
    if cohort == "cla":
        children = children.filter(
            Exists(LookedAfterPeriod.objects.filter(person=person).open(on))
        ).annotate(
            a=Subquery(LegalStatusSpan.objects.filter(person=person).open(on).values("code")[:1]),
            b=Subquery(Placement.objects.filter(person=person).open(on).values("place")[:1]),
        )
    elif cohort == "cp":
        plans = CPPlan.objects.filter(person=person).open(on)
        children = children.filter(Exists(plans)).annotate(
            a=Subquery(plans.order_by("-started_on").values("latest_category")[:1])
        )
    elif cohort == "cin":
        referrals = Referral.objects.filter(person=person).open(on)
        children = children.filter(Exists(referrals)).annotate(
            a=Subquery(referrals.order_by("-received_on").values("primary_need")[:1])
        )
    else:
        raise ValueError(f"Unknown cohort {cohort!r}")
    # Only these columns ever leave the database: never a name, date of birth or identifier
    # beyond the id the pseudonym is made from.
    fields = ["pk", "date_of_birth", "sex", "ethnicity", "restricted", "a", "team"]
    if cohort == "cla":
        fields.append("b")
    return children.annotate(team=team).values(*fields)


def _detail(cohort: str, row: dict) -> str:
    if cohort == "cla":
        legal = row["a"] or ""
        place = row.get("b") or ""
        legal_text = f"{legal} {LegalStatus(legal).label}" if legal in LegalStatus.values else legal
        place_text = (
            f"{place} {PlacementType(place).label}" if place in PlacementType.values else place
        )
        return " / ".join(t for t in (legal_text, place_text) if t) or "Not recorded"
    choices = CategoryOfAbuse if cohort == "cp" else PrimaryNeed
    code = row["a"] or ""
    return f"{code} {choices(code).label}" if code in choices.values else (code or "Not recorded")


def build(cohort: str, on: dt.date) -> Cohort:
    """The cohort's rows and counts: one query, whatever its size."""
    sexes, ethnicities = dict(Sex.choices), dict(Ethnicity.choices)
    rows, restricted = [], 0
    counts: dict[str, Counter] = {
        "Age": Counter(),
        "Sex": Counter(),
        "Ethnicity": Counter(),
        "Detail": Counter(),
        "Team": Counter(),
    }
    for values in cohort_queryset(cohort, on):
        row = Row(
            pseudonym=pseudonym(values["pk"]),
            age_band=age_band(values["date_of_birth"], on),
            sex=sexes.get(values["sex"], values["sex"]),
            ethnicity=ethnicities.get(values["ethnicity"], values["ethnicity"]),
            detail=_detail(cohort, values),
            team=values["team"] or "Not allocated",
        )
        counts["Age"][row.age_band] += 1
        counts["Sex"][row.sex] += 1
        counts["Ethnicity"][row.ethnicity] += 1
        counts["Detail"][row.detail] += 1
        counts["Team"][row.team] += 1
        if values["restricted"]:
            restricted += 1
        else:
            rows.append(row)
    rows.sort(key=lambda r: r.pseudonym)
    order = {band: i for i, band in enumerate(("Unborn", *AGE_BANDS))}
    # Lists, not Counters: a template looking up ``counter.items`` would get a count of 0.
    tables = {key: counter.most_common() for key, counter in counts.items()}
    tables["Age"] = sorted(counts["Age"].items(), key=lambda kv: order[kv[0]])
    return Cohort(
        cohort=cohort,
        on=on,
        rows=rows,
        total=len(rows) + restricted,
        restricted=restricted,
        counts=tables,
    )
