from django.urls import path

from daihoi.targets import views

app_name = "targets"
urlpatterns = [
    path("", views.review, name="review"),
    path("review.docx", views.review_docx, name="review_docx"),
    path("review.pdf", views.review_pdf, name="review_pdf"),
    path("review.json", views.review_json, name="review_json"),
    path("congress/<int:congress_id>/add/", views.target_create, name="target_create"),
    path("<int:target_id>/delete/", views.target_delete, name="target_delete"),
    path("<int:target_id>/value/", views.value_enter, name="value_enter"),
]
