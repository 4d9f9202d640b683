"""What the API reads and writes. Writes only validate the shape of the input (types, lengths,
code lists); the rules are the actions' (``people.actions.update_person``,
``casework.actions.record_visit``), whose ``ActionError`` becomes a 400 naming the field."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from opencsc.casework.codes import VisitKind, VisitMethod
from opencsc.people.codes import Ethnicity, Sex, UPNUnknown

# PostgreSQL's integer columns: a larger number could only ever be a mistake (and overflows).
MAX_INT = 2**31 - 1
STATUSES = {
    "cla": "looked after today (other than for short breaks alone)",
    "cp": "on a child protection plan today",
    "cin": "in an open child in need episode (referral received, not closed) today",
}


def choice(choices, **kwargs) -> serializers.ChoiceField:
    codes = ", ".join(str(v) or "'' (blank)" for v in choices.values)
    return serializers.ChoiceField(
        choices=choices.choices,
        error_messages={"invalid_choice": f"'{{input}}' is not a valid code. Use one of: {codes}."},
        **kwargs,
    )


@extend_schema_field(
    {
        "type": "object",
        "properties": {"code": {"type": "string"}, "label": {"type": "string"}},
        "required": ["code", "label"],
    }
)
class CodeField(serializers.Field):
    """A code with its label, ``{"code": "C2", "label": "Full care order"}``; ``null`` if blank."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return instance

    def to_representation(self, instance):
        name = self.source
        code = getattr(instance, name)
        if code in ("", None):
            return None
        return {"code": code, "label": str(getattr(instance, f"get_{name}_display")())}


# --- Queries ------------------------------------------------------------------------------------


class ChildFilterSerializer(serializers.Serializer):
    q = serializers.CharField(
        required=False,
        max_length=100,
        help_text="Name, LA child ID, UPN or NHS number (as in the UI's search).",
    )
    status = serializers.ChoiceField(
        required=False,
        choices=list(STATUSES.items()),
        help_text="Only children of this status.",
        error_messages={
            "invalid_choice": f"'{{input}}' is not a status. Use one of: {', '.join(STATUSES)}."
        },
    )
    page = serializers.IntegerField(required=False, min_value=1, help_text="Page number, from 1.")
    page_size = serializers.IntegerField(
        required=False, min_value=1, max_value=200, help_text="Children a page (1-200, default 50)."
    )


class PageSerializer(serializers.Serializer):
    page = serializers.IntegerField(required=False, min_value=1, help_text="Page number, from 1.")
    page_size = serializers.IntegerField(
        required=False, min_value=1, max_value=200, help_text="Items a page (1-200, default 50)."
    )


# --- Children -----------------------------------------------------------------------------------


class ChildListSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    url = serializers.SerializerMethodField()
    la_child_id = serializers.CharField(read_only=True)
    first_name = serializers.CharField(read_only=True)
    last_name = serializers.CharField(read_only=True)
    date_of_birth = serializers.DateField(read_only=True, allow_null=True)
    expected_date_of_birth = serializers.DateField(read_only=True, allow_null=True)
    sex = serializers.CharField(read_only=True)
    status = serializers.SerializerMethodField(
        help_text="Case status on today's date (Annex A precedence): e.g. 'Child looked after'."
    )

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, person) -> str:
        request = self.context.get("request")
        path = f"/api/v1/children/{person.pk}/"
        return request.build_absolute_uri(path) if request else path

    def get_status(self, person) -> str:
        return self.context.get("statuses", {}).get(person.pk, "")


class ChildSerializer(ChildListSerializer):
    upn = serializers.CharField(read_only=True)
    former_upn = serializers.CharField(read_only=True)
    upn_unknown = serializers.CharField(read_only=True)
    nhs_number = serializers.CharField(read_only=True)
    ethnicity = serializers.CharField(read_only=True)
    date_of_death = serializers.DateField(read_only=True, allow_null=True)
    restricted = serializers.BooleanField(read_only=True)
    disabilities = serializers.SerializerMethodField()
    version = serializers.IntegerField(
        read_only=True, help_text="Send it back with a change: a stale one is refused with 409."
    )

    def get_disabilities(self, person) -> list[str]:
        return sorted(d.code for d in person.disabilities.all())


class ChildUpdateSerializer(serializers.Serializer):
    """A correction of a child's details: ``version`` and only the fields to change."""

    version = serializers.IntegerField(
        min_value=1,
        max_value=MAX_INT,
        help_text="The record's version when you read it (from GET). If someone has saved since, "
        "the change is refused with 409: read the record again and reapply your change.",
    )
    first_name = serializers.CharField(required=False, max_length=60)
    last_name = serializers.CharField(required=False, max_length=60)
    sex = choice(Sex, required=False)
    ethnicity = choice(Ethnicity, required=False)
    la_child_id = serializers.CharField(required=False, max_length=20)
    upn = serializers.CharField(required=False, allow_blank=True, max_length=13)
    former_upn = serializers.CharField(required=False, allow_blank=True, max_length=13)
    upn_unknown = choice(UPNUnknown, required=False, allow_blank=True)
    nhs_number = serializers.CharField(required=False, allow_blank=True, max_length=10)
    date_of_birth = serializers.DateField(required=False, allow_null=True)
    expected_date_of_birth = serializers.DateField(required=False, allow_null=True)

    def validate(self, attrs):
        unknown = sorted(set(self.initial_data) - set(self.fields))
        if unknown:
            editable = ", ".join(f for f in self.fields if f != "version")
            raise serializers.ValidationError(
                {
                    name: [f"'{name}' cannot be changed through the API. Editable: {editable}."]
                    for name in unknown[:10]
                }
            )
        return attrs


# --- Episodes -----------------------------------------------------------------------------------


class LegalStatusSerializer(serializers.Serializer):
    code = CodeField()
    started_on = serializers.DateField()
    ended_on = serializers.DateField(allow_null=True)


class PlacementSerializer(serializers.Serializer):
    place = CodeField(help_text="903 PLACE: placement type.")
    provider = CodeField(help_text="903 PLACE_PROVIDER.", allow_null=True)
    urn = serializers.CharField()
    carer_name = serializers.CharField()
    postcode = serializers.CharField(help_text="903 PL_POST.")
    started_on = serializers.DateField()
    ended_on = serializers.DateField(allow_null=True)
    change_reason = CodeField(help_text="903 REASON_PLACE_CHANGE when it ended.", allow_null=True)


class EpisodeSerializer(serializers.Serializer):
    """One SSDA903 episode, as derived by ``opencsc.care.episodes`` (and so as returned)."""

    start = serializers.DateField(help_text="903 DECOM.")
    end = serializers.DateField(allow_null=True, help_text="903 DEC (null while open).")
    rne = serializers.CharField(help_text="903 RNE: reason for new episode.")
    legal_status = serializers.CharField(source="ls", help_text="903 LS.")
    place = serializers.CharField(source="placement.place", help_text="903 PLACE.")
    place_provider = serializers.CharField(
        source="placement.provider", help_text="903 PLACE_PROVIDER."
    )
    urn = serializers.CharField(source="placement.urn", help_text="903 URN.")
    postcode = serializers.CharField(source="placement.postcode", help_text="903 PL_POST.")
    rec = serializers.CharField(help_text="903 REC: reason episode ceased (blank while open).")
    reason_place_change = serializers.CharField(help_text="903 REASON_PLACE_CHANGE.")


class PeriodOfCareSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    started_on = serializers.DateField()
    ended_on = serializers.DateField(allow_null=True)
    primary_need = CodeField(help_text="CIN category of need N1-N8.")
    reason_ceased = CodeField(help_text="903 REC of the last episode.", allow_null=True)
    legal_statuses = LegalStatusSerializer(many=True, source="statuses")
    placements = PlacementSerializer(many=True, source="placement_list")
    episodes = EpisodeSerializer(many=True)


class EpisodesSerializer(serializers.Serializer):
    child = serializers.IntegerField()
    periods = PeriodOfCareSerializer(many=True)


# --- Events -------------------------------------------------------------------------------------


class EventSerializer(serializers.Serializer):
    """One entry of the child's chronology (``opencsc.people.chronology``), newest first."""

    date = serializers.DateField()
    category = serializers.CharField()
    title = serializers.CharField()
    detail = serializers.CharField()
    worker = serializers.CharField()


class VisitCreateSerializer(serializers.Serializer):
    kind = choice(
        VisitKind,
        help_text="cp and cla (statutory visits) need an open plan or period of care that day.",
    )
    visited_on = serializers.DateField(help_text="Not in the future, not before birth.")
    method = choice(
        VisitMethod,
        required=False,
        default=VisitMethod.FACE_TO_FACE,
        help_text="unsuccessful: the visit did not happen, so the child was not seen.",
    )
    seen = serializers.BooleanField(help_text="Whether the child was seen.")
    seen_alone = serializers.BooleanField(required=False, default=False)
    bedroom_seen = serializers.BooleanField(required=False, allow_null=True, default=None)
    wishes_and_feelings = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=20_000
    )

    def validate(self, attrs):
        unknown = sorted(set(self.initial_data) - set(self.fields))
        if unknown:
            raise serializers.ValidationError(
                {name: [f"'{name}' is not part of a visit."] for name in unknown[:10]}
            )
        return attrs


class VisitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    child = serializers.IntegerField(source="person_id")
    kind = CodeField()
    visited_on = serializers.DateField()
    method = CodeField()
    seen = serializers.BooleanField()
    seen_alone = serializers.BooleanField()
    bedroom_seen = serializers.BooleanField(allow_null=True)
    wishes_and_feelings = serializers.CharField()
    worker = serializers.SerializerMethodField()
    version = serializers.IntegerField()

    def get_worker(self, visit) -> str | None:
        return str(visit.worker) if visit.worker_id else None
