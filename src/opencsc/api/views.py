"""The REST API (``/api/v1/``): children, their periods of care and 903 episodes, their events.

Every view declares ``access_rule`` (its role gate, checked by ``RolePermission`` through
``opencsc.accounts.rules.allows``); a view that also changes things declares ``write_rule`` for its
unsafe methods. Which child a user may see is ``visible_children``: a child they may not see is
404, never 403, as in the UI. Each request about one child records an ``AccessEvent`` with
``via=api``; the list of children records none (like the UI's search, it shows who a child is,
not their record).
"""

from types import SimpleNamespace

from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from opencsc.accounts.rules import Rule
from opencsc.audit.log import record_access
from opencsc.audit.models import AccessEvent
from opencsc.audit.recording import check_version
from opencsc.care.episodes import episodes_for_period
from opencsc.care.models import LookedAfterPeriod
from opencsc.casework import actions as casework
from opencsc.core.checks import today
from opencsc.people import actions as people
from opencsc.people.access import visible_children
from opencsc.people.chronology import chronology_for
from opencsc.people.models import Person
from opencsc.workforce.models import Worker

from . import serializers as s
from .pagination import PageNumberPagination
from .permissions import RolePermission

# Ids are 64-bit: a larger number names no record (and would overflow the database's integer).
MAX_ID = 2**63 - 1

FIELD_ERRORS = {
    "type": "object",
    "description": "Each field at fault (`body` for the request body as a whole), with what is "
    "wrong and how to put it right.",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
    "minProperties": 1,
}
DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
BAD_INPUT = OpenApiResponse(FIELD_ERRORS, "Invalid input: the fields at fault and the fix.")
NOT_FOUND = OpenApiResponse(DETAIL, "No such child, or not one you may see.")
STALE = OpenApiResponse(
    FIELD_ERRORS,
    "Someone else saved the record since you read it (`version`): read it again, then reapply.",
)
COMMON = {
    401: OpenApiResponse(DETAIL, "Not signed in: send a bearer token or a session cookie."),
    403: OpenApiResponse(DETAIL, "Your role does not give access to this."),
}


class RuleDeclared:
    """Mixin for DRF views: the rule on the URL's view function, and no LoginRequiredMiddleware."""

    access_rule: Rule
    write_rule: Rule | None = None
    permission_classes = [RolePermission]

    @classmethod
    def as_view(cls, **initkwargs):
        view = super().as_view(**initkwargs)
        # For the access-matrix test, which reads the rule off the URL's view function.
        view.access_rule = cls.access_rule
        view.write_rule = cls.write_rule
        # Django's LoginRequiredMiddleware would send a bearer-token request (anonymous until
        # DRF authenticates it) to the sign-in page; RolePermission denies the anonymous instead.
        return login_not_required(view)


class ApiView(RuleDeclared, GenericAPIView):
    """Base of every API view about children: the role gate, then object access."""

    pagination_class = PageNumberPagination

    def child(self, pk: int, *prefetch) -> Person:
        """The child ``pk`` if the user may see it, recording the read; else 404."""
        person = None
        if 0 < pk <= MAX_ID:
            person = visible_children(self.request.user).filter(pk=pk)
            person = person.prefetch_related(*prefetch).first()
        if person is None:
            raise NotFound("No child record found.")
        record_access(
            user=self.request.user, person=person, via=AccessEvent.Via.API, path=self.request.path
        )
        return person


def _strict(query_params) -> dict:
    """The query as a plain dict, so ``?status=`` is refused as blank (naming ``status``) rather
    than read as absent, which is what DRF does for form-style input."""
    return query_params.dict()


# The ``status`` filter's codes: the case status each stands for (people.status), which the
# child need only hold, whatever ranks above it (a looked-after child on a CP plan is in both).
STATUS_FILTERS = {
    "cla": "Child looked after",
    "cp": "Child protection plan",
    "cin": "Open referral",
}


class ChildList(ApiView):
    access_rule = Rule.CASE_RECORDS
    serializer_class = s.ChildListSerializer

    @extend_schema(
        operation_id="children_list",
        parameters=[s.ChildFilterSerializer],
        responses={200: s.ChildListSerializer(many=True), 400: BAD_INPUT, **COMMON},
        description="The children you may see, by name. Records no access event.",
    )
    def get(self, request):
        query = s.ChildFilterSerializer(data=_strict(request.query_params))
        query.is_valid(raise_exception=True)
        children = visible_children(request.user)
        if query.validated_data.get("q"):
            children = children.search(query.validated_data["q"])
        if query.validated_data.get("status"):
            children = children.in_case_status(
                STATUS_FILTERS[query.validated_data["status"]], today()
            )
        page = self.paginate_queryset(children.with_case_status(today()))
        context = {"request": request, "statuses": {p.pk: p.case_status for p in page}}
        return self.get_paginated_response(
            s.ChildListSerializer(page, many=True, context=context).data
        )


def _child_data(request, person: Person) -> dict:
    context = {"request": request, "statuses": {person.pk: person.case_status_on(today())}}
    return s.ChildSerializer(person, context=context).data


class ChildDetail(ApiView):
    access_rule = Rule.CASE_RECORDS
    write_rule = Rule.CASE_WRITE
    serializer_class = s.ChildSerializer

    @extend_schema(
        operation_id="children_retrieve",
        responses={200: s.ChildSerializer, 400: BAD_INPUT, 404: NOT_FOUND, **COMMON},
        description="A child's details. Records an access event.",
    )
    def get(self, request, pk: int):
        return Response(_child_data(request, self.child(pk, "disabilities")))

    @extend_schema(
        operation_id="children_partial_update",
        request=s.ChildUpdateSerializer,
        responses={
            200: s.ChildSerializer,
            400: BAD_INPUT,
            404: NOT_FOUND,
            409: STALE,
            **COMMON,
        },
        description="Correct a child's details (`people.actions.update_person`). Send `version` "
        "from your read and only the fields to change. Not for inspectors.",
    )
    def patch(self, request, pk: int):
        person = self.child(pk, "disabilities")
        change = s.ChildUpdateSerializer(data=request.data)
        change.is_valid(raise_exception=True)
        data = dict(change.validated_data)
        version = data.pop("version")
        if any(getattr(person, name) != value for name, value in data.items()):
            person = people.update_person(by=request.user, person=person, version=version, **data)
        else:
            check_version(person, version)  # nothing to change, but a stale copy is still told
        return Response(_child_data(request, person))


class ChildEpisodes(ApiView):
    access_rule = Rule.CASE_RECORDS
    serializer_class = s.EpisodesSerializer
    pagination_class = None

    @extend_schema(
        operation_id="children_episodes",
        responses={200: s.EpisodesSerializer, 400: BAD_INPUT, 404: NOT_FOUND, **COMMON},
        description="The child's periods of care, their legal statuses and placements, and the "
        "SSDA903 episodes derived from them (as the 903 return has them). Records an access event.",
    )
    def get(self, request, pk: int):
        person = self.child(
            pk,
            Prefetch(
                "looked_after_periods",
                queryset=LookedAfterPeriod.objects.prefetch_related("legal_statuses", "placements"),
            ),
        )
        periods = []
        for period in person.looked_after_periods.all():
            statuses = sorted(period.legal_statuses.all(), key=lambda x: (x.started_on, x.pk))
            placements = sorted(period.placements.all(), key=lambda x: (x.started_on, x.pk))
            period.statuses = statuses
            period.placement_list = placements
            period.episodes = episodes_for_period(period, statuses, placements)
            periods.append(period)
        data = SimpleNamespace(child=person.pk, periods=periods)
        return Response(s.EpisodesSerializer(data).data)


class ChildEvents(ApiView):
    access_rule = Rule.CASE_RECORDS
    serializer_class = s.EventSerializer

    @extend_schema(
        operation_id="children_events",
        parameters=[s.PageSerializer],
        responses={200: s.EventSerializer(many=True), 400: BAD_INPUT, 404: NOT_FOUND, **COMMON},
        description="The child's chronology, newest first: every recorded event. Records an "
        "access event.",
    )
    def get(self, request, pk: int):
        query = s.PageSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        person = self.child(pk)
        page = self.paginate_queryset(chronology_for(person))
        return self.get_paginated_response(s.EventSerializer(page, many=True).data)


class ChildVisits(ApiView):
    access_rule = Rule.CASE_WRITE
    write_rule = Rule.CASE_WRITE
    serializer_class = s.VisitSerializer

    @extend_schema(
        operation_id="children_visits_create",
        request=s.VisitCreateSerializer,
        responses={201: s.VisitSerializer, 400: BAD_INPUT, 404: NOT_FOUND, **COMMON},
        description="Record a visit to the child (`casework.actions.record_visit`), by you; it "
        "then appears in the child's events. Not for inspectors.",
    )
    def post(self, request, pk: int):
        person = self.child(pk)
        visit = s.VisitCreateSerializer(data=request.data)
        visit.is_valid(raise_exception=True)
        made = casework.record_visit(
            by=request.user,
            person=person,
            worker=Worker.objects.current_for(request.user, today()),
            **visit.validated_data,
        )
        return Response(s.VisitSerializer(made).data, status=status.HTTP_201_CREATED)


class Schema(RuleDeclared, SpectacularAPIView):
    """The OpenAPI 3 schema. Public: it describes the API's shape and holds no records."""

    access_rule = Rule.PUBLIC
    authentication_classes = []


class Docs(RuleDeclared, SpectacularSwaggerSplitView):
    """Swagger UI from the vendored drf-spectacular-sidecar files (no CDN), public."""

    access_rule = Rule.PUBLIC
    authentication_classes = []
