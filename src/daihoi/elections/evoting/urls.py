from django.urls import path

from daihoi.elections.evoting import views, views_keys

app_name = "evoting"
urlpatterns = [
    path("", views.home, name="home"),
    path("r/<int:pk>/", views.ballot, name="ballot"),
    path("r/<int:pk>/spoil/", views.spoil, name="spoil"),
    path("r/<int:pk>/results/", views.results, name="results"),
    path("manage/", views.manage_list, name="manage_list"),
    path("r/<int:pk>/manage/", views.manage, name="manage"),
    path("r/<int:pk>/participation/", views.participation, name="participation"),
    path("r/<int:pk>/open/", views.open_vote, name="open"),
    path("r/<int:pk>/close/", views.close_vote, name="close"),
    path("r/<int:pk>/keys/", views_keys.keys, name="keys"),
    path("r/<int:pk>/keys/start/", views_keys.start, name="keys_start"),
    path("r/<int:pk>/keys/state.json", views_keys.state_json, name="keys_state"),
    path("r/<int:pk>/keys/publish/", views_keys.publish, name="keys_publish"),
    path("r/<int:pk>/keys/shares/", views_keys.shares, name="keys_shares"),
    path("r/<int:pk>/keys/confirm/", views_keys.confirm, name="keys_confirm"),
    path("r/<int:pk>/keys/decrypt/", views_keys.decrypt, name="keys_decrypt"),
    path("r/<int:pk>/board/", views_keys.board, name="board"),
    path("r/<int:pk>/board.json", views_keys.board_json, name="board_json"),
]
