from django.urls import path

from daihoi.core import views_jobs

app_name = "jobs"

urlpatterns = [
    path("jobs/<int:job_id>/", views_jobs.job_detail, name="detail"),
    path("jobs/<int:job_id>/progress/", views_jobs.job_progress, name="progress"),
    path("jobs/<int:job_id>/progress.json", views_jobs.job_progress_json, name="progress_json"),
    path("jobs/<int:job_id>/file/", views_jobs.job_output, name="file"),
]
