from django.urls import path

from daihoi.congress.proceedings import views

app_name = "proceedings"

C = "<int:congress_id>/"

urlpatterns = [
    path("hall/", views.home, name="home"),
    path("hall/screen/", views.screen_current, name="screen_current"),
    path("hall/votes/", views.votes_current, name="votes_current"),
    path("hall/now/", views.now, name="now"),
    path(C + "agenda/", views.agenda, name="agenda"),
    path(C + "agenda/add/", views.agenda_add, name="agenda_add"),
    path(C + "agenda/step/", views.agenda_step, name="agenda_step"),
    path(C + "agenda/<int:item_id>/<str:action>/", views.agenda_item_action, name="agenda_item"),
    path(C + "documents/", views.documents, name="documents"),
    path(C + "documents/upload/", views.document_upload, name="document_upload"),
    path(C + "documents/file/<int:version_id>/", views.document_download, name="document_download"),
    path(C + "votes/", views.votes, name="votes"),
    path(C + "votes/new/", views.vote_create, name="vote_create"),
    path(C + "votes/<int:vote_id>/", views.vote_detail, name="vote"),
    path(C + "votes/<int:vote_id>/live/", views.vote_live, name="vote_live"),
    path(C + "votes/<int:vote_id>/hands/", views.vote_hands, name="vote_hands"),
    path(C + "votes/<int:vote_id>/cast/", views.vote_cast, name="vote_cast"),
    path(C + "votes/<int:vote_id>/<str:action>/", views.vote_state, name="vote_state"),
    path(C + "resolution/", views.resolution, name="resolution"),
    path(C + "resolution/save/", views.resolution_save, name="resolution_save"),
    path(C + "resolution/targets/add/", views.target_add, name="target_add"),
    path(C + "resolution/targets/<int:target_id>/delete/", views.target_delete, name="target_delete"),
    path(C + "resolution/targets.json", views.targets_json, name="targets_json"),
    path(C + "discussion/", views.discussion, name="discussion"),
    path(C + "discussion/submit/", views.contribution_submit, name="contribution_submit"),
    path(C + "discussion/<int:contribution_id>/file/", views.contribution_file, name="contribution_file"),
    path(C + "discussion/book.pdf", views.contributions_book, name="book"),
    path(C + "discussion/book/publish/", views.book_publish, name="book_publish"),
    path(C + "discussion/request/", views.speech_request, name="speech_request"),
    path(C + "discussion/speeches/add/", views.speech_add, name="speech_add"),
    path(C + "discussion/speeches/order/", views.speech_order, name="speech_order"),
    path(C + "discussion/speeches/<int:speech_id>/<str:action>/", views.speech_action, name="speech"),
    path(C + "screen/", views.screen, name="screen"),
    path(C + "screen/live/", views.screen_fragment, name="screen_fragment"),
]
