"""The URLs of the portal's own host name (DAIHOI_PORTAL_HOST): the portal at the root,
nothing of the staff application."""

from django.urls import include, path

from daihoi.portal.urls import public_urlpatterns

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include((public_urlpatterns, "portal"))),
]
