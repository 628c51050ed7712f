from django.urls import path

from daihoi.elections.evoting import views

app_name = "evoting"
urlpatterns = [
    path("", views.home, name="home"),
    path("r/<int:pk>/", views.ballot, name="ballot"),
    path("r/<int:pk>/results/", views.results, name="results"),
    path("manage/", views.manage_list, name="manage_list"),
    path("r/<int:pk>/manage/", views.manage, name="manage"),
    path("r/<int:pk>/participation/", views.participation, name="participation"),
    path("r/<int:pk>/open/", views.open_vote, name="open"),
    path("r/<int:pk>/close/", views.close_vote, name="close"),
]
