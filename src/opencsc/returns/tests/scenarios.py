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


def referred(by, person, on):
    """A referral received ``on``, allocated to ``by``'s own worker record the same day."""
    ref = cw.open_referral(by=by, person=person, received_on=on, source="6", primary_need="N1")
    wf.allocate(by=by, person=person, worker=by.worker, started_on=on, change_reason="FCONTA")
    return ref


def build(personas) -> Scenario:
    by = personas.sam

    # Mia
    mia = child(by, "Mia", "Fennelsprout", D(2012, 6, 10), "F", "MIA001", upn_unknown="UN5")
    ref = referred(by, mia, D(2024, 1, 10))
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
    ref = referred(by, omar, D(2025, 5, 20))
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
    ref = referred(by, ava, D(2023, 4, 20))
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
    ref = referred(by, leo, D(2020, 1, 1))
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


# Children with temporary placements (T0–T4), in the shapes the 903 rules allow (V903 rules
# 225, 226, 379–383): away from the normal placement by a change of placement (RNE P, or B with
# a new legal status), back to the same placement and postcode by a change of placement only,
# with no reason for placement change on either move.
#
#     Tess  T3 while her foster carers are on holiday and back; a change of legal status only
#           later; then a move between foster placements, which does carry a reason
#     Finn  T1 in hospital, T2 on holiday, T4 for a week, T0: each back to his children's home
#     Iris  in T3 when the year begins (from 24/03/2025), back on 04/04/2025; T2 on holiday at
#           the year end, still away on 31 March
#     Noah  an interim care order made the day he goes into hospital (T1, RNE B), and back
#     Rosa  placed for adoption, T3 while her adopters are on holiday, back with them; adopted
FOSTER = "NR1 1AF"
HOME = "NR1 1FN"
AWAY = "NR1 1JE"


def temporary_placements(personas) -> dict[str, object]:
    by = personas.sam

    def normal(place="U6", provider="PR1", postcode=FOSTER, **extra):
        return care.PlacementDetails(
            place=place, provider=provider, postcode=postcode, home_postcode=HOME, **extra
        )

    def temporary(place):
        return care.PlacementDetails(place=place, postcode=AWAY, home_postcode=HOME)

    def away_and_back(period, place, away, back, home=None):
        care.change_placement(
            by=by, period=period, started_on=away, placement=temporary(place), change_reason=""
        )
        care.change_placement(
            by=by, period=period, started_on=back, placement=home or normal(), change_reason=""
        )

    def in_care(person, referred_on, started_on, legal_status, placement):
        return care.start_looked_after(
            by=by,
            person=person,
            started_on=started_on,
            legal_status=legal_status,
            primary_need="N1",
            referral=referred(by, person, referred_on),
            placement=placement,
        )

    tess = child(by, "Tess", "Harebell", D(2014, 4, 2), "F", "TESS001", upn_unknown="UN5")
    period = in_care(tess, D(2024, 5, 28), D(2024, 6, 3), "C1", normal())
    away_and_back(period, "T3", D(2025, 7, 28), D(2025, 8, 8))
    care.change_legal_status(by=by, period=period, code="C2", started_on=D(2025, 10, 1))
    care.change_placement(
        by=by,
        period=period,
        started_on=D(2026, 1, 12),
        placement=normal("U4", postcode="NR1 1JN"),
        change_reason="CARPL",
    )

    finn = child(by, "Finn", "Sallowby", D(2011, 11, 20), "M", "FINN001", upn_unknown="UN5")
    home = normal("K2", "PR4", postcode="NR1 1JN", urn="SC123456")
    period = in_care(finn, D(2023, 2, 1), D(2023, 2, 6), "C2", home)
    away_and_back(period, "T1", D(2025, 5, 12), D(2025, 5, 19), home)
    away_and_back(period, "T2", D(2025, 8, 1), D(2025, 8, 15), home)
    away_and_back(period, "T4", D(2025, 10, 20), D(2025, 10, 27), home)
    away_and_back(period, "T0", D(2026, 2, 9), D(2026, 2, 11), home)

    iris = child(by, "Iris", "Tansy", D(2016, 7, 14), "F", "IRIS001", upn_unknown="UN5")
    period = in_care(iris, D(2024, 1, 29), D(2024, 2, 5), "C2", normal())
    away_and_back(period, "T3", D(2025, 3, 24), D(2025, 4, 4))
    care.change_placement(
        by=by,
        period=period,
        started_on=D(2026, 3, 27),
        placement=temporary("T2"),
        change_reason="",
    )

    noah = child(by, "Noah", "Burdock", D(2013, 1, 9), "M", "NOAH001", upn_unknown="UN5")
    period = in_care(noah, D(2025, 4, 22), D(2025, 4, 28), "V2", normal())
    care.change_placement(
        by=by,
        period=period,
        started_on=D(2025, 6, 2),
        placement=temporary("T1"),
        change_reason="",
    )
    care.change_legal_status(by=by, period=period, code="C1", started_on=D(2025, 6, 2))
    care.change_placement(
        by=by, period=period, started_on=D(2025, 6, 13), placement=normal(), change_reason=""
    )

    rosa = child(by, "Rosa", "Meadowsweet", D(2021, 9, 30), "F", "ROSA001", upn_unknown="UN1")
    period = in_care(rosa, D(2024, 3, 4), D(2024, 3, 11), "C2", normal())
    case = care.record_adoption_decision(by=by, period=period, decision_on=D(2024, 11, 5))
    care.record_placement_order(by=by, case=case, on=D(2025, 1, 20))
    care.record_adoption_match(
        by=by,
        case=case,
        matched_on=D(2025, 5, 12),
        number_of_adopters=2,
        adopter_sex="MF",
        adopter_legal_status="L11",
        adopted_by_foster_carer=False,
    )
    adopters = normal("A6", postcode="NR1 1JN")
    care.place_for_adoption(by=by, case=case, placed_on=D(2025, 6, 2), placement=adopters)
    away_and_back(period, "T3", D(2025, 9, 1), D(2025, 9, 8), adopters)
    care.record_adoption_order(by=by, case=case, on=D(2026, 2, 16), reason="E11")
    return {"tess": tess, "finn": finn, "iris": iris, "noah": noah, "rosa": rosa}
