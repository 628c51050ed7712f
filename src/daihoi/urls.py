from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("daihoi.core.urls")),
    path("", include("daihoi.organizations.urls")),
    path("congress/", include("daihoi.congress.urls")),
    path("elections/", include("daihoi.elections.urls")),
]
