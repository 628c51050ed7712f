# ruff: noqa: E501 - a table of sentences, one per line
"""Fill the English catalogue of the organizations app from the table below, then compile.

    cd /work/main && .venv/bin/python src/daihoi/organizations/locale/fill_en.py

It runs makemessages for this app only (also reading `_t(...)`, the views' alias of
gettext, which plain makemessages misses), writes the table's English, drops fuzzy flags,
compiles with `msgfmt --check`, and lists msgids missing from the table (exit status 1).
Column headers of the Excel files translate to words the importer also knows as aliases
(imports.py), so a file exported in English imports again in English.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

APP_DIR = Path(__file__).resolve().parent.parent
IGNORE = ["static/*", "locale/*", "demo.py", "management/*", "migrations/*"]

EN = {
    # Excel sheets and headers (exports.py, imports.py)
    "Đảng viên": "Party members", "Tổ chức đảng": "Party organizations", "Danh mục": "Lists",
    "Lỗi": "Errors", "Dữ liệu": "Data", "Tên tổ chức (tham khảo)": "Organization name (for reference)",
    "Dòng 2 là dòng mẫu: xóa hoặc ghi đè trước khi nhập.": "Row 2 is a sample: delete or overwrite it before importing.",
    "Có": "Yes", "Mã tổ chức": "Organization code", "Tên tổ chức": "Name", "Loại hình": "Type",
    "Trạng thái": "Status", "Giới tính": "Gender", "Dòng": "Row", "Cột": "Column", "Giá trị": "Value",
    "Họ và tên": "Full name", "Ngày sinh": "Date of birth", "Dân tộc": "Ethnicity",
    "Chi bộ / tổ chức": "Party cell / organization", "Ngày vào Đảng (ngày kết nạp)": "Admission date",
    "Chức vụ": "Position", "Trình độ chuyên môn": "Education", "Lý luận chính trị": "Political theory",
    "Tôn giáo": "Religion", "Điện thoại": "Phone", "Email": "Email", "Số thẻ đảng viên": "Party card number",
    "Miễn công tác và sinh hoạt đảng": "Exempt from party work and activities",
    "Số thẻ đảng viên (nếu cấp)": "Party card number (if issued)", "Chuyển đến tổ chức": "Transfer to organization",
    "Ngày chuyển": "Transfer date", "Ghi chú": "Note", "Nơi chuyển đến (ngoài Đảng bộ)": "Destination (outside the party committee)",
    "Ngày": "Date", "Tên viết tắt": "Short name", "Trực thuộc": "Parent", "Tên mới": "New name",
    "Chuyển về trực thuộc": "Move under", "Ngày giải thể": "Dissolved", "Năm": "Year",
    "Chỉ tiêu kết nạp": "Admission target", "số đảng viên": "number of members",
    # import errors and progress
    "Không được để trống.": "Required.",
    "Ngày không hợp lệ (ghi dd/mm/yyyy, ví dụ 02/09/1990).": "Invalid date (write dd/mm/yyyy, e.g. 02/09/1990).",
    "Ngày ở trong tương lai.": "The date is in the future.",
    "Ngày chính thức trước ngày vào Đảng.": "The full-member date is before the admission date.",
    "Ngày chính thức sớm hơn 12 tháng dự bị (sớm nhất là {earliest}).": "The full-member date is less than 12 months of probation after admission (earliest {earliest}).",
    "Ngày vào Đảng trước ngày sinh.": "The admission date is before the date of birth.",
    "Ngày chuyển đi / ra khỏi Đảng trước ngày vào Đảng.": "The date of leaving is before the admission date.",
    "Giới tính không hợp lệ (ghi Nam hoặc Nữ).": "Invalid gender (write Nam or Nữ, Male or Female).",
    "Trạng thái không hợp lệ (ghi một trong: {choices}).": "Invalid status (write one of: {choices}).",
    "Giá trị không hợp lệ (ghi Có hoặc để trống).": "Invalid value (write Yes or leave empty).",
    "Đảng viên chính thức phải có ngày chính thức.": "A full member must have a full-member date.",
    "Đảng viên dự bị không có ngày chính thức.": "A probationary member has no full-member date.",
    "Số thẻ đảng viên trùng với dòng {row}.": "Same party card number as row {row}.",
    "Số thẻ đảng viên đã có trong hệ thống.": "This party card number is already in the system.",
    "Không có tổ chức đảng có mã hoặc tên này.": "No party organization has this code or name.",
    "Có nhiều tổ chức cùng tên này: hãy ghi mã tổ chức.": "Several organizations have this name: write the organization code.",
    "Tổ chức đảng này đã giải thể.": "This party organization has been dissolved.",
    "Địa chỉ email không hợp lệ.": "Invalid email address.",
    "Dài quá {max} ký tự.": "Longer than {max} characters.",
    "Loại hình không hợp lệ (ghi một trong: {choices}).": "Invalid type (write one of: {choices}).",
    "Mã tổ chức trùng với dòng {row}.": "Same organization code as row {row}.",
    "Mã tổ chức đã có trong hệ thống.": "This organization code is already in the system.",
    "Không có tổ chức cấp trên này (trong hệ thống hoặc ở các dòng phía trên).": "No such parent organization (in the system or in the rows above).",
    "Chỉ đảng bộ cấp trên cơ sở mới được để trống tổ chức cấp trên.": "Only the party committee above grassroots level may have no parent.",
    "Đã có tổ chức cùng tên trực thuộc cùng tổ chức cấp trên.": "An organization with this name already exists under the same parent.",
    "Ngày giải thể trước ngày thành lập.": "The dissolution date is before the founding date.",
    "Thiếu cột bắt buộc «{column}».": "Required column “{column}” is missing.",
    "Cột «{column}» xuất hiện hai lần.": "Column “{column}” appears twice.",
    "Không tìm thấy dòng tiêu đề (các cột như «{example}») trong 10 dòng đầu.": "No header row (columns such as “{example}”) in the first 10 rows.",
    "Tệp không có dòng dữ liệu nào.": "The file has no data rows.",
    "Không đọc được tệp: {error}": "Cannot read the file: {error}",
    "Chỉ nhận tệp .xlsx hoặc .csv.": "Only .xlsx or .csv files are accepted.",
    "Dữ liệu trong hệ thống đã thay đổi trong lúc nhập (trùng số thẻ hoặc mã): không ghi gì, hãy nhập lại.": "The data changed during the import (a duplicate card number or code): nothing was written, import again.",
    "Đang đọc tệp": "Reading the file", "Đang kiểm tra các dòng": "Checking the rows",
    "Đang ghi vào cơ sở dữ liệu": "Writing to the database",
    "Đã nhập {count} đảng viên.": "Imported {count} party members.",
    "Đã nhập {count} tổ chức đảng.": "Imported {count} party organizations.",
    "Tệp có {count} lỗi: không ghi dòng nào. Sửa các lỗi dưới đây rồi nhập lại.": "The file has {count} errors: no row was written. Fix the errors below and import again.",
    # models
    "Ngày vào Đảng": "Admission date", "Ngày chính thức": "Full member date", "Tổ chức": "Organization",
    "Ngày chuyển đi / ra khỏi Đảng": "Left on", "Miễn sinh hoạt": "Exempt", "Mã": "Code", "Địa chỉ": "Address",
    "Ngày thành lập": "Established", "Đảng bộ (cấp trên cơ sở)": "Party committee (above grassroots)",
    "Đảng bộ cơ sở": "Grassroots party committee", "Chi bộ cơ sở": "Grassroots party cell",
    "Đảng bộ bộ phận": "Sub-committee", "Chi bộ trực thuộc": "Party cell",
    "Dự bị": "Probationary", "Chính thức": "Full", "Đã chuyển đi": "Transferred out", "Đã từ trần": "Deceased",
    "Đã ra khỏi Đảng": "Left the Party", "Nam": "Male", "Nữ": "Female", "Tài khoản": "Account",
    "Từ tổ chức": "From organization", "Đến tổ chức": "To organization", "Nơi chuyển đến": "Destination",
    "Chuyển sinh hoạt đảng": "Party transfer", "Chỉ tiêu kết nạp đảng viên": "Admission target",
    # audit actions (selectors.py)
    "Kết nạp": "Admitted", "Công nhận chính thức": "Recognize as a full member", "Chuyển sinh hoạt": "Transfer",
    "Chuyển ra ngoài Đảng bộ": "Transfer out of the party committee", "Từ trần": "Record death", "Ra khỏi Đảng": "Remove from the Party",
    "Sửa thông tin": "Edit details", "Dữ liệu mẫu": "Demo data",
    # services.py
    "Tên tổ chức không được để trống.": "The organization name is required.",
    "Tổ chức cấp trên đã giải thể.": "The parent organization has been dissolved.",
    "Không thể chuyển một tổ chức vào chính nó hoặc vào tổ chức cấp dưới của nó.": "An organization cannot be moved under itself or under one of its own units.",
    "Không thể chuyển tổ chức cao nhất.": "The top organization cannot be moved.",
    "Tổ chức đã giải thể.": "The organization has been dissolved.",
    "Không thể giải thể: tổ chức còn {count} đảng viên đang sinh hoạt.": "Cannot dissolve: the organization still has {count} active party members.",
    "Không thể giải thể: tổ chức còn {count} tổ chức trực thuộc chưa giải thể.": "Cannot dissolve: the organization still has {count} units not dissolved.",
    "Tổ chức đã giải thể, không thể thay đổi.": "The organization has been dissolved and cannot be changed.",
    "Họ và tên không được để trống.": "The full name is required.",
    "Ngày vào Đảng không được sau ngày hôm nay.": "The admission date cannot be after today.",
    "Ngày sinh phải trước ngày vào Đảng.": "The date of birth must be before the admission date.",
    "Tổ chức “{org}” đã giải thể.": "The organization “{org}” has been dissolved.",
    "Chỉ công nhận chính thức được đảng viên dự bị.": "Only a probationary member can be recognized as a full member.",
    "Chưa đủ 12 tháng dự bị: đảng viên đến hạn công nhận chính thức ngày {due:%d/%m/%Y}.": "Less than 12 months of probation: the member is due for recognition as a full member on {due:%d/%m/%Y}.",
    "Số thẻ đảng viên {card} đã cấp cho đảng viên khác.": "Party card number {card} was issued to another member.",
    "Đảng viên không còn sinh hoạt trong Đảng bộ.": "The member is no longer active in the party committee.",
    "Tổ chức chuyển đến trùng với tổ chức đang sinh hoạt.": "The destination is the member's current organization.",
    "Ngày không được sau ngày hôm nay.": "The date cannot be after today.",
    "Cần ghi nơi chuyển đến.": "Write the destination.",
    "Năm không hợp lệ.": "Invalid year.",
    # views.py (messages, dashboard workbook)
    "Đã tạo tổ chức “%s”.": "Created the organization “%s”.",
    "Đã lưu thay đổi của “%s”.": "Saved the changes to “%s”.",
    "Đã kết nạp đảng viên dự bị %s.": "Admitted %s as a probationary member.",
    "Đã lưu thông tin đảng viên.": "Saved the member's details.",
    "Đã ghi: %(what)s — %(who)s.": "Recorded: %(what)s — %(who)s.",
    "Ngày chính thức sẽ ghi là %s (đủ 12 tháng kể từ ngày kết nạp %s).": "The full-member date will be %s (12 months after admission on %s).",
    "Chỉ tiêu": "Target", "Đã lưu chỉ tiêu kết nạp năm %s.": "Saved the admission target for %s.",
    "Theo trạng thái": "By status", "Số liệu đảng viên ngày %s": "Party member figures on %s",
    "Số đảng viên": "Members", "Đang sinh hoạt": "Active", "Kết nạp theo năm": "Admissions by year",
    "Đạt (%)": "Achieved (%)", "Theo tổ chức": "By organization", "Tổ chức cơ sở đảng": "Grassroots party organizations",
    # templates
    "Ngày đủ 12 tháng": "12 months on", "Số ngày quá hạn": "Days overdue", "Công nhận": "Recognize",
    "Không có.": "None.", "trang %(p)s/%(n)s": "page %(p)s/%(n)s", "Số thẻ": "Card no.",
    "Không tìm thấy đảng viên nào.": "No party member found.", "Trang": "Pages", "Đầu": "First",
    "Trước": "Previous", "Trang trước": "Previous", "Trang sau": "Next", "Trang %(p)s / %(n)s": "Page %(p)s / %(n)s", "Sau": "Next", "Cuối": "Last",
    "Đến hạn chính thức": "Due for full membership", "Lưu": "Save", "Hủy": "Cancel",
    "Tổng quan": "Overview", "Tổng quan Đảng bộ": "Party committee overview",
    "Tải số liệu (Excel)": "Download figures (Excel)", "Đảng viên đang sinh hoạt": "Active party members",
    "Đến hạn chính thức tháng này": "Due for full membership this month", "%(n)s quá hạn": "%(n)s overdue",
    "Kết nạp đảng viên theo năm so với chỉ tiêu": "Admissions by year against the target",
    "Biểu đồ kết nạp": "Admissions chart", "Kết nạp và chỉ tiêu": "Admissions and targets", "Đạt": "Achieved",
    "Chỉ tiêu năm": "Target for a year", "Lưu chỉ tiêu": "Save target",
    "%(n)s tổ chức cơ sở đảng đông đảng viên nhất": "The %(n)s largest grassroots party organizations",
    "Xem toàn bộ hệ thống tổ chức": "See the whole organization tree", "Nhập / Xuất Excel": "Excel import / export",
    "Nhập đảng viên": "Import members", "Nhập tổ chức đảng": "Import organizations",
    "Danh sách đảng viên": "Party members", "Xuất danh sách đảng viên": "Export the member list",
    "Họ tên hoặc số thẻ": "Name or card number", "Tổ chức (gồm cả cấp dưới)": "Organization (including its units)",
    "Tất cả tổ chức": "All organizations", "Đang sinh hoạt (dự bị + chính thức)": "Active (probationary + full)",
    "Tất cả": "All", "Tải Excel (.xlsx)": "Download Excel (.xlsx)", "Tải CSV": "Download CSV",
    "Xuất danh sách tổ chức đảng": "Export the organization list",
    "Theo thứ tự cây: tổ chức cấp trên đứng trước cấp dưới, nên tệp nhập lại được.": "In tree order: a parent comes before its units, so the file can be imported again.",
    "Nhập từ Excel / CSV": "Import from Excel / CSV", "Tệp mẫu đảng viên": "Member template",
    "Tệp mẫu tổ chức": "Organization template",
    "Tổ chức đảng phải có trước khi nhập đảng viên của nó.": "Import an organization before its members.",
    "Nhập đảng viên từ Excel / CSV": "Import party members from Excel / CSV",
    "Nhập tổ chức đảng từ Excel / CSV": "Import party organizations from Excel / CSV",
    "Tệp .xlsx hoặc .csv": ".xlsx or .csv file",
    "Cả tệp được kiểm tra trước: nếu có một dòng sai thì không ghi dòng nào, và mọi lỗi được liệt kê theo dòng và cột.": "The whole file is checked first: if one row is wrong, no row is written, and every error is listed by row and column.",
    "Kiểm tra và nhập": "Check and import", "Tệp mẫu": "Template", "Tải tệp mẫu (.xlsx)": "Download the template (.xlsx)",
    "Dòng đầu là tiêu đề cột (viết có dấu hay không dấu đều được), dòng 2 là dòng mẫu: xóa trước khi nhập. Ngày ghi dd/mm/yyyy. CSV: mã UTF-8, dấu phẩy hoặc chấm phẩy.": "The first row holds the column headers (with or without diacritics), row 2 is a sample: delete it before importing. Dates as dd/mm/yyyy. CSV: UTF-8, comma or semicolon separated.",
    "Các cột": "Columns", "in đậm: bắt buộc": "bold: required", "Các lần nhập gần đây": "Recent imports",
    "Thời điểm": "Time", "Tệp": "File", "Kết quả": "Result", "Danh sách": "List",
    "Đảng viên dự bị, đến hạn công nhận chính thức ngày %(d)s.": "Probationary member, due for recognition as a full member on %(d)s.",
    "Thông tin": "Details", "Sinh hoạt đảng": "Party activity", "Quá trình chuyển sinh hoạt": "Transfer history",
    "Từ": "From", "Đến": "To", "Lịch sử thay đổi": "Change history", "Người thực hiện": "By",
    "Thao tác": "Action", "Thay đổi": "Changes", "Hệ thống": "System",
    "Chưa có thay đổi nào được ghi.": "No change recorded yet.", "Kết nạp đảng viên": "Admit a member",
    "Tìm theo họ tên (gõ không dấu được) hoặc số thẻ…": "Search by name (diacritics optional) or card number…",
    "Tìm đảng viên": "Search members", "Tìm": "Search", "để tìm": "to search", "để lọc": "to filter",
    "Đến hạn công nhận đảng viên chính thức": "Due for recognition as full members",
    "Ngày %(d)s. Đảng viên dự bị được công nhận chính thức khi đủ 12 tháng kể từ ngày kết nạp; ngày chính thức là ngày đủ 12 tháng, dù chi bộ xét muộn (Điều lệ Đảng, Điều 5).": "As of %(d)s. A probationary member is recognized as a full member after 12 months from admission; the full-member date is the day the 12 months are complete, even if the party cell decides later (Party Statute, Article 5).",
    "Đến hạn trong tháng này": "Due this month", "Quá hạn chưa công nhận": "Overdue, not yet recognized",
    "Đã giải thể %(d)s": "Dissolved %(d)s", "Đã chuyển đi / từ trần / ra khỏi Đảng": "Transferred out / deceased / left the Party",
    "Thêm tổ chức trực thuộc": "Add a unit", "Đổi tên": "Rename", "Chuyển trực thuộc": "Move",
    "Giải thể": "Dissolve", "Tổ chức trực thuộc": "Units", "Tên": "Name", "đã giải thể": "dissolved",
    "gồm cả các tổ chức trực thuộc": "including its units",
    "Tìm và lọc trong danh sách đảng viên": "Search and filter the member list",
    "Hệ thống tổ chức đảng": "Party organizations", "Mở tất cả": "Expand all", "Thu gọn": "Collapse",
    "Ẩn tổ chức đã giải thể": "Hide dissolved organizations", "Hiện cả tổ chức đã giải thể": "Show dissolved organizations",
    "Thêm tổ chức": "Add organization", "đang sinh hoạt": "active", "đảng viên": "members",
    "Mở / thu gọn": "Expand / collapse", "Thêm tổ chức đảng": "Add a party organization",
    "Đổi tên tổ chức": "Rename the organization", "Chuyển tổ chức sang trực thuộc khác": "Move the organization to another parent",
    "Giải thể tổ chức": "Dissolve the organization",
    "Đảng viên mới được ghi là dự bị; sau 12 tháng kể từ ngày kết nạp mới được công nhận chính thức (Điều lệ Đảng, Điều 5).": "A new member is recorded as probationary and may be recognized as a full member 12 months after admission (Party Statute, Article 5).",
    "Sửa thông tin đảng viên": "Edit member details", "Công nhận đảng viên chính thức": "Recognize as a full member",
    "Chuyển sinh hoạt đảng (trong Đảng bộ)": "Transfer within the party committee",
    "Chuyển sinh hoạt đảng ra ngoài Đảng bộ": "Transfer outside the party committee",
    "Ghi nhận đảng viên từ trần": "Record a member's death", "Đưa ra khỏi Đảng": "Remove from the Party",
    "Hãy chọn một tệp .xlsx hoặc .csv.": "Choose an .xlsx or .csv file.",
    "Tải báo cáo lỗi (.xlsx)": "Download the error report (.xlsx)", "Nhập tệp khác": "Import another file",
    "Xem danh sách đảng viên": "See the member list", "Xem cây tổ chức": "See the organization tree",
    "Nhập đảng viên từ tệp {name}": "Import party members from {name}",
    "Nhập tổ chức đảng từ tệp {name}": "Import party organizations from {name}",
}
PLURALS = {
    "%(n)s đảng viên": ("%(n)s party member", "%(n)s party members"),
    "Quá hạn %(n)s ngày.": ("%(n)s day overdue.", "%(n)s days overdue."),
    "%(n)s tổ chức cơ sở đảng trực thuộc": ("%(n)s grassroots party organization", "%(n)s grassroots party organizations"),
}
_QUOTED = re.compile(r'^(?:msgid(?:_plural)? |msgstr(?:\[\d\])? )?"(.*)"$')


def makemessages() -> None:
    """makemessages for this app only, also reading `_t(...)` (views alias `gettext as _t`)."""
    import os

    import django
    from django.core.management import call_command
    from django.core.management.commands import makemessages as mm

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "daihoi.settings")
    django.setup()

    class Command(mm.Command):
        xgettext_options = [*mm.Command.xgettext_options, "--keyword=_t"]

    os.chdir(APP_DIR)
    call_command(Command(), locale=["en"], ignore_patterns=IGNORE, verbosity=0)


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
    """Write the table's English into the .po; the table wins over what is there (a stale
    msgmerge guess must not survive), fuzzy flags go. Returns the msgids still untranslated."""
    text = path.read_text(encoding="utf-8")
    # msgmerge may glue the header to the first entry: split entries on their own lines
    text = re.sub(r'(?m)^((?:"|msgstr).*)\n(?=#|msgid )', "\\1\n\n", text)
    blocks = text.split("\n\n")
    missing = []
    out = []
    for block in blocks:
        lines = block.split("\n")
        idx = next((i for i, ln in enumerate(lines) if ln.startswith("msgid ")), None)
        if idx is None or lines[idx].startswith("#~"):
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
        head = [ln for ln in lines[:idx] if ln != "#, fuzzy" and not ln.startswith("#| ")]
        head = [ln.replace("#, fuzzy, ", "#, ") for ln in head]
        if end < len(lines) and lines[end].startswith("msgid_plural"):
            pend = end + 1
            while pend < len(lines) and lines[pend].startswith('"'):
                pend += 1
            plural = PLURALS.get(msgid)
            if plural is None:
                missing.append(msgid)
                out.append(block)
                continue
            out.append("\n".join([*head, *lines[idx:pend],
                                  f"msgstr[0] {_quote(plural[0])}", f"msgstr[1] {_quote(plural[1])}"]))
            continue
        english = EN.get(msgid, "")
        if not english:
            missing.append(msgid)
        out.append("\n".join([*head, *lines[idx:end], f"msgstr {_quote(english)}"]))
    path.write_text("\n\n".join(out).rstrip("\n") + "\n", encoding="utf-8")
    return missing


if __name__ == "__main__":
    import subprocess

    makemessages()
    po = APP_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po"
    left = fill(po)
    for msgid in left:
        print("untranslated:", repr(msgid), file=sys.stderr)
    # msgfmt --check verifies placeholders; compilemessages would not
    subprocess.run(["msgfmt", "--check", "-o", str(po.with_suffix(".mo")), str(po)], check=True)  # noqa: S603, S607
    sys.exit(1 if left else 0)
