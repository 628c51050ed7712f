from django.urls import path

from daihoi.organizations import views

app_name = "organizations"
urlpatterns = [
    path("organizations/", views.organization_tree, name="tree"),
    path("organizations/new/", views.organization_create, name="organization_create"),
    path("organizations/<int:pk>/", views.organization_detail, name="organization_detail"),
    path("organizations/<int:pk>/<slug:action>/", views.organization_action, name="organization_action"),
    path("members/", views.member_list, name="member_list"),
    path("members/admit/", views.member_admit, name="member_admit"),
    path("members/due/", views.members_due, name="members_due"),
    path("members/due.xlsx", views.members_due_xlsx, name="members_due_xlsx"),
    path("members/<int:pk>/", views.member_detail, name="member_detail"),
    path("members/<int:pk>/edit/", views.member_edit, name="member_edit"),
    path("members/<int:pk>/<slug:action>/", views.member_action, name="member_action"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/plan/", views.admission_plan_set, name="admission_plan_set"),
    path("dashboard/figures.xlsx", views.dashboard_xlsx, name="dashboard_xlsx"),
]
