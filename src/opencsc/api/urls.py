"""``/api/``: the OpenAPI schema and its docs, and version 1 of the API under ``v1/``."""

from django.urls import path

from . import views

app_name = "api"

urlpatterns = [
    path("schema/", views.Schema.as_view(), name="schema"),
    path("docs/", views.Docs.as_view(url_name="api:schema"), name="docs"),
    path("v1/children/", views.ChildList.as_view(), name="child-list"),
    path("v1/children/<int:pk>/", views.ChildDetail.as_view(), name="child-detail"),
    path("v1/children/<int:pk>/episodes/", views.ChildEpisodes.as_view(), name="child-episodes"),
    path("v1/children/<int:pk>/events/", views.ChildEvents.as_view(), name="child-events"),
    path("v1/children/<int:pk>/visits/", views.ChildVisits.as_view(), name="child-visits"),
]
