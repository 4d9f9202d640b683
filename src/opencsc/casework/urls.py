"""Casework pages, each under its child: ``/children/<person_id>/…``. Each subdomain's views
module lists its own pages."""

from .views import front_door, notes, protection

app_name = "casework"

urlpatterns = [*front_door.urlpatterns, *protection.urlpatterns, *notes.urlpatterns]
