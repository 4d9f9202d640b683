"""Casework pages, each under its child: ``/children/<person_id>/…``."""

from django.urls import path

from . import views

app_name = "casework"

urlpatterns = [
    path("contacts/new/", views.contact_create, name="contact-create"),
    path("contacts/<int:contact_id>/decision/", views.contact_decide, name="contact-decide"),
]
