"""The demo's logins, one per role; the password is the same for all (printed by `daihoi demo`)."""

from __future__ import annotations

from collections.abc import Callable

from daihoi.core.models import User
from daihoi.core.roles import Role
from daihoi.core.services import user_create

DEMO_PASSWORD = "daihoi2025"  # noqa: S105 - a demo login, printed on screen by design

DEMO_USERS = [
    ("admin", "Quản trị hệ thống", [Role.ADMIN]),
    ("vanphong", "Nguyễn Thị Lan (Văn phòng)", [Role.OFFICE]),
    ("thuky", "Trần Văn Hùng (Ban Tổ chức Đại hội)", [Role.SECRETARIAT]),
    ("kiemphieu", "Lê Thị Mai (Ban Kiểm phiếu)", [Role.COUNTING]),
    # The encrypted scheme's trustees: at least three members of the counting committee
    # with their own logins (issue 21).
    ("kiemphieu2", "Nguyễn Văn Hải (Ban Kiểm phiếu)", [Role.COUNTING]),
    ("kiemphieu3", "Trần Thị Thu (Ban Kiểm phiếu)", [Role.COUNTING]),
    ("lanhdao", "Phạm Minh Tuấn (Lãnh đạo)", [Role.LEADER]),
]


def build(*, seed: int, log: Callable[[str], None]) -> None:
    for username, full_name, roles in DEMO_USERS:
        if not User.objects.filter(username=username).exists():
            user = user_create(acting_user=None, username=username, password=DEMO_PASSWORD,
                               full_name=full_name, roles=roles)
            if Role.ADMIN in roles:
                user.is_superuser = user.is_staff = True
                user.save(update_fields=["is_superuser", "is_staff"])
    log(f"{len(DEMO_USERS)} tài khoản demo")
