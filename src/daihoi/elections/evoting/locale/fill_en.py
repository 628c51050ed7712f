# ruff: noqa: E501 - a table of sentences, one per line
"""Fill the English catalogue of the e-voting app from the table below, then compile.

    cd /work/main && .venv/bin/python src/daihoi/elections/evoting/locale/fill_en.py

It runs makemessages for this app only (also reading `_t(...)`), writes the table's
English, drops fuzzy flags, compiles with `msgfmt --check`, and lists msgids missing from
the table (exit status 1). Delegates are addressed as "Đồng chí" (comrade) in Vietnamese;
the English speaks to "you".
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

APP_DIR = Path(__file__).resolve().parent.parent
IGNORE = ["static/*", "locale/*", "migrations/*"]

EN = {
    # models
    "Bỏ phiếu điện tử của lần bầu": "Electronic voting of a round", "Xác nhận đã bỏ phiếu": "Voting receipt",
    "Phiếu bầu điện tử": "Electronic ballot", "Thứ tự trên phiếu": "Order on the ballot",
    # services
    "Cuộc bầu cử này không thuộc một đại hội: không bỏ phiếu điện tử được.": "This election does not belong to a congress: electronic voting is not possible.",
    "Đồng chí không phải đại biểu của đại hội này.": "You are not a delegate to this congress.",
    "Đồng chí không có quyền biểu quyết trong lần bầu này (đại biểu dự khuyết chưa thay thế, đã có người thay, hoặc không đủ tư cách).": "You have no vote in this round (an alternate who has not replaced anyone, a delegate who has been replaced, or credentials rejected).",
    "Đồng chí chưa điểm danh vào phiên họp này (hoặc đã ra về): hãy điểm danh tại bàn đón tiếp rồi bỏ phiếu.": "You are not checked in to this session (or have left): check in at the reception desk, then vote.",
    "Lần bầu này không đang mở bỏ phiếu điện tử.": "Electronic voting is not open in this round.",
    "Đồng chí đã bỏ phiếu trong lần bầu này. Mỗi đại biểu chỉ bỏ một phiếu.": "You have already voted in this round. Each delegate casts one ballot.",
    "Phiếu bầu không hợp lệ hoặc đã hết hạn: hãy tải lại trang phiếu bầu.": "The ballot is invalid or has expired: reload the ballot page.",
    "Phiếu gửi lên không đúng mẫu: hãy tải lại trang phiếu bầu.": "The ballot sent is malformed: reload the ballot page.",
    "Đồng chí đang bầu {kept} người, nhiều hơn số lượng cần bầu ({seats}). Hãy gạch bớt tên.": "You are voting for {kept} people, more than the seats to fill ({seats}). Strike out more names.",
    "Phiếu chưa bầu cho ai: phải bầu ít nhất một người.": "The ballot votes for no one: vote for at least one person.",
    "Phiếu không hợp lệ ({reason}).": "Invalid ballot ({reason}).",
    "Chỉ mở bỏ phiếu điện tử được cho lần bầu đang chuẩn bị.": "Electronic voting can only be opened for a round in preparation.",
    "Lần bầu này không đang bỏ phiếu điện tử.": "This round is not being voted electronically.",
    "Số phiếu ({ballots}) khác số đại biểu đã bỏ phiếu ({receipts}): không kiểm phiếu được, hãy báo quản trị hệ thống.": "The number of ballots ({ballots}) differs from the number of delegates who voted ({receipts}): the count cannot proceed; tell the system administrator.",
    # views
    "Phiếu bầu của đồng chí đã được ghi nhận.": "Your ballot has been recorded.",
    "Phiếu bầu này đã được ghi nhận từ trước (gửi lại không tính thêm).": "This ballot was already recorded (sending it again does not count twice).",
    "Đã mở bỏ phiếu điện tử.": "Electronic voting is open.",
    "Đã kết thúc bỏ phiếu: {n} phiếu đã được kiểm.": "Voting closed: {n} ballots counted.",
    # templates
    "Bỏ phiếu": "Vote", "Bỏ phiếu điện tử": "Electronic voting", "đại biểu có mặt": "delegates present",
    "Đã bỏ phiếu": "Voted", "Được triệu tập": "Convened",
    "Danh sách đại biểu đã bỏ phiếu (chỉ Ban Kiểm phiếu xem; không có nội dung phiếu)": "Delegates who have voted (vote-counting committee only; no ballot contents)",
    "Phiếu bầu": "Ballot", "Lần bầu %(n)s · Số lượng cần bầu: <b>%(seats)s</b>": "Round %(n)s · Seats to fill: <b>%(seats)s</b>",
    "Chọn “Đồng ý” hoặc “Không đồng ý” cho từng đồng chí. Dòng không chọn thì không tính cho đồng chí đó.": "Choose “Yes” or “No” for each person. A row left blank does not count for that person.",
    "Chạm vào tên để gạch tên đồng chí mà đồng chí không bầu; chạm lại để bỏ gạch.": "Tap a name to strike out someone you do not vote for; tap again to undo.",
    "Đồng ý": "Yes", "Không đồng ý": "No", "Bầu": "Kept", "Gạch tên": "Struck out", "Đang bầu": "Voting for",
    "Xem lại phiếu": "Review the ballot", "Xác nhận phiếu bầu": "Confirm your ballot", "Đồng chí bầu cho:": "You vote for:",
    "Sau khi gửi, phiếu không sửa được nữa.": "Once sent, the ballot cannot be changed.", "Gửi phiếu bầu": "Cast the ballot",
    "Sửa lại": "Change", "Phiếu bầu là bí mật: hệ thống chỉ ghi nhận đồng chí đã bỏ phiếu, không ghi ai bầu cho ai.": "The ballot is secret: the system records only that you voted, not who voted for whom.",
    "Về trang bỏ phiếu": "Back to voting", "Đồng chí đã bỏ phiếu": "You have voted", "Đang bỏ phiếu": "Voting open",
    "Lần bầu %(n)s": "Round %(n)s", "Nhận phiếu bầu": "Get your ballot",
    "Hiện không có lần bầu nào đang mở bỏ phiếu điện tử cho đồng chí.": "No round is open for electronic voting for you at the moment.",
    "Kết quả đã công bố": "Results announced", "lần %(n)s": "round %(n)s", "Trạng thái": "Status",
    "bỏ phiếu điện tử": "electronic voting", "Số lượng bầu": "Seats", "Số ứng cử viên": "Candidates",
    "Mở bỏ phiếu điện tử": "Open electronic voting",
    "Kết thúc bỏ phiếu và kiểm phiếu? Sau đó không ai bỏ phiếu được nữa.": "Close voting and count? After that no one can vote.",
    "Kết thúc bỏ phiếu và kiểm phiếu": "Close voting and count", "Kết quả kiểm phiếu": "Count result",
    "Bỏ phiếu điện tử – Ban Kiểm phiếu": "Electronic voting – vote-counting committee", "Cuộc bầu cử": "Election",
    "Lần": "Round", "điện tử": "electronic", "Điều khiển": "Manage",
    "Chưa có lần bầu nào của đại hội.": "The congress has no voting round yet.", "Kết quả bầu cử": "Election results",
    "Phiếu thu vào": "Ballots collected", "hợp lệ": "valid", "Tỷ lệ tính trên": "Percentages of", "đại biểu": "delegates",
    "TT": "No.", "Họ và tên": "Full name", "Số phiếu": "Votes", "Trúng cử": "Elected",
    "Kết quả lần bầu này chưa được công bố.": "The results of this round have not been announced yet.",
}
PLURALS: dict[str, tuple[str, str]] = {}
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
