from django.urls import path

from . import views

app_name = "returns"
urlpatterns = [
    path("", views.return_list, name="return-list"),
    path("new/", views.return_create, name="return-create"),
    path("<int:run_id>/", views.return_detail, name="return-detail"),
    path("<int:run_id>/download/", views.return_download, name="return-download"),
]
