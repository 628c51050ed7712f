from django.urls import path

from daihoi.extraction import views

app_name = "extraction"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.article_new, name="article_new"),
    path("batch/", views.batch_new, name="batch_new"),
    path("articles/<int:pk>/", views.review, name="review"),
    path("articles/<int:pk>/dismiss/", views.dismiss, name="dismiss"),
    path("records/new/", views.record_new, name="record_new"),
    path("records/<int:pk>/", views.record_detail, name="record_detail"),
    path("compare/", views.compare, name="compare"),
]
