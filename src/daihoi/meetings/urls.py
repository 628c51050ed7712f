from django.urls import path

from daihoi.meetings import views

app_name = "meetings"
urlpatterns = [
    path("", views.index, name="index"),
    path("committee/", views.committee_create, name="committee_create"),
    path("committee/<int:pk>/", views.committee_detail, name="committee"),
    path("committee/<int:pk>/seat/", views.seat_add, name="seat_add"),
    path("committee/<int:pk>/conference/", views.conference_create, name="conference_create"),
    path("committee/<int:pk>/decision/", views.decision_add, name="decision_add"),
    path("conference/<int:pk>/", views.conference_detail, name="conference"),
    path("conference/<int:pk>/invite/", views.invitations_send, name="invitations_send"),
    path("conference/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("conference/<int:pk>/conclusion/", views.conclusion, name="conclusion"),
    path("conference/<int:pk>/conclusion.pdf", views.conclusion_pdf, name="conclusion_pdf"),
    path("conference/<int:pk>/draft/", views.draft_create, name="draft_create"),
    path("conference/<int:pk>/confidence/", views.confidence_create, name="confidence_create"),
    path("conference/<int:pk>/vote/", views.vote_record, name="vote_record"),
    path("conference/<int:pk>/election/", views.election_link, name="election_link"),
    path("invitation/<int:pk>/answer/", views.invitation_answer, name="invitation_answer"),
    path("draft/<int:pk>/", views.draft_detail, name="draft"),
    path("draft/<int:pk>/version/", views.version_add, name="version_add"),
    path("draft/<int:pk>/v<int:number>/file/", views.version_file, name="version_file"),
    path("draft/<int:pk>/compare/<int:old>/<int:new>/", views.draft_compare, name="compare"),
    path("draft/<int:pk>/report.docx", views.report_docx, name="report_docx"),
    path("draft/<int:pk>/report.pdf", views.report_pdf, name="report_pdf"),
    path("draft/<int:pk>/adopt/", views.draft_adopt, name="draft_adopt"),
    path("section/<int:pk>/comment/", views.comment_add, name="comment_add"),
    path("comment/<int:pk>/handle/", views.comment_handle, name="comment_handle"),
    path("placement/<int:pk>/confirm/", views.placement_confirm, name="placement_confirm"),
    path("confidence/<int:pk>/", views.confidence_detail, name="confidence"),
    path("inspection/", views.inspection_index, name="inspection"),
    path("inspection/plan/", views.plan_create, name="plan_create"),
    path("inspection/plan/<int:pk>/add/", views.inspection_add, name="inspection_add"),
    path("inspection/<int:pk>/conclude/", views.inspection_conclude, name="inspection_conclude"),
    path("inspection/discipline/", views.discipline_add, name="discipline_add"),
]
