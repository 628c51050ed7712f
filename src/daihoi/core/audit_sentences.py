"""Core's audit verbs (accounts) as a clerk reads them."""

from django.utils.translation import gettext_lazy as _

SENTENCES = {
    "user_create": _("Tạo tài khoản «{record}»"),
    "user_update": _("Sửa tài khoản «{record}»"),
    "user_set_roles": _("Đổi vai trò của tài khoản «{record}»"),
    "user_reset_password": _("Đặt lại mật khẩu của tài khoản «{record}»"),
    "user_activate": _("Khóa hoặc mở tài khoản «{record}»"),
    "password_change": _("Đổi mật khẩu của chính mình («{record}»)"),
}
