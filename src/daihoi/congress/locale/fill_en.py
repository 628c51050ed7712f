# ruff: noqa: E501 - a table of sentences, one per line
"""Fill the English catalogue of the congress app from the table below, then compile.

    cd src/daihoi/congress && ../../../.venv/bin/daihoi makemessages -l en \
        --ignore "proceedings/*" --ignore "static/*" --ignore demo.py \
        && ../../../.venv/bin/python locale/fill_en.py && ../../../.venv/bin/daihoi compilemessages

Entries already translated in the .po are kept; msgids missing from the table are listed.
The printed documents (badges, the credentials report, the congress report PDF) stay in
Vietnamese: they are the congress's official papers.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

EN = {
    # forms and models
    "Đảng bộ": "Party committee", "Hình thức": "How chosen", "Lần thứ": "Ordinal",
    "Nhiệm kỳ từ năm": "Term from", "Nhiệm kỳ đến năm": "Term to", "Ngày khai mạc": "Opening day",
    "Ngày bế mạc": "Closing day", "Chủ đề": "Theme", "Địa điểm": "Venue", "Trạng thái": "Status",
    "Tên phiên": "Session name", "Ngày": "Date", "Giờ bắt đầu": "Starts at", "Phiên trù bị": "Preparatory session",
    "Tỷ lệ tối thiểu có mặt": "Quorum share",
    "Mặc định 2/3 số đại biểu triệu tập (đã trừ vắng cả đại hội).":
        "Default 2/3 of the delegates convened (less those absent for the whole congress).",
    "Căn cứ / ghi chú": "Basis / note", "Mã đảng viên": "Member id", "Loại đại biểu": "Delegate kind",
    "Đoàn / đơn vị": "Delegation / unit", "Số thẻ đại biểu": "Delegate number",
    "— đơn vị của đảng viên —": "— the member's unit —", "Tệp Excel (.xlsx)": "Excel file (.xlsx)",
    "Đại biểu dự khuyết thay thế": "Replacing alternate", "Lý do": "Reason", "Kết luận": "Conclusion",
    "Đủ tư cách": "Credentials accepted", "Không đủ tư cách": "Credentials rejected", "Họ và tên": "Full name",
    "Chức vụ": "Position", "Nhóm": "Group", "Dự các phiên": "Attends sessions", "Đảng viên": "Member",
    "Vai trò": "Role", "Kết quả biểu quyết": "Result of the vote",
    "Ví dụ: 100% đại biểu có mặt biểu quyết tán thành.": "For example: 100% of those present in favour.",
    "Đại hội đại biểu": "Delegates' congress", "Đại hội đảng viên": "Members' congress",
    "Chuẩn bị": "Planned", "Đang diễn ra": "In session", "Đã bế mạc": "Closed",
    "Quy tắc áp dụng": "Rules applied", "Đại hội": "Congress", "Phiên": "Session",
    "Phiên hiện tại": "Current session", "Phiên họp": "Session", "Chính thức": "Official",
    "Dự khuyết": "Alternate", "Đương nhiên (cấp ủy khóa đương nhiệm)": "Ex officio (outgoing committee)",
    "Được bầu từ đại hội cấp dưới": "Elected by a lower congress", "Được chỉ định": "Appointed",
    "Chưa thẩm tra": "Not reviewed", "Tư cách": "Credentials", "Thay cho đại biểu": "Replaces delegate",
    "Lý do thay thế": "Reason for replacement", "Vắng mặt cả đại hội": "Absent for the whole congress",
    "Đại biểu": "Delegates", "Điểm danh": "Check-in", "Lãnh đạo cấp trên": "Leaders of the higher level",
    "Nguyên lãnh đạo qua các thời kỳ": "Former leaders", "Đại diện sở, ban, ngành": "Departments",
    "Khách mời khác": "Other guests", "Thứ tự": "Order", "Khách mời": "Guests", "Đoàn Chủ tịch": "Presidium",
    "Đoàn Thư ký": "Secretariat", "Ban Thẩm tra tư cách đại biểu": "Credentials committee",
    "Ban Kiểm phiếu": "Vote-counting committee", "Cơ quan": "Body",
    "Đã được Đại hội biểu quyết thông qua": "Approved by the congress", "Thời điểm thông qua": "Approved at",
    "Ghi chú biểu quyết": "Vote note", "Cơ quan giúp việc Đại hội": "Body of the congress",
    "Trưởng ban / Chủ trì": "Chair", "Thành viên": "Member", "Thành viên cơ quan Đại hội": "Member of a body",
    # import errors
    "Tệp không đọc được như một bảng tính Excel (.xlsx).": "The file cannot be read as an Excel sheet (.xlsx).",
    "Bảng tính không có dòng dữ liệu nào.": "The sheet has no data rows.",
    "Thiếu cột «Họ và tên» hoặc «Số thẻ đảng viên» ở dòng tiêu đề.":
        "The header row lacks a “Họ và tên” or “Số thẻ đảng viên” column.",
    "Không có đảng viên tên «{value}».": "No member is named “{value}”.",
    "Có {count} đảng viên tên «{value}»: ghi thêm số thẻ đảng viên.":
        "{count} members are named “{value}”: add the party card number.",
    "Không có đảng viên số thẻ «{value}».": "No member has party card number “{value}”.",
    "«{value}» không còn là đảng viên đang sinh hoạt.": "“{value}” is no longer an active member.",
    "Trống cả họ tên và số thẻ đảng viên.": "Both the name and the party card number are empty.",
    "«{value}» không phải loại đại biểu (chính thức / dự khuyết).":
        "“{value}” is not a delegate kind (chính thức / dự khuyết).",
    "«{value}» không phải hình thức (đương nhiên / bầu / chỉ định).":
        "“{value}” is not a way of choosing (đương nhiên / bầu / chỉ định).",
    "Không có tổ chức đảng «{value}».": "No party organization “{value}”.",
    "«{value}» không phải số thẻ đại biểu (số nguyên dương).": "“{value}” is not a delegate number (a positive whole number).",
    "Đảng viên này đã có ở dòng {row}.": "This member is already on row {row}.",
    "Số thẻ đại biểu {value} đã dùng ở dòng {row}.": "Delegate number {value} is already used on row {row}.",
    "Đảng viên «{value}» đã là đại biểu của đại hội.": "Member “{value}” is already a delegate of the congress.",
    "Số thẻ đại biểu {value} đã cấp cho đại biểu khác.": "Delegate number {value} belongs to another delegate.",
    # service errors
    "Đảng bộ này đã có Đại hội lần thứ {ordinal}.": "This committee already has congress number {ordinal}.",
    "Ngày bế mạc phải bằng hoặc sau ngày khai mạc.": "The closing day must be on or after the opening day.",
    "Một kỳ đại hội kéo dài từ một đến ba ngày (đang là {days} ngày).":
        "A congress lasts one to three days (this one {days}).",
    "Năm cuối nhiệm kỳ phải sau năm đầu nhiệm kỳ.": "The term must end after it starts.",
    "Ngày của phiên họp phải nằm trong thời gian đại hội ({start} – {end}).":
        "The session must fall within the congress ({start} – {end}).",
    "Đảng viên «{member}» đã là đại biểu của đại hội này (số {number}).":
        "Member “{member}” is already a delegate of this congress (number {number}).",
    "«{member}» không còn là đảng viên đang sinh hoạt.": "“{member}” is no longer an active member.",
    "Số thẻ đại biểu {number} đã cấp cho «{other}».": "Delegate number {number} belongs to “{other}”.",
    "Chỉ đại biểu dự khuyết mới được thay thế đại biểu chính thức.":
        "Only an alternate delegate can replace an official delegate.",
    "Chỉ đại biểu chính thức mới được thay thế.": "Only an official delegate can be replaced.",
    "Đại biểu «{delegate}» đã được thay thế bởi «{by}».": "Delegate “{delegate}” was already replaced by “{by}”.",
    "Đại biểu dự khuyết «{delegate}» đã thay thế một đại biểu khác.":
        "Alternate “{delegate}” already replaced another delegate.",
    "Đại biểu đương nhiên (cấp ủy viên khóa đương nhiệm) không được thay thế bằng đại biểu dự khuyết.":
        "An ex officio delegate (outgoing committee member) is not replaced by an alternate.",
    "Hai đại biểu không cùng một đại hội.": "The two delegates are not of the same congress.",
    "Phải ghi lý do thay thế.": "Give the reason for the replacement.",
    "Đại biểu dự khuyết «{delegate}» không đủ tư cách.": "Alternate “{delegate}” had credentials rejected.",
    "Phải ghi lý do khi kết luận không đủ tư cách.": "Give the reason when rejecting credentials.",
    "Đại hội chưa có phiên họp nào để điểm danh.": "The congress has no session to check in to.",
    "Đại biểu {name} (số {number}) đã điểm danh lúc {at}.": "Delegate {name} (number {number}) checked in at {at}.",
    "Đại biểu {name} chưa điểm danh phiên này.": "Delegate {name} has not checked in to this session.",
    "Đại biểu {name} đã đăng ký vắng mặt cả đại hội: không điểm danh được.":
        "Delegate {name} is recorded absent for the whole congress: cannot check in.",
    "Đại biểu {name} không đủ tư cách đại biểu: không điểm danh được.":
        "Delegate {name} had credentials rejected: cannot check in.",
    "Đại biểu {name} đã được thay thế bởi đại biểu dự khuyết: không điểm danh được.":
        "Delegate {name} was replaced by an alternate: cannot check in.",
    "Đại hội đã bế mạc: không điểm danh được nữa.": "The congress is closed: no more check-ins.",
    "Thẻ đại biểu này không thuộc đại hội đang điểm danh.": "This badge belongs to another congress.",
    "«{member}» không phải đại biểu chính thức của đại hội: không thể vào Ban Kiểm phiếu.":
        "“{member}” is not an official delegate of the congress: cannot sit on the vote-counting committee.",
    "«{member}» có tên trong danh sách bầu cử của đại hội: không thể vào Ban Kiểm phiếu "
    "(Quy chế bầu cử 190-QĐ/TW, Điều 8).":
        "“{member}” is on a candidate list of the congress: cannot sit on the vote-counting committee "
        "(Election rules 190-QĐ/TW, Article 8).",
    "«{member}» đã có trong {body}.": "“{member}” is already in the {body}.",
    "{body} đã được Đại hội biểu quyết thông qua; không sửa danh sách được nữa.":
        "The {body} was approved by the congress; its list can no longer change.",
    # templates
    "Đại hội của tôi": "My congress", "Tổng quan": "Overview", "Thẩm tra tư cách": "Credentials",
    "Đoàn Chủ tịch, Thư ký, các Ban": "Presidium, secretariat, committees", "Báo cáo Đại hội": "Congress report",
    "Các cơ quan giúp việc Đại hội": "Bodies of the congress",
    "Đoàn Chủ tịch, Đoàn Thư ký, các Ban": "Presidium, secretariat and committees", "Đã thông qua": "Approved",
    "Dự kiến": "Proposed", "Bỏ": "Remove", "Chưa có thành viên.": "No members yet.", "Thêm": "Add",
    "Kết quả biểu quyết, ví dụ: 100%% tán thành": "Result of the vote, e.g. 100%% in favour",
    "Ghi nhận Đại hội thông qua": "Record the congress's approval",
    "Ban Kiểm phiếu gồm các đại biểu chính thức không có tên trong danh sách bầu cử (Quy chế bầu cử 190-QĐ/TW, Điều 8).":
        "The vote-counting committee is made of official delegates who are on no candidate list "
        "(Election rules 190-QĐ/TW, Article 8).",
    "Điểm danh đại biểu": "Delegate check-in", "Gõ tên (không cần dấu) hoặc số thẻ, bấm":
        "Type a name (no diacritics needed) or a number, press", "để điểm danh người đầu danh sách;":
        "to check in the first match;", "để chọn.": "to choose.",
    "Họ tên hoặc số thẻ đại biểu…": "Delegate name or number…", "Tìm đại biểu": "Find a delegate",
    "Quét mã QR bằng camera": "Scan the QR code with the camera", "Tắt camera": "Stop the camera",
    "Đại biểu có mặt": "Delegates present", "Số tính tỷ lệ": "Base", "dự khuyết có mặt": "alternates present",
    "Đủ số lượng để tiến hành": "Quorum met", "Chưa đủ số lượng": "No quorum yet", "cần": "needs",
    "Vừa điểm danh": "Just checked in", "Ra về": "Leaves", "đang có mặt": "present",
    "không được điểm danh": "cannot check in", "dự khuyết": "alternate",
    "Không tìm thấy đại biểu.": "No delegate found.", "Trình duyệt không cho dùng camera.":
        "The browser does not allow the camera.",
    "Sửa": "Edit", "Đại biểu chính thức": "Official delegates", "Có mặt": "Present",
    "Thời gian, địa điểm": "Dates and venue", "Các phiên họp": "Sessions", "Giờ": "Time",
    "trù bị": "preparatory", "Đặt làm phiên hiện tại": "Make current", "Chưa có phiên họp.": "No sessions yet.",
    "Thêm phiên": "Add session", "Điều kiện tiến hành (tỷ lệ có mặt tối thiểu)": "Quorum",
    "Tỷ lệ áp dụng: %(share)s của %(base)s đại biểu (số triệu tập, trừ cấp ủy viên vắng cả đại hội và đại "
    "biểu vắng cả đại hội không có dự khuyết thay) = %(needed)s đại biểu.":
        "Share applied: %(share)s of %(base)s delegates (convened, less committee members absent for the "
        "whole congress and delegates absent for the whole congress with no alternate) = %(needed)s delegates.",
    "Đại hội đã xác nhận (ghi bởi %(by)s, %(at)s).": "Confirmed by the congress (recorded by %(by)s, %(at)s).",
    "Quy định chưa rõ: tỷ lệ này cần được Đại hội xác nhận.":
        "The rule is not settled: the congress must confirm this share.",
    "Ghi nhận Đại hội xác nhận": "Record the congress's confirmation", "Sửa đại hội": "Edit congress",
    "Thêm đại hội": "Add congress", "Sửa thông tin đại hội": "Edit the congress", "Lưu": "Save",
    "Tất cả đảng bộ": "All committees", "Nhiệm kỳ": "Term", "Thời gian": "Dates", "lần thứ": "number",
    "Chưa có đại hội nào.": "No congress yet.", "Thẩm tra tư cách đại biểu": "Credentials review",
    "Báo cáo thẩm tra tư cách đại biểu": "Credentials report",
    "Chưa thẩm tra / không đủ tư cách": "Not reviewed / rejected",
    "Căn cứ, ví dụ: Biên bản họp Ban Thẩm tra": "Basis, e.g. minutes of the credentials committee",
    "Kết luận đủ tư cách cho tất cả đại biểu chưa thẩm tra": "Accept the credentials of everyone not yet reviewed",
    "Ghi": "Record", "số": "number", "Loại": "Kind", "Đơn vị": "Unit", "Vắng mặt": "Absent",
    "Được thay bởi": "Replaced by", "Thay cho": "Replaces", "Chưa điểm danh.": "Not checked in.",
    "Ghi kết luận": "Record the conclusion",
    "Đại biểu đang được ghi vắng mặt cả đại hội.": "The delegate is recorded absent for the whole congress.",
    "Bỏ ghi vắng mặt": "Clear the absence",
    "Vắng mặt cả đại hội (không có đại biểu dự khuyết thay thế): số tính tỷ lệ giảm đi một.":
        "Absent for the whole congress (no alternate): the base drops by one.",
    "Ghi vắng mặt cả đại hội": "Record absent for the whole congress",
    "Thay bằng đại biểu dự khuyết": "Replace by an alternate", "Ghi nhận thay thế": "Record the replacement",
    "Nhập danh sách đại biểu": "Import delegates", "Nhập danh sách đại biểu từ Excel": "Import the delegate list from Excel",
    "Dòng đầu là tiêu đề cột (không cần dấu): «Họ và tên» hoặc «Số thẻ đảng viên», «Loại» (chính thức / dự "
    "khuyết), «Hình thức» (đương nhiên / bầu / chỉ định), «Đơn vị», «Số thẻ đại biểu» (không bắt buộc).":
        "The first row holds the column titles (diacritics optional): “Họ và tên” or “Số thẻ đảng viên”, "
        "“Loại” (chính thức / dự khuyết), “Hình thức” (đương nhiên / bầu / chỉ định), “Đơn vị”, "
        "“Số thẻ đại biểu” (optional).",
    "Tải tệp mẫu (.xlsx)": "Download the template (.xlsx)",
    "Nhập tất cả hoặc không nhập gì: nếu có một dòng sai, không dòng nào được ghi.":
        "All or nothing: if one row is wrong, no row is written.",
    "Nhập": "Import", "Dòng": "Row", "Cột": "Column", "Lỗi": "Error", "Danh sách đại biểu": "Delegate list",
    "Xuất Excel": "Export to Excel", "Nhập từ Excel": "Import from Excel", "In thẻ đại biểu (PDF)": "Print badges (PDF)",
    "Tìm theo tên (không cần dấu) hoặc số thẻ": "Search by name (no diacritics needed) or number",
    "Mọi loại": "Every kind", "Mọi hình thức": "Every way", "Tư cách: tất cả": "Credentials: all",
    "Mọi đơn vị": "Every unit", "Điểm danh: tất cả": "Check-in: all", "Đang có mặt": "Present now",
    "Chưa có mặt": "Not present", "Lọc": "Filter", "%(total)s đại biểu": "%(total)s delegates", "Số": "No.",
    "vắng cả đại hội": "absent all congress", "thay thế": "replacing", "Không có đại biểu nào.": "No delegates.",
    "Thêm đại biểu": "Add a delegate", "Tìm đảng viên theo tên hoặc số thẻ đảng": "Find a member by name or party card",
    "Tìm": "Find", "Số thẻ (tự động)": "Number (automatic)",
    "Không tìm thấy đảng viên (hoặc đã là đại biểu).": "No member found (or already a delegate).",
    "Xóa": "Delete", "Chưa có khách mời.": "No guests yet.", "Thêm khách mời": "Add a guest", "số thẻ": "number",
    "Đã điểm danh phiên hiện tại.": "Checked in to the current session.",
    "Chưa điểm danh phiên hiện tại.": "Not checked in to the current session.",
    "Thẻ đại biểu của tôi (PDF)": "My badge (PDF)", "Báo cáo tóm tắt Đại hội": "Congress summary report",
    "Đại biểu chính thức dự / triệu tập": "Official delegates attending / convened",
    "Đảng viên được đại diện": "Members represented", "Tổ chức cơ sở đảng": "Grassroots organizations",
    "Không có.": "None.", "Các nội dung biểu quyết": "Votes taken",
    "Phần này hiện ra khi phân hệ biểu quyết (proceedings) có dữ liệu.":
        "This section appears when the votes module (proceedings) has data.",
    "Chưa có biểu quyết.": "No vote yet.", "Nội dung": "Subject", "Tán thành": "In favour",
    "Không tán thành": "Against", "Khác": "Other", "Kết quả": "Result", "Thông qua": "Adopted",
    "Không thông qua": "Not adopted", "Kết quả bầu cử": "Election results",
    "Phần này hiện ra khi phân hệ bầu cử có kết quả.": "This section appears when the elections module has results.",
    "Chưa có kết quả bầu cử.": "No election results yet.", "Chuyển sang %(name)s": "Switch to %(name)s", "Chương trình": "Agenda", "Màn hình hội trường": "Hall screen",
    # views
    "Đã tạo đại hội.": "Congress created.", "Đã lưu.": "Saved.", "Đã thêm phiên họp.": "Session added.",
    "Thông tin phiên họp chưa hợp lệ.": "The session details are not valid.", "Phiên hiện tại: %(name)s":
        "Current session: %(name)s",
    "Đã ghi nhận Đại hội xác nhận tỷ lệ tối thiểu có mặt.": "The congress's confirmation of the quorum is recorded.",
    "Thông tin đại biểu chưa hợp lệ.": "The delegate details are not valid.",
    "Đã thêm đại biểu %(name)s (số %(number)s).": "Delegate %(name)s added (number %(number)s).",
    "Số thẻ đảng viên": "Party card number", "Giới tính": "Gender", "Năm sinh": "Year of birth",
    "Vắng cả đại hội": "Absent all congress", "Có mặt phiên hiện tại": "Present in the current session",
    "Đã nhập %(n)s đại biểu.": "%(n)s delegates imported.", "Đã ghi nhận việc thay thế đại biểu.":
        "The replacement is recorded.", "Chọn đại biểu dự khuyết và ghi lý do.": "Choose an alternate and give the reason.",
    "Đã ghi kết luận thẩm tra tư cách.": "Credentials conclusion recorded.",
    "Đã kết luận đủ tư cách cho %(n)s đại biểu.": "Credentials accepted for %(n)s delegates.",
    "Dự khuyết (thay thế đại biểu chính thức)": "Alternate (replacing an official delegate)",
    "Độ tuổi (tính đến ngày khai mạc)": "Age (on the opening day)", "Dân tộc": "Ethnicity",
    "Trình độ chuyên môn": "Education", "Lý luận chính trị": "Political theory", "Tuổi đảng": "Party seniority",
    "Tổng số đại biểu chính thức được triệu tập: %(n)s; đại biểu dự khuyết: %(a)s.":
        "Official delegates convened: %(n)s; alternates: %(a)s.",
    "Đại biểu giữ tư cách chính thức tại Đại hội: %(s)s; có mặt: %(p)s; vắng mặt: %(ab)s.":
        "Delegates holding an official seat: %(s)s; present: %(p)s; absent: %(ab)s.",
    "Đại biểu trẻ tuổi nhất: %(y)s (%(ya)s tuổi); cao tuổi nhất: %(o)s (%(oa)s tuổi); tuổi bình quân %(avg)s.":
        "Youngest delegate: %(y)s (%(ya)s); oldest: %(o)s (%(oa)s); average age %(avg)s.",
    "Đại biểu có tuổi đảng cao nhất: %(l)s (%(la)s năm); thấp nhất: %(s)s (%(sa)s năm).":
        "Longest party seniority: %(l)s (%(la)s years); shortest: %(s)s (%(sa)s years).",
    "Đã ghi nhận.": "Recorded.", "Chưa có đại hội nào đang diễn ra.": "No congress is in session.",
    "Đã ghi nhận đại biểu %(name)s ra về.": "Delegate %(name)s has left.",
    "Đã điểm danh: %(name)s (số %(number)s).": "Checked in: %(name)s (number %(number)s).",
    "Đã thêm khách mời.": "Guest added.", "Chọn đảng viên.": "Choose a member.",
    "Đã ghi nhận Đại hội thông qua %(body)s.": "The congress's approval of the %(body)s is recorded.",
    "Ghi kết quả biểu quyết.": "Give the result of the vote.",
    "Thời gian: %(dates)s. Địa điểm: %(venue)s.": "Dates: %(dates)s. Venue: %(venue)s.",
    "Tham dự Đại hội có %(att)s/%(conv)s đại biểu chính thức, đại diện cho %(members)s đảng viên thuộc %(orgs)s "
    "tổ chức cơ sở đảng trong toàn Đảng bộ.":
        "%(att)s of %(conv)s official delegates attended, representing %(members)s members in %(orgs)s "
        "grassroots party organizations.",
    "Chủ đề: %(theme)s": "Theme: %(theme)s", "Cuộc bầu cử": "Election", "Trúng cử": "Elected",
    # credentials_report labels
    "Dưới 30 tuổi": "Under 30", "Từ 30 đến 40 tuổi": "30 to 40", "Từ 41 đến 50 tuổi": "41 to 50",
    "Từ 51 đến 60 tuổi": "51 to 60", "Trên 60 tuổi": "Over 60", "Dưới 10 năm": "Under 10 years",
    "Từ 10 đến dưới 20 năm": "10 to under 20 years", "Từ 20 đến dưới 30 năm": "20 to under 30 years",
    "Từ 30 năm trở lên": "30 years or more", "Dân tộc Kinh": "Kinh", "Dân tộc thiểu số": "Ethnic minorities",
    "Chưa ghi": "Not stated",
}
PLURALS = {"%(n)s lỗi — chưa ghi gì.": ("%(n)s error — nothing written.", "%(n)s errors — nothing written.")}
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
        head = [ln for ln in lines[:idx] if ln != "#, fuzzy"]
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
