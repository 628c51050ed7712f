"""The register's audit verbs as a clerk reads them (`core.registry.register_audit_sentences`)."""

from django.utils.translation import gettext_lazy as _

SENTENCES = {
    "member_admit": _("Kết nạp đảng viên «{record}»"),
    "member_recognize_full": _("Công nhận đảng viên chính thức «{record}»"),
    "member_transfer": _("Chuyển sinh hoạt đảng viên «{record}»"),
    "member_transfer_out": _("Chuyển đảng viên «{record}» ra ngoài Đảng bộ"),
    "member_mark_deceased": _("Ghi đảng viên «{record}» từ trần"),
    "member_remove": _("Ghi đảng viên «{record}» ra khỏi Đảng"),
    "member_update": _("Sửa thông tin đảng viên «{record}»"),
    "member_correct": _("Đính chính hồ sơ đảng viên «{record}»"),
    "member_record_ceremony": _("Ghi ngày lễ kết nạp của đảng viên «{record}»"),
    "member_link_user": _("Gắn tài khoản đăng nhập cho đảng viên «{record}»"),
    "member_unlink_user": _("Bỏ gắn tài khoản đăng nhập của đảng viên «{record}»"),
    "member_import": _("Nhập đảng viên «{record}» từ tệp"),
    "member_import_file": _("Nhập {count} đảng viên từ tệp {file}"),
    "organization_import": _("Nhập tổ chức đảng «{record}» từ tệp"),
    "organization_import_file": _("Nhập {count} tổ chức đảng từ tệp {file}"),
    "organization_create": _("Thành lập tổ chức đảng «{record}»"),
    "organization_rename": _("Đổi tên tổ chức đảng «{record}»"),
    "organization_move": _("Chuyển tổ chức đảng «{record}» sang cấp trên khác"),
    "organization_dissolve": _("Giải thể tổ chức đảng «{record}»"),
    "admission_plan_set": _("Đặt chỉ tiêu kết nạp năm {year}: {planned} đảng viên"),
    "demo": _("Dữ liệu mẫu: {type} «{record}»"),
}
