"""Known children, recorded through the actions, whose 903 rows the tests spell out.

Collection year 2026 (1 April 2025 – 31 March 2026). Every date is in the past.

    Mia   in care since 15/01/2024: ICO then full care order, a placement move in the year,
          reviews, health checks, an SDQ, a missing episode; in OC2
    Omar  an unaccompanied asylum-seeking 16-year-old, arrived 20/05/2025, K3 placement
    Ava   adopted: decision, placement order, match, placed 01/11/2024, adoption order 15/06/2025
    Leo   care leaver who left care on his 18th birthday (15/09/2024); 19 in the year; in touch
"""

import datetime as dt
from dataclasses import dataclass

from opencsc.care import actions as care
from opencsc.casework import actions as cw
from opencsc.people import actions as people
from opencsc.workforce import actions as wf

D = dt.date


@dataclass
class Scenario:
    mia: object
    omar: object
    ava: object
    leo: object


def child(by, first, last, dob, sex, la_id, **extra):
    """A hand-made child registered by ``by`` (white British: ethnicity is not under test)."""
    return people.register_person(
        by=by,
        first_name=first,
        last_name=last,
        sex=sex,
        ethnicity="WBRI",
        date_of_birth=dob,
        la_child_id=la_id,
        **extra,
    )


def build(personas) -> Scenario:
    by = personas.sam
    sam = personas.sam.worker

    def referral(person, on):
        ref = cw.open_referral(by=by, person=person, received_on=on, source="6", primary_need="N1")
        wf.allocate(by=by, person=person, worker=sam, started_on=on, change_reason="FCONTA")
        return ref

    # Mia
    mia = child(by, "Mia", "Fennelsprout", D(2012, 6, 10), "F", "MIA001", upn_unknown="UN5")
    ref = referral(mia, D(2024, 1, 10))
    period = care.start_looked_after(
        by=by,
        person=mia,
        started_on=D(2024, 1, 15),
        legal_status="C1",
        primary_need="N1",
        referral=ref,
        placement=care.PlacementDetails(
            place="U4", provider="PR1", postcode="NR1 1AF", home_postcode="NR1 1FN"
        ),
    )
    care.change_legal_status(by=by, period=period, code="C2", started_on=D(2024, 9, 1))
    care.change_placement(
        by=by,
        period=period,
        started_on=D(2025, 7, 1),
        change_reason="CREQB",
        placement=care.PlacementDetails(
            place="U6", provider="PR4", postcode="NR1 1JE", home_postcode="NR1 1FN"
        ),
    )
    care.record_cla_review(by=by, period=period, held_on=D(2025, 5, 10), participation="PN1")
    care.record_cla_review(by=by, period=period, held_on=D(2025, 11, 5), participation="PN5")
    care.record_health_check(by=by, person=mia, kind="review_health", done_on=D(2025, 6, 1))
    care.record_health_check(by=by, person=mia, kind="dental", done_on=D(2025, 8, 1))
    care.record_immunisation_status(by=by, person=mia, recorded_on=D(2025, 6, 1), up_to_date=True)
    care.record_sdq(by=by, person=mia, completed_on=D(2025, 9, 1), score=12)
    care.record_missing_episode(
        by=by,
        person=mia,
        kind="M",
        started_on=D(2025, 12, 1),
        ended_on=D(2025, 12, 2),
        rhi_offered=True,
        rhi_accepted=True,
        rhi_held_on=D(2025, 12, 3),
    )

    # Omar
    omar = child(by, "Omar", "Quillbucket", D(2009, 2, 1), "M", "OMAR001", upn_unknown="UN3")
    ref = referral(omar, D(2025, 5, 20))
    people.record_immigration_status(by=by, person=omar, status="UASC", started_on=D(2025, 5, 20))
    care.start_looked_after(
        by=by,
        person=omar,
        started_on=D(2025, 5, 20),
        legal_status="V2",
        primary_need="N8",
        referral=ref,
        placement=care.PlacementDetails(
            place="K3", provider="PR4", urn="SC123456", postcode="NR1 1JN"
        ),
    )

    # Ava
    ava = child(by, "Ava", "Dapplespoon", D(2022, 3, 1), "F", "AVA001", upn_unknown="UN1")
    ref = referral(ava, D(2023, 4, 20))
    period = care.start_looked_after(
        by=by,
        person=ava,
        started_on=D(2023, 5, 1),
        legal_status="C1",
        primary_need="N1",
        referral=ref,
        placement=care.PlacementDetails(
            place="U6", provider="PR1", postcode="NR1 1AF", home_postcode="NR1 1FN"
        ),
    )
    case = care.record_adoption_decision(by=by, period=period, decision_on=D(2024, 2, 1))
    care.record_placement_order(by=by, case=case, on=D(2024, 4, 1))
    care.record_adoption_match(
        by=by,
        case=case,
        matched_on=D(2024, 10, 1),
        number_of_adopters=2,
        adopter_sex="MF",
        adopter_legal_status="L11",
        adopted_by_foster_carer=False,
    )
    care.place_for_adoption(
        by=by,
        case=case,
        placed_on=D(2024, 11, 1),
        placement=care.PlacementDetails(
            place="A6", provider="PR1", postcode="NR1 1JE", home_postcode="NR1 1FN"
        ),
    )
    care.record_adoption_order(by=by, case=case, on=D(2025, 6, 15), reason="E11")

    # Leo
    leo = child(by, "Leo", "Wimblethorn", D(2006, 9, 15), "M", "LEO001", upn_unknown="UN5")
    ref = referral(leo, D(2020, 1, 1))
    period = care.start_looked_after(
        by=by,
        person=leo,
        started_on=D(2020, 1, 2),
        legal_status="C2",
        primary_need="N1",
        referral=ref,
        placement=care.PlacementDetails(
            place="U4", provider="PR1", postcode="NR1 1AF", home_postcode="NR1 1FN"
        ),
    )
    care.cease_looked_after(by=by, period=period, ended_on=D(2024, 9, 15), reason="E5")
    care.become_care_leaver(by=by, person=leo, eligibility="former_relevant", since=D(2024, 9, 15))
    care.record_care_leaver_contact(
        by=by,
        person=leo,
        contacted_on=D(2025, 9, 20),
        in_touch="YES",
        activity="F2",
        accommodation="U",
        accommodation_suitable=True,
    )
    return Scenario(mia=mia, omar=omar, ava=ava, leo=leo)
