from django.urls import path

from . import views

app_name = "oversight"

urlpatterns = [
    path("pseudonymised/", views.pseudonymised_list, name="pseudonymised-list"),
    path("indicators/", views.indicator_catalogue, name="indicator-catalogue"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/<str:code>/", views.indicator_children, name="indicator-children"),
]
