from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("", views.person_search, name="person-search"),
    path("<int:person_id>/", views.person_detail, name="person-detail"),
    path("<int:person_id>/access/", views.person_access, name="person-access"),
]
