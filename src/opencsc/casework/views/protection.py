"""Child protection, child in need plans and visits: strategy discussions, section 47 enquiries,
conferences, CP and CIN plans, visits."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
