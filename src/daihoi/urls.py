from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("daihoi.core.urls")),
    path("", include("daihoi.core.urls_jobs")),
    path("", include("daihoi.organizations.urls")),
    path("", include("daihoi.organizations.urls_io")),
    path("congress/", include("daihoi.congress.urls")),
    path("congress/", include("daihoi.congress.proceedings.urls")),
    path("elections/", include("daihoi.elections.urls")),
    path("vote/", include("daihoi.elections.evoting.urls")),
    path("scanning/", include("daihoi.elections.scanning.urls")),
    path("extraction/", include("daihoi.extraction.urls")),
    path("meetings/", include("daihoi.meetings.urls")),
    path("appraisal/", include("daihoi.appraisal.urls")),
    path("targets/", include("daihoi.targets.urls")),
    path("", include("daihoi.portal.urls")),
]
