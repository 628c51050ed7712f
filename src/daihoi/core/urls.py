from django.contrib.auth import views as auth_views
from django.urls import include, path

from daihoi.core import views

urlpatterns = [
    path("app/", views.home, name="home"),
    path("status/", views.status, name="status"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(),
         name="password_change_done"),
    path("session/ping/", views.session_ping, name="session_ping"),
    path("", include("daihoi.core.urls_admin")),
]
