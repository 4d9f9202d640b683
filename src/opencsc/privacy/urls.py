from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("", views.sar_start, name="sar-start"),
    path("sar/<int:person_id>/", views.sar_detail, name="sar-detail"),
    path("sar/<int:person_id>/sar.json", views.sar_download, {"fmt": "json"}, name="sar-json"),
    path("sar/<int:person_id>/sar.html", views.sar_download, {"fmt": "html"}, name="sar-html"),
]
