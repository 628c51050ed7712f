"""The congress's and the hall's audit verbs as a clerk reads them
(`core.registry.register_audit_sentences`)."""

from django.utils.translation import gettext_lazy as _

SENTENCES = {
    "import": _("Nhập {type} «{record}» từ tệp"),
    "set_current": _("Chuyển sang {type} «{record}»"),
    "credentials": _("Thẩm tra tư cách đại biểu «{record}»"),
    "checkin": _("Điểm danh đại biểu «{record}»"),
    "checkout": _("Ghi đại biểu «{record}» ra khỏi hội trường"),
    "replaces": _("Đại biểu dự khuyết «{record}» thay đại biểu chính thức"),
    "replaced": _("Đại biểu «{record}» được thay bằng đại biểu dự khuyết"),
    "absent_whole_congress": _("Ghi đại biểu «{record}» vắng mặt cả đại hội"),
    "confirm_quorum": _("Xác nhận số đại biểu có mặt của {type} «{record}»"),
    "approved": _("Đại hội thông qua {type} «{record}»"),
    "current_item": _("Chuyển sang nội dung «{record}» của chương trình"),
    "current_speech": _("Mời phát biểu: «{record}»"),
    "reorder": _("Sắp xếp lại {type} «{record}»"),
    "result": _("Ghi kết quả {type} «{record}»"),
    "open": _("Mở {type} «{record}»"),
    "request": _("Đăng ký {type} «{record}»"),
}
