from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("", views.person_search, name="person-search"),
    path("new/", views.person_create, name="person-create"),
    path("<int:person_id>/", views.person_detail, name="person-detail"),
    path("<int:person_id>/access/", views.person_access, name="person-access"),
    path("<int:person_id>/birth/", views.person_birth, name="person-birth"),
    path("<int:person_id>/details/", views.person_edit, name="person-edit"),
    path(
        "<int:person_id>/relationships/new/", views.relationship_create, name="relationship-create"
    ),
    path("<int:person_id>/addresses/new/", views.address_create, name="address-create"),
    path("<int:person_id>/allocations/new/", views.allocation_create, name="allocation-create"),
    path("<int:person_id>/warnings/new/", views.warning_create, name="warning-create"),
    path(
        "<int:person_id>/warnings/<int:warning_id>/review/",
        views.warning_review,
        name="warning-review",
    ),
    path("<int:person_id>/warnings/<int:warning_id>/end/", views.warning_end, name="warning-end"),
]
