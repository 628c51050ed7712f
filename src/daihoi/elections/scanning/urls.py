from django.urls import path

from daihoi.elections.scanning import views

app_name = "scanning"
urlpatterns = [
    path("round/<int:pk>/", views.scans, name="scans"),
    path("batch/<int:pk>/", views.batch, name="batch"),
    path("batch/<int:pk>/review/", views.review, name="review"),
    path("batch/<int:pk>/join/", views.join, name="join"),
    path("ballot/<int:pk>.jpg", views.image, name="image"),
]
