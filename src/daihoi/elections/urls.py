from django.urls import path

from daihoi.elections import views

app_name = "elections"
urlpatterns = [
    path("", views.election_list, name="list"),
    path("new/", views.election_create, name="create"),
    path("<int:pk>/", views.election_detail, name="detail"),
    path("<int:pk>/list.pdf", views.candidate_list_pdf, name="candidate_list_pdf"),
    path("<int:pk>/edit/", views.election_edit, name="edit"),
    path("<int:pk>/members/", views.member_lookup, name="member_lookup"),
    path("<int:pk>/candidates/", views.candidate_add, name="candidate_add"),
    path("<int:pk>/surplus-decision/", views.decision_surplus, name="decision_surplus"),
    path("<int:pk>/first-round/", views.round_first, name="round_first"),
    path("<int:pk>/alternates/", views.alternates_create, name="alternates_create"),
    path("<int:pk>/first-session/", views.first_session_attendance, name="first_session"),
    path("candidate/<int:pk>/withdraw/", views.candidate_withdraw, name="candidate_withdraw"),
    path("candidate/<int:pk>/remove/", views.candidate_remove, name="candidate_remove"),
    path("round/<int:pk>/", views.round_detail, name="round"),
    path("round/<int:round_id>/setup/", views.round_setup, name="round_setup"),
    path("round/<int:round_id>/step/", views.round_step, name="round_step"),
    path("round/<int:round_id>/counting-rules/", views.counting_rules, name="counting_rules"),
    path("round/<int:pk>/question/", views.round_question, name="round_question"),
    path("round/<int:pk>/ballots.pdf", views.ballots_pdf, name="ballots_pdf"),
    path("round/<int:pk>/results/", views.results, name="results"),
    path("round/<int:pk>/publish/", views.publish, name="publish"),
    path("round/<int:pk>/minutes.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("round/<int:pk>/results.<str:fmt>", views.results_export, name="results_export"),
    path("round/<int:pk>/next/", views.round_next, name="round_next"),
    path("group/<int:group_id>/", views.entry_screen, name="entry"),
    path("group/<int:group_id>/ballot/", views.ballot_save, name="ballot_save"),
    path("group/<int:group_id>/edit/", views.ballot_edit, name="ballot_edit"),
    path("group/<int:group_id>/undo/", views.ballot_undo, name="ballot_undo"),
    path("group/<int:group_id>/totals/", views.group_totals, name="group_totals"),
    path("group/<int:group_id>/done/", views.group_done, name="group_done"),
    path("group/<int:group_id>/sheet/", views.group_sheet, name="sheet"),
    path("group/<int:group_id>/mismatches/", views.group_mismatches, name="mismatches"),
]
