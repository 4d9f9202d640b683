"""The site's URLs: one include per app, each in its own namespace (``people:person-detail``).

Static files are served by WhiteNoise's middleware, so they need no URL here.
"""

from django.urls import include, path

from opencsc.people.views import home

urlpatterns = [
    path("", home, name="home"),
    path("accounts/", include("opencsc.accounts.urls")),
    path("children/", include("opencsc.people.urls")),
    path("children/<int:person_id>/", include("opencsc.casework.urls")),
    path("returns/", include("opencsc.returns.urls")),
    path("oversight/", include("opencsc.oversight.urls")),
    path("api/", include("opencsc.api.urls")),
    path("privacy/", include("opencsc.privacy.urls")),
]

# A path no pattern matches: JSON under /api/ (an API client must not get a web page), the GOV.UK
# 404 page elsewhere.
handler404 = "opencsc.core.views.not_found"
# A view that failed: the GOV.UK "problem with the service" page, or JSON under /api/.
handler500 = "opencsc.core.views.server_error"
