"""Users administration and the audit log pages, namespaced "core:".

Login, logout and home stay un-namespaced in `daihoi.core.urls` (every template uses them)."""

from django.urls import path

from daihoi.core import views_audit, views_users

app_name = "core"

urlpatterns = [
    path("users/", views_users.user_list, name="user_list"),
    path("users/new/", views_users.user_new, name="user_new"),
    path("users/<int:pk>/", views_users.user_edit, name="user_edit"),
    path("users/<int:pk>/active/", views_users.user_set_active, name="user_set_active"),
    path("users/<int:pk>/password/", views_users.user_reset_password, name="user_reset_password"),
    path("audit/", views_audit.audit_list, name="audit_list"),
    path("audit/user/<int:pk>/", views_audit.audit_user, name="audit_user"),
    path("audit/<str:label>/<str:pk>/", views_audit.audit_record, name="audit_record"),
]
