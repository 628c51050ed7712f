"""Fill the English catalogue of core from the table below, then run `daihoi compilemessages`.

    cd src/daihoi/core && ../../../.venv/bin/daihoi makemessages -l en \
        && ../../../.venv/bin/python locale/fill_en.py && ../../../.venv/bin/daihoi compilemessages

Entries already translated in the .po are kept; msgids missing from the table are listed.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

EN = {
    "Không tìm thấy đảng viên có số thẻ hoặc họ tên «{card}».":
        "No member has the party card number or full name “{card}”.",
    "Có {n} đảng viên tên «{name}»: hãy nhập số thẻ đảng viên.":
        "{n} members are named “{name}”: enter the party card number.",
    "Gắn với đảng viên (số thẻ hoặc họ tên)": "Linked member (party card number or full name)",
    "Tên đăng nhập": "Username",
    "Họ và tên": "Full name",
    "Email": "Email",
    "Vai trò": "Roles",
    "Gắn với đảng viên (số thẻ đảng viên)": "Linked member (party card number)",
    "Để trống nếu tài khoản không gắn với đảng viên nào.":
        "Leave empty if the account belongs to no member.",
    "Để trống để bỏ gắn.": "Leave empty to unlink.",
    "Người thực hiện": "By",
    "Loại bản ghi": "Record type",
    "Loại": "Action",
    "Từ ngày": "From",
    "Đến ngày": "To",
    "Tên bản ghi có chứa": "Record name contains",
    "Tất cả": "All",
    "Lỗi không mong đợi: {error}": "Unexpected error: {error}",
    "Tạo mới": "Created",
    "Sửa": "Changed",
    "Xóa": "Deleted",
    "Thao tác": "Action",
    "Thời điểm": "When",
    "Bản ghi": "Record",
    "Nhật ký thay đổi": "Audit log",
    "Đang chờ": "Waiting",
    "Đang chạy": "Running",
    "Hoàn thành": "Done",
    "Thất bại": "Failed",
    "Quản trị hệ thống": "System administrator",
    "Văn phòng / Ban Tổ chức": "Committee office",
    "Ban Tổ chức Đại hội / Đoàn Thư ký": "Congress secretariat",
    "Ban Kiểm phiếu": "Vote-counting committee",
    "Đại biểu": "Delegate",
    "Lãnh đạo (chỉ xem)": "Leader (read only)",
    "Tên đăng nhập «{username}» đã có người dùng.": "The username “{username}” is taken.",
    "Tên đăng nhập không được để trống.": "The username must not be empty.",
    "Đảng viên «{member}» đã gắn với tài khoản «{user}».":
        "Member “{member}” is already linked to the account “{user}”.",
    "Không thể tự khóa tài khoản của chính mình.": "You cannot deactivate your own account.",
    "Không thể tự bỏ vai trò Quản trị hệ thống của chính mình.":
        "You cannot remove the system administrator role from yourself.",
    "Vai trò không hợp lệ: {role}.": "Unknown role: {role}.",
    "Nhật ký": "Audit log",
    "Tài khoản": "Account",
    "Thay đổi": "Changes",
    "Hệ thống": "System",
    "Trường": "Field",
    "Trước": "Before",
    "Sau": "After",
    "Giá trị trước khi xóa": "Values before deletion",
    "Giá trị ban đầu": "Initial values",
    "trường": "fields",
    "Không có thay đổi nào.": "No changes.",
    "Mới hơn": "Newer",
    "Trang": "Page",
    "Cũ hơn": "Older",
    "Lọc": "Filter",
    "Bỏ lọc": "Clear",
    "Xuất Excel": "Export to Excel",
    "Lịch sử thay đổi": "Change history",
    "Bản ghi không còn": "Record no longer exists",
    "Thao tác của": "Changes made by",
    "Hệ thống quản lý Đảng bộ": "Party Committee management system",
    "Đổi mật khẩu": "Change password",
    "Đăng xuất": "Log out",
    "Phiên đăng nhập sắp hết hạn sau": "Your session expires in",
    "giây.": "seconds.",
    "Tiếp tục làm việc": "Stay logged in",
    "Xin chào": "Hello",
    "Các phần việc của bạn:": "Your work:",
    "Danh sách đảng viên": "Members",
    "Hệ thống tổ chức đảng": "Party organizations",
    "Các mục khác nằm trên thanh điều hướng phía trên.": "Everything else is in the top bar.",
    "Tác vụ": "Task",
    "Bắt đầu lúc %(at)s, người thực hiện: %(who)s.": "Started at %(at)s by %(who)s.",
    "Đang chuẩn bị…": "Preparing…",
    "Dòng": "Row",
    "Cột": "Column",
    "Giá trị": "Value",
    "Lỗi": "Error",
    "Còn %(n)s lỗi nữa không hiện ở đây: tải báo cáo lỗi để xem đủ.":
        "%(n)s more errors are not shown here: download the error report to see them all.",
    "Tạo tài khoản": "Create account",
    "Tài khoản và vai trò": "Accounts and roles",
    "Đã khóa": "Deactivated",
    "Mật khẩu tạm thời được tạo tự động và hiện một lần sau khi lưu.":
        "A temporary password is generated and shown once after saving.",
    "Lưu": "Save",
    "Gắn với đảng viên": "Linked member",
    "Tạo lúc": "Created",
    "Đăng nhập lần cuối": "Last login",
    "Đặt lại mật khẩu": "Reset password",
    "Tạo một mật khẩu tạm thời mới; mật khẩu cũ hết hiệu lực.":
        "Generates a new temporary password; the old one stops working.",
    "Khóa tài khoản": "Deactivate account",
    "Người này không đăng nhập được nữa; lịch sử thao tác được giữ nguyên.":
        "This person can no longer log in; their history is kept.",
    "Mở lại tài khoản": "Reactivate account",
    "Thao tác đã làm": "Changes made",
    "Tên đăng nhập hoặc họ tên": "Username or full name",
    "Tìm": "Search",
    "Trạng thái": "Status",
    "Đang hoạt động": "Active",
    "Đảng viên": "Member",
    "Hoạt động": "Active",
    "Không có tài khoản nào.": "No accounts.",
    "Mật khẩu tạm thời": "Temporary password",
    "Đã tạo tài khoản": "Account created",
    "Đã đặt lại mật khẩu": "Password reset",
    "Mật khẩu chỉ hiện một lần. Hãy chuyển cho người dùng và đề nghị đổi mật khẩu ngay sau "
    "khi đăng nhập.":
        "The password is shown only once. Pass it to the user and ask them to change it "
        "right after logging in.",
    "Về trang tài khoản": "Back to the account",
    "Tạm khóa đăng nhập": "Login temporarily locked",
    "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút hoặc liên hệ quản trị hệ thống.":
        "Too many failed logins. Try again in 15 minutes or contact the system administrator.",
    "Đăng nhập": "Log in",
    "Tên đăng nhập hoặc mật khẩu không đúng.": "Wrong username or password.",
    "Mật khẩu": "Password",
    "Đã đổi mật khẩu.": "Your password has been changed.",
    "Về trang chủ": "Back to the home page",
    "Có": "Yes",
    "Không": "No",
    "Mã bản ghi": "Record id",
    "… dừng ở %(n)s dòng: hãy lọc hẹp hơn.": "… stopped at %(n)s rows: narrow the filter.",
    "Đã lưu tài khoản %(user)s.": "Account %(user)s saved.",
    "Đã mở lại tài khoản %(user)s.": "Account %(user)s reactivated.",
    "Đã khóa tài khoản %(user)s.": "Account %(user)s deactivated.",
    "Đang ghi tệp Excel": "Writing the Excel file",
    "Đã xuất %(n)s dòng nhật ký.": "%(n)s audit log rows exported.",
    "Tải tệp Excel": "Download the Excel file",
    "Xuất nhật ký ra Excel": "Export the audit log to Excel",
    "Tác vụ không tiến triển đã hơn 10 phút: có thể máy chủ đã khởi động lại giữa chừng. "
    "Nếu là nhập dữ liệu thì chưa có gì được ghi; hãy chạy lại.":
        "The task has not moved for more than 10 minutes: the server may have restarted "
        "meanwhile. If it was an import, nothing was written; run it again.",
    "Mật khẩu cũ": "Old password",
    "Mật khẩu mới": "New password",
    "Nhập lại mật khẩu mới": "New password again",
}
# Entries with a context (pgettext / {% translate ... context "..." %}).
CONTEXT = {("menu", "Tài khoản"): "Accounts"}
PLURALS = {"%(n)s lỗi": ("%(n)s error", "%(n)s errors")}


_QUOTED = re.compile(r'^(?:msgid(?:_plural)? |msgstr(?:\[\d\])? )?"(.*)"$')


def _unquote(lines: list[str]) -> str:
    parts = []
    for line in lines:
        match = _QUOTED.match(line)
        if match is None:
            raise ValueError(f"not a quoted .po line: {line!r}")
        parts.append(match[1])
    return "".join(parts).replace('\\"', '"').replace("\\n", "\n")


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def fill(path: Path) -> list[str]:
    blocks = path.read_text(encoding="utf-8").split("\n\n")
    missing = []
    out = []
    for block in blocks:
        lines = block.split("\n")
        idx = next((i for i, ln in enumerate(lines) if ln.startswith("msgid ")), None)
        if idx is None:
            out.append(block)
            continue
        end = idx + 1
        while end < len(lines) and lines[end].startswith('"'):
            end += 1
        msgid = _unquote(lines[idx:end])
        if not msgid:  # the header: no longer a draft, and says its language
            block = block.replace("#, fuzzy\n", "").replace('"Language: \\n"', '"Language: en\\n"')
            out.append(block)
            continue
        # A fuzzy guess by makemessages is replaced by the table's translation.
        head = [ln for ln in lines[:idx] if ln != "#, fuzzy" and not ln.startswith("#|")]
        head = [ln.replace("#, fuzzy, ", "#, ") for ln in head]
        if end < len(lines) and lines[end].startswith("msgid_plural"):
            plural = PLURALS.get(msgid)
            if plural is None:
                missing.append(msgid)
                out.append(block)
                continue
            out.append("\n".join([*head, *lines[idx:end + 1],
                                  f"msgstr[0] {_quote(plural[0])}", f"msgstr[1] {_quote(plural[1])}"]))
            continue
        rest = [ln for ln in lines[end:] if ln.startswith(("msgstr", '"'))]
        current = _unquote(rest) if rest and rest[0].startswith("msgstr") else ""
        ctx_line = next((ln for ln in lines[:idx] if ln.startswith("msgctxt ")), None)
        if ctx_line is not None:
            english = CONTEXT.get((_unquote([ctx_line[len("msgctxt "):]]), msgid), "") or current
        else:
            english = EN.get(msgid) or current
        if not english:
            missing.append(msgid)
        out.append("\n".join([*head, *lines[idx:end], f"msgstr {_quote(english)}"]))
    path.write_text("\n\n".join(out).rstrip("\n") + "\n", encoding="utf-8")
    return missing


if __name__ == "__main__":
    po = Path(__file__).resolve().parent / "en" / "LC_MESSAGES" / "django.po"
    left = fill(po)
    for msgid in left:
        print("untranslated:", msgid, file=sys.stderr)
