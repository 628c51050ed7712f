"""The roles of the system. A user holds any number of them (as Django groups).

Congress-scoped duties (a member of one congress's counting committee) are granted by
the congress's bodies, not here: see `daihoi.congress.selectors`.
"""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Role(StrEnum):
    ADMIN = "admin"
    OFFICE = "office"
    SECRETARIAT = "secretariat"
    COUNTING = "counting"
    DELEGATE = "delegate"
    LEADER = "leader"
    COMMITTEE = "committee"
    INSPECTION = "inspection"

    @property
    def label(self) -> str:
        return str(ROLE_LABELS[self])


ROLE_LABELS = {
    Role.ADMIN: _("Quản trị hệ thống"),
    Role.OFFICE: _("Văn phòng / Ban Tổ chức"),
    Role.SECRETARIAT: _("Ban Tổ chức Đại hội / Đoàn Thư ký"),
    Role.COUNTING: _("Ban Kiểm phiếu"),
    Role.DELEGATE: pgettext_lazy("role", "Đại biểu"),
    Role.LEADER: _("Lãnh đạo (chỉ xem)"),
    Role.COMMITTEE: _("Ủy viên cấp ủy"),
    Role.INSPECTION: _("Ủy ban Kiểm tra"),
}

# Roles that may read every record of the committee (but change nothing unless
# another role lets them).
READ_ALL_ROLES = (Role.ADMIN, Role.OFFICE, Role.LEADER, Role.SECRETARIAT)
