"""Care leavers aged 17-18 and 19-21: in touch, in education, employment or training, in
suitable accommodation (docs/indicators.md I18-I20), from the 903 OC3 cohort.

Who is counted, and from which contact, is ``care.outcomes`` (``oc3_birthdays``,
``oc3_contact``), as in the 903 return: care leavers whose 17th to 21st birthday fell in the
year, reported from the keeping-in-touch contact nearest the birthday, or as not in touch when
there was none. Young people who died or returned home for 6 months or more (IN_TOUCH DIED,
RHOM) are left out, as the DfE leaves them out; the denominators include those the council
was not in touch with.
"""

from collections import defaultdict
from dataclasses import dataclass

from opencsc.care.codes import NEET_ACTIVITIES, Activity, InTouch
from opencsc.care.models import CareLeaver, CareLeaverContact, LookedAfterPeriod
from opencsc.care.outcomes import OC3_AGES, oc3_birthdays, oc3_contact
from opencsc.care.timescales import oc3_window
from opencsc.core.calendar import add_months

from . import Count, Period, counted, indicator

AREA = "Care leavers"
SOURCE = "SSDA903 OC3; EES 'Children looked after' care leavers tables (docs/indicators.md)"
EET = set(Activity.values) - set(NEET_ACTIVITIES)
LEFT_OUT = {InTouch.DIED, InTouch.RHOM}
AGES = {"17_18": (17, 18), "19_21": (19, 20, 21)}
AGE_WORDS = {"17_18": "17 to 18", "19_21": "19 to 21"}
BIRTHDAYS = {"17_18": "17th or 18th", "19_21": "19th, 20th or 21st"}


@dataclass(frozen=True)
class Reported:
    person_id: int
    age: int
    in_touch: str
    activity: str
    suitable: bool | None


def _reported(period: Period) -> list[Reported]:
    """The OC3 rows of the year: three queries (the care leavers with a 17th-21st birthday in
    it, their periods of care, their contacts near the birthdays)."""
    oldest = add_months(period.start, -12 * max(OC3_AGES))
    youngest = add_months(period.end, -12 * min(OC3_AGES))
    leavers = CareLeaver.objects.filter(person__date_of_birth__range=(oldest, youngest))
    people = leavers.values("person_id")
    spans: dict[int, list] = defaultdict(list)
    for person_id, started_on, ended_on in LookedAfterPeriod.objects.filter(
        person_id__in=people
    ).values_list("person_id", "started_on", "ended_on"):
        spans[person_id].append((started_on, ended_on))
    first, last = oc3_window(period.start)[0], oc3_window(period.end)[1]
    contacts: dict[int, list] = defaultdict(list)
    for contact in (
        CareLeaverContact.objects.filter(person_id__in=people, contacted_on__range=(first, last))
        .order_by("contacted_on", "pk")
        .only("person_id", "contacted_on", "in_touch", "activity", "accommodation_suitable")
    ):
        contacts[contact.person_id].append(contact)
    out = []
    for person_id, since, born in leavers.values_list(
        "person_id", "since", "person__date_of_birth"
    ):
        for age, birthday in oc3_birthdays(
            date_of_birth=born,
            leaver_since=since,
            care_spans=spans[person_id],
            year_start=period.start,
            year_end=period.end,
        ):
            contact = oc3_contact(contacts[person_id], birthday)
            if contact is None:
                out.append(Reported(person_id, age, InTouch.NO, "", None))
            else:
                out.append(
                    Reported(
                        person_id,
                        age,
                        contact.in_touch,
                        contact.activity,
                        contact.accommodation_suitable,
                    )
                )
    return [r for r in out if r.in_touch not in LEFT_OUT]


def _share(period: Period, group: str, test) -> Count:
    rows = [r for r in _reported(period) if r.age in AGES[group]]
    return counted([r.person_id for r in rows if test(r)], len(rows))


def _register(group: str, what: str, test, *, name: str, numerator: str, published: bool):
    words = AGE_WORDS[group]

    @indicator(
        code=f"care_leavers_{group}_{what}_pct",
        ref={"in_touch": "I18", "not_in_touch": "I18", "eet": "I19", "suitable_accom": "I20"}[what],
        name=f"Care leavers aged {words} {name}",
        area=AREA,
        unit="pct",
        period="year",
        definition=f"Care leavers whose {BIRTHDAYS[group]} birthday fell in the "
        f"year (903 OC3, care.outcomes), {numerator}, as reported from the contact nearest the "
        "birthday.",
        numerator=f"care leavers aged {words} {numerator}",
        denominator=f"care leavers aged {words} in OC3 for the year (not in touch included; "
        "died or returned home left out)",
        source=SOURCE,
        published=published,
    )
    def share(period: Period) -> Count:
        """Three queries (``_reported``)."""
        return _share(period, group, test)


for _group in AGES:
    _register(
        _group,
        "in_touch",
        lambda r: r.in_touch == InTouch.YES,
        name="in touch",
        numerator="with whom the council was in touch",
        published=False,
    )
_register(
    "19_21",
    "not_in_touch",
    lambda r: r.in_touch == InTouch.NO,
    name="not in touch",
    numerator="with whom the council was not in touch (IN_TOUCH NO)",
    published=True,
)
for _group in AGES:
    _register(
        _group,
        "eet",
        lambda r: r.activity in EET,
        name="in education, employment or training",
        numerator="in education, employment or training (ACTIV F1-P5)",
        published=True,
    )
for _group in AGES:
    _register(
        _group,
        "suitable_accom",
        lambda r: r.suitable is True,
        name="in suitable accommodation",
        numerator="in accommodation considered suitable",
        published=True,
    )
