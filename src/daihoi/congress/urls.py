from django.urls import path

from daihoi.congress import views

app_name = "congress"
urlpatterns = [
    path("", views.congress_list, name="list"),
    path("checkin/", views.checkin_current, name="checkin_current"),
    path("me/", views.my_current, name="me_current"),
    path("new/", views.congress_create, name="create"),
    path("<int:pk>/", views.congress_detail, name="detail"),
    path("<int:pk>/edit/", views.congress_edit, name="edit"),
    path("<int:pk>/sessions/add/", views.session_add, name="session_add"),
    path("<int:pk>/sessions/<int:sid>/current/", views.session_current, name="session_current"),
    path("<int:pk>/quorum/", views.quorum_confirm, name="quorum_confirm"),
    path("<int:pk>/delegates/", views.delegate_list, name="delegates"),
    path("<int:pk>/delegates/add/", views.delegate_add, name="delegate_add"),
    path("<int:pk>/delegates.xlsx", views.delegates_xlsx, name="delegates_xlsx"),
    path(
        "<int:pk>/delegates/import/template.xlsx",
        views.delegate_import_template,
        name="delegate_import_template",
    ),
    path("<int:pk>/delegates/import/", views.delegate_import, name="delegate_import"),
    path("<int:pk>/delegates/<int:did>/", views.delegate_detail, name="delegate"),
    path("<int:pk>/delegates/<int:did>/absent/", views.delegate_absent, name="delegate_absent"),
    path("<int:pk>/delegates/<int:did>/replace/", views.delegate_replace, name="delegate_replace"),
    path(
        "<int:pk>/delegates/<int:did>/credentials/", views.delegate_credentials, name="delegate_credentials"
    ),
    path("<int:pk>/credentials/", views.credentials, name="credentials"),
    path("<int:pk>/credentials/accept-all/", views.credentials_accept_all, name="credentials_accept_all"),
    path("<int:pk>/credentials/report.pdf", views.credentials_pdf, name="credentials_pdf"),
    path("<int:pk>/badges.pdf", views.badges_pdf, name="badges_pdf"),
    path("<int:pk>/me/", views.my_congress, name="me"),
    path("<int:pk>/me/badge.pdf", views.my_badge, name="my_badge"),
    path("<int:pk>/checkin/", views.checkin_page, name="checkin"),
    path("<int:pk>/checkin/search/", views.checkin_search, name="checkin_search"),
    path("<int:pk>/checkin/do/", views.checkin_do, name="checkin_do"),
    path("<int:pk>/attendance.json", views.attendance_json, name="attendance_json"),
    path("<int:pk>/guests/", views.guest_list, name="guests"),
    path("<int:pk>/bodies/", views.body_list, name="bodies"),
    path("<int:pk>/bodies/add/", views.body_member_add, name="body_member_add"),
    path("<int:pk>/bodies/member/<int:rid>/remove/", views.body_member_remove, name="body_member_remove"),
    path("<int:pk>/bodies/<int:bid>/approve/", views.body_approve, name="body_approve"),
    path("<int:pk>/report/", views.congress_report, name="report"),
    path("<int:pk>/report.pdf", views.congress_report_pdf, name="report_pdf"),
]
