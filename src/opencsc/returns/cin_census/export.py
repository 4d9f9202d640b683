"""The Children in Need census: one XML file for a collection year (docs/field-guide.md §1.6).

Who and what the file holds. Rule codes are the DfE validation rules as the Data to Insight
validator implements them (data-to-insight/csc-validator-be-cin); each keeps a correct return
clear of an error it would otherwise raise.

- Children: every child with a CIN episode (a referral, including one closed as no further
  action) open on any day of the year: referred by 31 March (8600) and not closed before
  1 April (8620). A looked-after child is counted through their referral, which the actions
  refuse to close while the child is in care.
- As at the reference date: nothing dated after 31 March is written. An episode closed in April
  is open in the file, an assessment authorised in April is ongoing and carries no factors
  (8620, 8696, 8614), a plan ended in April is open (4013, 8930), an ICPC in April has not
  happened (8715), a child born in April is unborn (8520, 8750) and one who died in April is
  alive (8545Q).
- Assessments: those not completed before 1 April (8696); ongoing ones keep their start date
  even if it is older (8736 then tells the council it is overdue).
- CIN plans and CP plans: those open on any day of the year (4010, 4013, 8720, 8930).
- Section 47 enquiries: one that reached its initial conference belongs to the year of that
  conference (8715); any other belongs to every year it was open in (8740).
  ICPCnotRequired is 1 only once an enquiry has concluded without needing a conference (8868).
- DateOfInitialCPC on CINdetails: only for a transfer-in conference, which has no section 47 of
  ours. Initial conferences are on their enquiry, never both (2884), so every plan starting in
  the year matches one conference date (2885, 2883).
- Reviews (CPPreviewDate): the plan's review conferences held in the year.
- NumberOfPreviousCPP: the child's earlier child protection plans recorded here, in any year.
- ReferralNFA: 1 for a referral closed as no further action by 31 March.
- Sex U and ExpectedPersonBirthDate (no PersonBirthDate) for the unborn (8750, 8525Q);
  Disabilities left out for the unborn, and written as recorded for everyone else (NONE is a
  recorded code, never invented: a born child with none recorded draws 8540).
- UPN when known, otherwise the recorded reason it is unknown (UPNunknown).

The year-varying format (element names, yes/no values, code lists, schema) is in ``spec.py``.
The file is checked against the year's schema, then written to a temporary file beside
``out_file`` and renamed over it, so a failure leaves nothing half-written.
"""

import contextlib
import datetime as dt
import os
import re
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from lxml import etree

from opencsc.casework.codes import ConferenceKind
from opencsc.casework.models import (
    Assessment,
    ChildProtectionConference,
    CINPlan,
    CPPlan,
    Referral,
    Section47Enquiry,
)
from opencsc.core.calendar import live_between
from opencsc.core.years import collection_year_bounds, collection_year_label
from opencsc.people.codes import Disability
from opencsc.people.models import Person, PersonDisability

from .spec import CensusSpec, spec_for

SOFTWARE_CODE = "opencsc"
# Disabilities in the order of the DfE table (docs/field-guide.md §1.5.3), so files diff cleanly.
_DISABILITY_ORDER = {code: i for i, code in enumerate(Disability.values)}
_MAX_PROBLEMS = 50


class CINExportError(Exception):
    """The census could not be produced; no file was written. ``problems`` says what to fix."""

    def __init__(self, message: str, problems: list[str] | None = None):
        self.problems = list(problems or [])
        shown = self.problems[:_MAX_PROBLEMS]
        more = len(self.problems) - len(shown)
        detail = "".join(f"\n- {p}" for p in shown) + (f"\n- … and {more} more" if more else "")
        super().__init__(message + detail)


@dataclass(frozen=True)
class CensusPeriod:
    """1 April to 31 March (the reference date), both days included (rule 100)."""

    start: dt.date
    end: dt.date

    @classmethod
    def for_year(cls, year: int) -> "CensusPeriod":
        start, end = collection_year_bounds(year)
        return cls(start=start, end=end)

    def known(self, on: dt.date | None) -> dt.date | None:
        """``on`` if it had happened by the reference date, else None."""
        return on if on is not None and on <= self.end else None

    def overlaps(self, start: dt.date, end: dt.date | None) -> bool:
        return live_between(start, end, self.start, self.end)

    def contains(self, on: dt.date | None) -> bool:
        return on is not None and self.start <= on <= self.end


def export_cin(
    *,
    year: int,
    out_file: Path,
    serial_no: int = 1,
    generated_at: dt.datetime | None = None,
) -> dict[str, int]:
    """Write the CIN census for the year ending 31 March ``year`` to ``out_file``.

    Returns how many of each element the file holds (``{"Child": 412, "CINdetails": 530, …}``).
    Raises ValueError for a year with no known format, and CINExportError (writing nothing) when
    a child cannot be returned or the file fails the year's schema.
    """
    spec = spec_for(year)
    period = CensusPeriod.for_year(year)
    with transaction.atomic():  # one consistent read of every table
        records = _Records.load(period)
    builder = _Builder(spec=spec, period=period, records=records)
    root = builder.message(
        la_code=str(settings.OPENCSC_LA_CODE),
        serial_no=serial_no,
        generated_at=generated_at or timezone.now(),
    )
    if builder.problems:
        raise CINExportError(
            f"The {collection_year_label(year)} CIN census cannot be written", builder.problems
        )
    if spec.xsd_path is not None:
        _check_schema(root, spec.xsd_path)
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    _write_atomically(data, Path(out_file))
    return dict(sorted(Counter(el.tag for el in root.iter()).items()))


# --- reading ------------------------------------------------------------------------------------


def _grouped(rows, key: str) -> dict:
    out = defaultdict(list)
    for row in rows:
        out[getattr(row, key)].append(row)
    return out


@dataclass
class _Records:
    """Everything the file needs, read in a fixed handful of queries whatever the size."""

    people: list[Person]
    disabilities: dict[int, list[str]]
    episodes: dict[int, list[Referral]]  # by person
    assessments: dict[int, list[Assessment]]  # by referral
    cin_plans: dict[int, list[CINPlan]]
    enquiries: dict[int, list[Section47Enquiry]]
    icpc_on: dict[int, dt.date]  # initial conference date by enquiry
    transfer_ins: dict[int, list[dt.date]]  # transfer-in conference dates in the year, by referral
    cp_plans: dict[int, list[CPPlan]]  # plans open in the year, by referral
    previous_plans: dict[int, int]  # by plan: the child's plans that started before it
    reviews: dict[int, list[dt.date]]  # review dates in the year, by plan

    @classmethod
    def load(cls, period: CensusPeriod) -> "_Records":
        episodes = Referral.objects.live_between(period.start, period.end)
        # Subqueries, not lists of ids: the SQL stays the same size for 10,000 children.
        episode_ids = episodes.values("pk")
        child_ids = episodes.values("person_id")
        upto = {"referral_id__in": episode_ids, "started_on__lte": period.end}

        disabilities = defaultdict(list)
        for person_id, code in PersonDisability.objects.filter(person_id__in=child_ids).values_list(
            "person_id", "code"
        ):
            disabilities[person_id].append(code)

        icpc_on, transfer_ins = {}, defaultdict(list)
        for kind, enquiry_id, referral_id, held_on in ChildProtectionConference.objects.filter(
            referral_id__in=episode_ids,
            kind__in=[ConferenceKind.INITIAL, ConferenceKind.TRANSFER_IN],
            held_on__lte=period.end,
        ).values_list("kind", "section47_id", "referral_id", "held_on"):
            if kind == ConferenceKind.INITIAL:
                icpc_on[enquiry_id] = held_on
            elif period.contains(held_on):
                transfer_ins[referral_id].append(held_on)

        previous_plans, cp_plans = {}, defaultdict(list)
        seen = Counter()
        for plan in CPPlan.objects.filter(person_id__in=child_ids).order_by(
            "person_id", "started_on", "pk"
        ):
            previous_plans[plan.pk] = seen[plan.person_id]
            seen[plan.person_id] += 1
            if plan.referral_id is not None and period.overlaps(plan.started_on, plan.ended_on):
                cp_plans[plan.referral_id].append(plan)

        reviews = defaultdict(list)
        for plan_id, held_on in (
            ChildProtectionConference.objects.filter(
                kind=ConferenceKind.REVIEW,
                cp_plan__referral_id__in=episode_ids,
                held_on__gte=period.start,
                held_on__lte=period.end,
            )
            .order_by("held_on", "pk")
            .values_list("cp_plan_id", "held_on")
        ):
            reviews[plan_id].append(held_on)

        return cls(
            people=list(Person.objects.filter(pk__in=child_ids).order_by("la_child_id", "pk")),
            disabilities=disabilities,
            episodes=_grouped(episodes.order_by("received_on", "pk"), "person_id"),
            assessments=_grouped(
                Assessment.objects.filter(**upto)
                .exclude(authorised_on__lt=period.start)
                .order_by("started_on", "pk"),
                "referral_id",
            ),
            cin_plans=_grouped(
                CINPlan.objects.filter(**upto)
                .exclude(ended_on__lt=period.start)
                .order_by("started_on", "pk"),
                "referral_id",
            ),
            enquiries=_grouped(
                Section47Enquiry.objects.filter(**upto).order_by("started_on", "pk"),
                "referral_id",
            ),
            icpc_on=icpc_on,
            transfer_ins=transfer_ins,
            cp_plans=cp_plans,
            previous_plans=previous_plans,
            reviews=reviews,
        )


# --- writing ------------------------------------------------------------------------------------


def _el(parent, tag: str, text: str | None = None):
    element = etree.SubElement(parent, tag)
    if text is not None:
        element.text = text
    return element


def _iso(on: dt.date) -> str:
    return on.isoformat()


def _release() -> str:
    try:
        return metadata.version("opencsc")
    except metadata.PackageNotFoundError:  # running from a checkout that was never installed
        return "0+unknown"


@dataclass
class _Builder:
    spec: CensusSpec
    period: CensusPeriod
    records: _Records
    problems: list[str] = field(default_factory=list)

    def message(self, *, la_code: str, serial_no: int, generated_at: dt.datetime):
        root = etree.Element("Message")  # no namespace: the validator finds elements by name
        header = _el(root, "Header")
        details = _el(header, "CollectionDetails")
        _el(details, "Collection", "CIN")
        _el(details, "Year", str(self.spec.year))
        _el(details, "ReferenceDate", _iso(self.period.end))
        source = _el(header, "Source")
        _el(source, "SourceLevel", "L")
        _el(source, "LEA", la_code)
        _el(source, "SoftwareCode", SOFTWARE_CODE)
        _el(source, "Release", _release())
        _el(source, "SerialNo", f"{serial_no:03d}")
        local = timezone.localtime(generated_at).replace(tzinfo=None, microsecond=0)
        _el(source, "DateTime", local.isoformat())
        children = _el(root, "Children")
        for person in self.records.people:
            self.child(children, person)
        if not self.records.people:
            self.problems.append("no child had a CIN episode open in the year")
        return root

    def code(self, parent, tag: str, value: str, who: str) -> None:
        if value not in self.spec.codes[tag]:
            self.problems.append(f"{who}: {tag} '{value}' is not in the {self.spec.year} list")
        _el(parent, tag, value)

    def child(self, parent, person: Person) -> None:
        spec, period = self.spec, self.period
        who = f"child {person.la_child_id}" if person.la_child_id else f"person id {person.pk}"
        if not person.la_child_id:
            self.problems.append(f"{who} has a CIN episode but no LA child ID (rule 8500)")
        child = _el(parent, "Child")
        ids = _el(child, "ChildIdentifiers")
        _el(ids, "LAchildID", person.la_child_id)
        if person.upn:
            _el(ids, "UPN", person.upn)
        if person.former_upn:
            _el(ids, "FormerUPN", person.former_upn)
        if not person.upn and person.upn_unknown:
            self.code(ids, "UPNunknown", person.upn_unknown, who)
        born = period.known(person.date_of_birth)
        if born:
            _el(ids, "PersonBirthDate", _iso(born))
            sex = spec.sex_codes.get(person.sex)
            if sex is None:
                self.problems.append(f"{who}: sex '{person.sex}' has no {spec.year} code")
        else:
            # Born after the reference date without an expected date: its birth date is the best
            # estimate there is of when it was expected.
            expected = person.expected_date_of_birth or person.date_of_birth
            _el(ids, "ExpectedPersonBirthDate", _iso(expected))
            sex = spec.unborn_sex
        _el(ids, spec.sex_element, sex)
        if died := period.known(person.date_of_death):
            _el(ids, "PersonDeathDate", _iso(died))

        characteristics = _el(child, "ChildCharacteristics")
        self.code(characteristics, "Ethnicity", person.ethnicity, who)
        codes = self.records.disabilities.get(person.pk)
        if born and codes:
            disabilities = _el(characteristics, "Disabilities")
            for code in sorted(codes, key=lambda c: _DISABILITY_ORDER.get(c, 99)):
                self.code(disabilities, "Disability", code, who)

        for episode in self.records.episodes[person.pk]:
            self.episode(child, episode, who)

    def episode(self, parent, referral: Referral, who: str) -> None:
        spec, period, records = self.spec, self.period, self.records
        details = _el(parent, "CINdetails")
        _el(details, "CINreferralDate", _iso(referral.received_on))
        self.code(details, "ReferralSource", referral.source, who)
        if referral.primary_need:
            self.code(details, "PrimaryNeedCode", referral.primary_need, who)
        closed = period.known(referral.closed_on)
        if closed:
            _el(details, "CINclosureDate", _iso(closed))
            if referral.closure_reason:
                self.code(details, "ReasonForClosure", referral.closure_reason, who)
        if transfer_ins := records.transfer_ins.get(referral.pk):
            # One field per episode: with two transfer-ins in a year, the later one.
            _el(details, "DateOfInitialCPC", _iso(max(transfer_ins)))

        for assessment in records.assessments.get(referral.pk, []):
            element = _el(details, "Assessments")
            _el(element, "AssessmentActualStartDate", _iso(assessment.started_on))
            if authorised := period.known(assessment.authorised_on):
                _el(element, "AssessmentAuthorisationDate", _iso(authorised))
                if assessment.factors:
                    factors = _el(element, "FactorsIdentifiedAtAssessment")
                    for code in assessment.factors:
                        self.code(factors, "AssessmentFactors", code, who)

        for plan in records.cin_plans.get(referral.pk, []):
            element = _el(details, "CINPlanDates")
            _el(element, "CINPlanStartDate", _iso(plan.started_on))
            if ended := period.known(plan.ended_on):
                _el(element, "CINPlanEndDate", _iso(ended))

        for enquiry in records.enquiries.get(referral.pk, []):
            icpc = records.icpc_on.get(enquiry.pk)
            if icpc is not None:
                if not period.contains(icpc):
                    continue
            elif not period.overlaps(enquiry.started_on, enquiry.ended_on):
                continue
            element = _el(details, "Section47")
            _el(element, "S47ActualStartDate", _iso(enquiry.started_on))
            _el(element, "InitialCPCtarget", _iso(enquiry.icpc_target_on))
            if icpc is not None:
                _el(element, "DateOfInitialCPC", _iso(icpc))
            concluded_without = (
                icpc is None and enquiry.icpc_not_required and period.known(enquiry.ended_on)
            )
            _el(element, "ICPCnotRequired", spec.yes if concluded_without else spec.no)

        _el(details, "ReferralNFA", spec.yes if referral.nfa and closed else spec.no)

        for plan in records.cp_plans.get(referral.pk, []):
            element = _el(details, "ChildProtectionPlans")
            _el(element, "CPPstartDate", _iso(plan.started_on))
            if ended := period.known(plan.ended_on):
                _el(element, "CPPendDate", _iso(ended))
            self.code(element, "InitialCategoryOfAbuse", plan.initial_category, who)
            self.code(element, "LatestCategoryOfAbuse", plan.latest_category, who)
            _el(element, "NumberOfPreviousCPP", str(records.previous_plans[plan.pk]))
            if dates := records.reviews.get(plan.pk):
                reviews = _el(element, "Reviews")
                for held_on in dates:
                    _el(reviews, "CPPreviewDate", _iso(held_on))


# --- checking and saving ------------------------------------------------------------------------


@cache
def _schema(path: Path) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(path)))


_CHILD_IN_PATH = re.compile(r"^/Message/Children/Child(?:\[(\d+)\])?")


def _check_schema(root, xsd: Path) -> None:
    schema = _schema(xsd)
    if schema.validate(root):
        return
    children = root.find("Children")
    problems = []
    for error in schema.error_log:
        where = error.path
        if (match := _CHILD_IN_PATH.match(where or "")) and children is not None:
            child = children[int(match.group(1) or 1) - 1]
            where = f"child {child.findtext('ChildIdentifiers/LAchildID')} ({where})"
        problems.append(f"{where}: {error.message}")
    raise CINExportError(f"The CIN census does not match its schema ({xsd.name})", problems)


def _write_atomically(data: bytes, out_file: Path) -> None:
    """Write beside the target, then rename over it: readers see the old file or the new one."""
    fd, tmp = tempfile.mkstemp(dir=out_file.parent, prefix=f".{out_file.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, out_file)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
