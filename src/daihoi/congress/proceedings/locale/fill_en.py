"""Fill the English catalogue of the proceedings app from the table below, then compile it.

    cd src/daihoi/congress/proceedings && ../../../../.venv/bin/daihoi makemessages -l en \
        && ../../../../.venv/bin/python locale/fill_en.py && ../../../../.venv/bin/daihoi compilemessages

Entries already translated in the .po are kept; msgids missing from the table are listed.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

EN = {
    "Thủ tục": "Procedure",
    "Báo cáo": "Report",
    "Thảo luận": "Discussion",
    "Biểu quyết": "Votes",
    "Bầu cử": "Election",
    "Phiên": "Session",
    "Thứ tự": "Order",
    "Nội dung": "Item",
    "Loại": "Kind",
    "Người trình bày / điều hành": "Presenter / chair",
    "Giờ dự kiến": "Planned time",
    "Thời lượng (phút)": "Duration (minutes)",
    "Mục chương trình": "Agenda item",
    "Chương trình Đại hội": "Congress agenda",
    "Mục đang diễn ra": "Current item",
    "Người đang phát biểu": "Current speaker",
    "Trạng thái hội trường": "Hall state",
    "Báo cáo chính trị": "Political report",
    "Báo cáo kiểm điểm của Ban Chấp hành": "Review report of the executive committee",
    "Dự thảo Nghị quyết": "Draft resolution",
    "Kỷ yếu tham luận": "Book of contributions",
    "Tài liệu khác": "Other document",
    "Tên tài liệu": "Document title",
    "Tài liệu Đại hội": "Congress documents",
    "Phiên bản": "Version",
    "Tệp": "File",
    "Tên tệp gốc": "Original file name",
    "Dung lượng (byte)": "Size (bytes)",
    "Ghi chú": "Note",
    "Phiên bản tài liệu": "Document version",
    "Thông qua chương trình Đại hội": "Adopting the congress agenda",
    "Thông qua cơ quan giúp việc Đại hội": "Approving a body of the congress",
    "Số lượng cấp ủy viên khóa mới": "Number of committee members to elect",
    "Danh sách bầu cử": "Candidate list",
    "Thông qua Nghị quyết Đại hội": "Adopting the congress resolution",
    "Nội dung khác": "Other",
    "Giơ tay (Đoàn Thư ký nhập số)": "Show of hands (the secretariat enters counts)",
    "Trên thiết bị của đại biểu": "On the delegates' devices",
    "Chưa biểu quyết": "Not yet voted",
    "Đang biểu quyết": "Voting",
    "Đã có kết quả": "Result recorded",
    "Nội dung biểu quyết": "Subject",
    "Tiêu đề": "Title",
    "Cơ quan được thông qua": "Body approved",
    "Hình thức": "Mode",
    "Trạng thái": "Status",
    "Tán thành": "Agree",
    "Không tán thành": "Disagree",
    "Ý kiến khác": "Other opinion",
    "Có mặt": "Present",
    "Tổng số đại biểu được triệu tập (cơ sở tính)": "Delegates convened (the base)",
    "Được thông qua": "Adopted",
    "Thời điểm": "Time",
    "Phiếu biểu quyết trên thiết bị": "Device vote",
    "Tệp nghị quyết": "Resolution file",
    "Biểu quyết thông qua": "Adopting vote",
    "Nghị quyết Đại hội": "Congress resolution",
    "Tỷ lệ đảng viên hoàn thành tốt nhiệm vụ trở lên": "Share of members rated good or better",
    "Tỷ lệ đảng viên hoàn thành xuất sắc nhiệm vụ": "Share of members rated excellent",
    "Số đảng viên kết nạp mới": "New members admitted",
    "Tỷ lệ tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên":
        "Share of grassroots organizations rated good or better",
    "Số tổ chức đảng mới trong doanh nghiệp tư nhân": "New party organizations in private enterprises",
    "Khác": "Other",
    "người": "people",
    "tổ chức": "organizations",
    "hằng năm": "per year",
    "cả nhiệm kỳ": "whole term",
    "Số thứ tự": "Number",
    "Chỉ tiêu (nguyên văn)": "Target (as written)",
    "Chỉ số": "Metric",
    "Tên chỉ số (khi chọn Khác)": "Metric name (for Other)",
    "So sánh": "Comparison",
    "Giá trị": "Value",
    "Đơn vị": "Unit",
    "Kỳ": "Period",
    "Chỉ tiêu": "Target",
    "Tác giả": "Author",
    "Tổ chức cơ sở đảng": "Grassroots organization",
    "Tệp đính kèm": "Attachment",
    "Bài tham luận": "Contributions",
    "Xin phát biểu": "Asked to speak",
    "Trong danh sách phát biểu": "In the speakers' list",
    "Đang phát biểu": "Speaking",
    "Đã phát biểu": "Spoken",
    "Không bố trí": "Not given the floor",
    "Người phát biểu": "Speaker",
    "Thời gian (phút)": "Time (minutes)",
    "Lượt phát biểu": "Speech",
    "Danh sách phát biểu": "Speakers' list",
    "Mục chương trình không thuộc đại hội này.": "The agenda item belongs to another congress.",
    "Chưa chọn tệp.": "No file chosen.",
    "Tệp «{name}»: chỉ nhận PDF hoặc DOCX.": "File “{name}”: only PDF or DOCX is accepted.",
    "Tệp «{name}»: nội dung không phải {kind} (tệp hỏng hoặc đổi đuôi).":
        "File “{name}”: the content is not {kind} (damaged or renamed file).",
    "Tệp «{name}» dung lượng {size} MB, vượt giới hạn {limit} MB.":
        "File “{name}” is {size} MB, over the limit of {limit} MB.",
    "Biểu quyết này làm trên thiết bị: số phiếu do hệ thống đếm.":
        "This vote is taken on devices: the system counts it.",
    "Biểu quyết này bằng giơ tay: Đoàn Thư ký nhập số phiếu.":
        "This vote is by show of hands: the secretariat enters the counts.",
    "Biểu quyết «{title}» đã có kết quả lúc {at}.":
        "The vote “{title}” already has a result, recorded at {at}.",
    "Biểu quyết «{title}» chưa mở hoặc đã kết thúc.": "The vote “{title}” is not open or has ended.",
    "Biểu quyết «{title}» đang mở.": "The vote “{title}” is open.",
    "Chưa có số đại biểu triệu tập / có mặt: kiểm tra danh sách đại biểu và điểm danh.":
        "No delegates convened or present: check the delegate list and the check-in.",
    "Số phiếu không hợp lệ: {reason}": "Invalid counts: {reason}",
    "Biểu quyết thông qua cơ quan giúp việc phải chọn cơ quan.":
        "A vote approving a body must name the body.",
    "Tài khoản này không phải đại biểu chính thức của đại hội.":
        "This account is not an official delegate of the congress.",
    "Đồng chí đã biểu quyết nội dung này.": "You have already voted on this.",
    "Đồng chí chưa điểm danh phiên họp này: chưa biểu quyết được.":
        "You are not checked in to this session: you cannot vote yet.",
    "Lựa chọn không hợp lệ.": "Invalid choice.",
    "Chỉ tiêu số {number}: giá trị «{value}» không phải là số.":
        "Target {number}: value “{value}” is not a number.",
    "Bài tham luận cần nội dung hoặc tệp đính kèm.": "A contribution needs a text or an attached file.",
    "Chỉ đại biểu của đại hội mới đăng ký phát biểu được.":
        "Only delegates of the congress can ask to speak.",
    "Đồng chí đã có tên trong danh sách phát biểu.": "You are already in the speakers' list.",
    "Chương trình": "Agenda",
    "Màn hình hội trường": "Hall screen",
    "Nội dung đang diễn ra": "Now",
    "Đại biểu có mặt": "Delegates present",
    "Đủ điều kiện tiến hành": "Quorum met",
    "Chưa đủ": "No quorum",
    "cần": "needs",
    "của": "of",
    "Đại biểu đang phát biểu": "Speaking",
    "Kết quả biểu quyết": "Vote result",
    "ĐƯỢC THÔNG QUA": "ADOPTED",
    "KHÔNG ĐƯỢC THÔNG QUA": "NOT ADOPTED",
    "Kết quả bầu cử": "Election result",
    "lần": "round",
    "Tài liệu": "Documents",
    "Nghị quyết": "Resolution",
    "tán thành": "agree",
    "không tán thành": "disagree",
    "ý kiến khác": "other",
    "có mặt": "present",
    "Mục trước": "Previous item",
    "Mục tiếp theo": "Next item",
    "Phím tắt:": "Keys:",
    "mục tiếp theo": "next item",
    "mục trước": "previous item",
    "Giờ": "Time",
    "Loại nội dung": "Kind",
    "Trình bày / điều hành": "Presenter / chair",
    "Phút": "Min.",
    "Đang diễn ra": "Now",
    "Chuyển hội trường sang mục này": "Move the hall to this item",
    "Bắt đầu": "Start",
    "Lên": "Up",
    "Xuống": "Down",
    "Xóa mục này?": "Delete this item?",
    "Xóa": "Delete",
    "Sửa": "Edit",
    "Trình bày": "Presenter",
    "Lưu": "Save",
    "Chưa có chương trình.": "No agenda yet.",
    "Việc thông qua chương trình Đại hội là một biểu quyết:": "Adopting the agenda is itself a vote:",
    "xem Biểu quyết": "see Votes",
    "Thêm mục chương trình": "Add an agenda item",
    "Thêm": "Add",
    "Thảo luận, tham luận": "Discussion and contributions",
    "Kết thúc": "End",
    "Chưa có ai đang phát biểu.": "Nobody is speaking.",
    "xin phát biểu": "asks to speak",
    "phút": "min",
    "Nhận": "Accept",
    "Mời phát biểu": "Give the floor",
    "Danh sách trống.": "The list is empty.",
    "Kéo thả để đổi thứ tự, hoặc chọn một dòng rồi nhấn": "Drag to reorder, or select a row and press",
    "Nội dung muốn phát biểu": "What you want to speak about",
    "Theo bài tham luận": "From a contribution",
    "Hoặc người phát biểu": "Or a speaker",
    "Thêm vào danh sách": "Add to the list",
    "Kỷ yếu tham luận (PDF)": "Book of contributions (PDF)",
    "tệp": "file",
    "Chưa có bài tham luận.": "No contributions yet.",
    "Gửi bài tham luận": "Submit a contribution",
    "Hoặc tệp (PDF/DOCX)": "Or a file (PDF/DOCX)",
    "Gửi": "Submit",
    "Chỉ đại biểu của Đại hội này và cán bộ phục vụ Đại hội xem được tài liệu.":
        "Only the delegates of this congress and its staff can see these documents.",
    "Loại tài liệu": "Kind",
    "Bản mới nhất": "Latest version",
    "Các bản trước": "Earlier versions",
    "Tải về": "Download",
    "Chưa có tài liệu.": "No documents yet.",
    "Thêm tài liệu": "Add a document",
    "Tệp (PDF hoặc DOCX, tối đa 20 MB)": "File (PDF or DOCX, at most 20 MB)",
    "Tải lên": "Upload",
    "Tải lên phiên bản mới": "Upload a new version",
    "Ghi chú (sửa đổi gì)": "Note (what changed)",
    "Đã được Đại hội biểu quyết thông qua": "Adopted by the congress",
    "không thông qua": "not adopted",
    "Dự thảo": "Draft",
    "Các chỉ tiêu": "Targets",
    "Chưa có chỉ tiêu.": "No targets yet.",
    "Chỉ tiêu dạng máy đọc (JSON)": "Targets, machine-readable (JSON)",
    "Thêm chỉ tiêu từ văn bản": "Add targets from text",
    "Dán câu chỉ tiêu, hệ thống gợi ý dạng máy đọc để đồng chí xác nhận":
        "Paste the target sentence; the system suggests the machine form for you to confirm",
    "Gợi ý": "Suggest",
    "Không nhận ra chỉ tiêu nào trong câu này; nhập tay bên dưới.":
        "No target recognised in this sentence; enter it by hand below.",
    "Xác nhận và thêm": "Confirm and add",
    "Thêm chỉ tiêu": "Add target",
    "Nội dung Nghị quyết": "Resolution text",
    "Nội dung (dán văn bản)": "Text (paste)",
    "Tải lên tệp nghị quyết (PDF/DOCX)": "Upload the resolution file (PDF/DOCX)",
    "Tệp đã tải lên (tệp mới thành phiên bản mới)": "Uploaded file (a new file becomes a new version)",
    "có mặt / cơ sở tính": "present / base",
    "ghi lúc": "recorded at",
    "người nhập": "entered by",
    "Nhập kết quả biểu quyết giơ tay": "Enter the show-of-hands result",
    "Có mặt lúc này: %(present)s; cơ sở tính: %(base)s. Số có mặt và cơ sở tính được ghi lại cùng kết quả.":
        "Present now: %(present)s; base: %(base)s. Both are recorded with the result.",
    "Chưa đủ số đại biểu cần có mặt (%(present)s/%(needed)s): Đoàn Chủ tịch quyết định có tiến hành "
    "biểu quyết hay không.":
        "Quorum not met (%(present)s/%(needed)s): the presidium decides whether to hold the vote.",
    "Ghi kết quả": "Record result",
    "Đoàn Thư ký sẽ nhập kết quả biểu quyết giơ tay.": "The secretariat enters the show-of-hands result.",
    "Đồng chí đã biểu quyết:": "You voted:",
    "Biểu quyết công khai: tên đồng chí được ghi cùng lựa chọn.":
        "Open vote: your name is recorded with your choice.",
    "Mở biểu quyết": "Open the vote",
    "Kết thúc và công bố kết quả": "Close and announce the result",
    "Tất cả biểu quyết": "All votes",
    "Có mặt %(present)s/%(convened)s đại biểu; cơ sở tính kết quả: %(base)s. Được thông qua khi quá nửa "
    "cơ sở tính tán thành (không tính trên số có mặt).":
        "Present %(present)s/%(convened)s delegates; base of the result: %(base)s. Adopted when more than "
        "half of the base agree (not of those present).",
    "Có mặt / cơ sở": "Present / base",
    "Kết quả": "Result",
    "đã biểu quyết": "voted",
    "Biểu quyết ngay": "Vote now",
    "Thiết bị": "Device",
    "Giơ tay": "Hands",
    "Thông qua": "Adopted",
    "Không thông qua": "Not adopted",
    "Chưa có biểu quyết.": "No votes yet.",
    "Biểu quyết mới": "New vote",
    "Tiêu đề (để trống: theo nội dung)": "Title (empty: from the subject)",
    "Cơ quan": "Body",
    "Tạo": "Create",
    "Đã tải lên phiên bản %(n)s của «%(t)s».": "Version %(n)s of “%(t)s” uploaded.",
    "Đã thêm tài liệu «%(t)s».": "Document “%(t)s” added.",
    "Ô «%(f)s»: «%(v)s» không phải là số nguyên.": "Field “%(f)s”: “%(v)s” is not a whole number.",
    "Đã ghi kết quả biểu quyết «%(t)s».": "Result of “%(t)s” recorded.",
    "Đã ghi nhận biểu quyết của đồng chí.": "Your vote is recorded.",
    "Đã lưu Nghị quyết.": "Resolution saved.",
    "Đã thêm %(n)s chỉ tiêu.": "%(n)s targets added.",
    "Đã gửi bài tham luận.": "Contribution submitted.",
    "Đã gửi đăng ký phát biểu tới Đoàn Chủ tịch.": "Your request to speak went to the presidium.",
    "Phải ghi tên người phát biểu.": "The speaker's name is required.",
    "Số lượng": "Number",
    "Nội dung «{subject}» hoặc hình thức «{mode}» không có trong danh mục biểu quyết.":
        "Subject “{subject}” or mode “{mode}” is not a known kind of vote.",
    "Đã đưa kỷ yếu tham luận vào tài liệu Đại hội (phiên bản %(n)s).":
        "The book of contributions is now among the congress documents (version %(n)s).",
    "Đưa vào tài liệu Đại hội": "Add to the congress documents",
    "Chưa có đại hội nào đang diễn ra hoặc đang chuẩn bị.": "No congress is in session or being prepared.",
    "Cần ít nhất %(needed)s tán thành để thông qua.": "At least %(needed)s in favour are needed to adopt.",
    "Số lượng biểu quyết": "Number voted",
    "Biểu quyết số lượng cấp ủy viên phải ghi số lượng.":
        "A vote on the number of committee members needs the number.",
}

_QUOTED = re.compile(r'^(?:msgid(?:_plural)? |msgstr(?:\[\d\])? )?"(.*)"$')


def _unquote(lines: list[str]) -> str:
    return "".join(_QUOTED.match(ln)[1] for ln in lines).replace('\\"', '"').replace("\\n", "\n")  # type: ignore[index]


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def fill(path: Path) -> list[str]:
    """Line by line: each msgid (with its continuation lines) and the msgstr that follows."""
    lines = path.read_text(encoding="utf-8").split("\n")
    out: list[str] = []
    missing: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.startswith("msgid "):
            out.append(line.replace('"Language: \\n"', '"Language: en\\n"'))
            i += 1
            continue
        end = i + 1
        while end < len(lines) and lines[end].startswith('"'):
            end += 1
        msgid = _unquote(lines[i:end])
        out.extend(lines[i:end])
        s_end = end + 1
        while s_end < len(lines) and lines[s_end].startswith('"'):
            s_end += 1
        if not msgid:  # the header
            out.extend(ln.replace('"Language: \\n"', '"Language: en\\n"') for ln in lines[end:s_end])
        else:
            current = _unquote(lines[end:s_end]) if lines[end].startswith("msgstr") else ""
            english = EN.get(msgid) or current
            if not english:
                missing.append(msgid)
            out.append(f"msgstr {_quote(english)}")
        i = s_end
    text = "\n".join(out).replace("#, fuzzy\n", "")
    path.write_text(text, encoding="utf-8")
    return missing


if __name__ == "__main__":
    po = Path(__file__).resolve().parent / "en" / "LC_MESSAGES" / "django.po"
    gaps = fill(po)
    for msgid in gaps:
        print("missing:", msgid, file=sys.stderr)
    sys.exit(1 if gaps else 0)
