from django.urls import path

from . import dashboard, views

app_name = "oversight"

urlpatterns = [
    path("pseudonymised/", views.pseudonymised_list, name="pseudonymised-list"),
    path("indicators/", views.indicator_catalogue, name="indicator-catalogue"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/<str:code>/", dashboard.indicator_children, name="indicator-children"),
]
