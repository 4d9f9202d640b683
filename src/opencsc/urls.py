"""The site's URLs: one include per app, each in its own namespace (``people:person-detail``).

Static files are served by WhiteNoise's middleware, so they need no URL here.
"""

from django.urls import include, path

urlpatterns = [
    path("", include("opencsc.core.urls")),
    path("accounts/", include("opencsc.accounts.urls")),
    path("people/", include("opencsc.people.urls")),
    path("returns/", include("opencsc.returns.urls")),
    path("api/", include("opencsc.api.urls")),
]
