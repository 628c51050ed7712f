from django.urls import path

from daihoi.organizations import views_io

app_name = "io"

urlpatterns = [
    path("members/import/", views_io.members_import, name="members_import"),
    path("members/import/template.xlsx", views_io.members_template, name="members_template"),
    path("members/import/errors/<int:job_id>.xlsx", views_io.error_report, name="error_report"),
    path("members/export/", views_io.members_export, name="members_export"),
    path("organizations/import/", views_io.organizations_import, name="organizations_import"),
    path("organizations/import/template.xlsx", views_io.organizations_template,
         name="organizations_template"),
    path("organizations/export/", views_io.organizations_export, name="organizations_export"),
]
