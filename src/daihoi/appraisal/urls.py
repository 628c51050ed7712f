from django.urls import path

from daihoi.appraisal import views

app_name = "appraisal"
urlpatterns = [
    path("", views.index, name="index"),
    path("results/", views.results, name="results"),
    path("results.xlsx", views.results_xlsx, name="results_xlsx"),
    path("<int:year>/", views.campaign, name="campaign"),
    path("<int:year>/close/", views.close, name="close"),
    path("<int:year>/reopen/", views.reopen, name="reopen"),
    path("<int:year>/import/", views.import_file, name="import"),
    path("<int:year>/cell/<int:org_id>/", views.entry, name="entry"),
    path("<int:year>/cell/<int:org_id>/grant/", views.grant, name="grant"),
    path("<int:year>/cell/<int:org_id>/grant/<int:grant_id>/revoke/", views.revoke, name="revoke"),
    path("<int:year>/organizations/<int:org_id>/", views.organizations_entry, name="organizations_entry"),
]
