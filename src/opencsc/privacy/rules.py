"""Retention rules: how long a child's records are kept. One place, as data.

Each rule says which children it applies to and the last day their records must be kept
(``keep_until``). A child's records are kept to the latest ``keep_until`` of the rules that
apply to them, and become due for deletion the day after it. Every period is kept through its
anniversary day itself ("until the 75th birthday" keeps the birthday; "15 years from the death"
keeps the 15th anniversary): a day longer than the narrowest reading, never a day shorter. A rule whose date cannot be worked
out (no date of birth: an unborn child whose birth was never recorded) keeps the records and
puts the child on the report for a person to decide.

Nothing here is legal advice; a council sets its own schedule (often stricter: many have kept
every child's record since the Independent Inquiry into Child Sexual Abuse asked them not to
destroy any). To change a period, change the rule below; the report and the catalogue page
(``privacy:index``) are generated from ``RULES``.

People under a legal hold (``privacy.LegalHold``) or whose record is restricted
(``people.Person.restricted``: adoption, a staff member's family) are never deleted by a rule:
they are listed for a person to review.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass


def anniversary(start: dt.date, years: int) -> dt.date:
    """``start`` plus ``years`` whole years; a 29 February start falls on 1 March in a common
    year. Deliberately a day later than ``people.Person.birthday`` (28 February, the DfE
    validators' count, which the returns must follow): a record due for destruction on such a
    birthday is kept the extra day rather than destroyed a day early."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return dt.date(start.year + years, 3, 1)


@dataclass(frozen=True)
class Facts:
    """What the rules need to know about one child (read by ``retention.facts``)."""

    date_of_birth: dt.date | None
    date_of_death: dt.date | None
    looked_after: bool  # has ever had a period of care
    adoption_order_on: dt.date | None  # the latest adoption order made for them


@dataclass(frozen=True)
class RetentionRule:
    code: str
    title: str
    applies_to: str  # in words, for the report and the catalogue
    keeps: str  # the period, in words
    source: str
    applies: Callable[[Facts], bool]
    keep_until: Callable[[Facts], dt.date | None]  # None: cannot be worked out
    verified: bool = False  # checked against the statutory text by the team


def _until_75th_birthday(f: Facts) -> dt.date | None:
    return anniversary(f.date_of_birth, 75) if f.date_of_birth else None


def _looked_after_until(f: Facts) -> dt.date | None:
    if f.date_of_birth is None:
        return None
    if f.date_of_death is not None and f.date_of_death < anniversary(f.date_of_birth, 18):
        return anniversary(f.date_of_death, 15)
    return anniversary(f.date_of_birth, 75)


def _adoption_until(f: Facts) -> dt.date | None:
    return anniversary(f.adoption_order_on, 100) if f.adoption_order_on else None


RULES: tuple[RetentionRule, ...] = (
    RetentionRule(
        code="csc-75",
        title="Children's social care record",
        applies_to="every child never looked after",
        keeps="until the 75th birthday",
        # UNVERIFIED: no statute sets this for children who were never looked after; it is the
        # period the product assumes by default (a common local schedule, and the brief).
        # Councils' own schedules vary (e.g. child in need to the 21st birthday, child
        # protection to the 26th); change it here.
        source="Local retention schedule (UNVERIFIED default)",
        applies=lambda f: not f.looked_after,
        keep_until=_until_75th_birthday,
    ),
    RetentionRule(
        code="cla-75",
        title="Child looked after",
        applies_to="every child who has been looked after",
        keeps="until the 75th birthday; if the child died before 18, 15 years from the death",
        # UNVERIFIED against the English text: the same rule is in the Wales regulations 2015
        # reg 64 and the older Placement of Children regulations (reg 10 / reg 9 1991), read.
        source="Care Planning, Placement and Case Review (England) Regulations 2010, reg 50 "
        "(UNVERIFIED)",
        applies=lambda f: f.looked_after,
        keep_until=_looked_after_until,
    ),
    RetentionRule(
        code="adoption-100",
        title="Adoption case record",
        applies_to="every child with an adoption order",
        keeps="100 years from the adoption order",
        # UNVERIFIED: the regulation number (believed Adoption Agencies Regulations 2005 and
        # the Disclosure of Adoption Information (Post-Commencement Adoptions) Regulations 2005
        # reg 6: "at least one hundred years from the date of the adoption order").
        source="Adoption Agencies Regulations 2005 / Disclosure of Adoption Information "
        "(Post-Commencement Adoptions) Regulations 2005 (UNVERIFIED)",
        applies=lambda f: f.adoption_order_on is not None,
        keep_until=_adoption_until,
    ),
)

BY_CODE = {rule.code: rule for rule in RULES}


@dataclass(frozen=True)
class Outcome:
    """What the rules say about one child on ``as_of``."""

    rule: RetentionRule | None  # the rule keeping the records longest (None: no rule applies)
    keep_until: dt.date | None  # None with a rule: cannot be worked out
    due: bool


def decide(facts: Facts, as_of: dt.date) -> Outcome:
    """The governing rule for a child, their last day of retention and whether ``as_of`` is past it.

    Every applicable rule must give a date; if one cannot, the records are kept (not due).
    """
    applicable = [rule for rule in RULES if rule.applies(facts)]
    if not applicable:
        return Outcome(rule=None, keep_until=None, due=False)
    dated: list[tuple[dt.date, RetentionRule]] = []
    for rule in applicable:
        until = rule.keep_until(facts)
        if until is None:
            return Outcome(rule=rule, keep_until=None, due=False)
        dated.append((until, rule))
    last, governing = max(dated, key=lambda pair: pair[0])
    return Outcome(rule=governing, keep_until=last, due=as_of > last)
