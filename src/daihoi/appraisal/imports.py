"""A campaign's results from a spreadsheet, through core's import engine: each row names a
member by party card number; every row is checked (row, column, value, reason) before anything
is written, and the file is written whole or not at all."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from daihoi.appraisal import services
from daihoi.appraisal.models import LEVEL_CHOICES, Campaign
from daihoi.core.imports import (
    PHASE_VALIDATING,
    Column,
    ImportRejected,
    ImportResult,
    Prepared,
    ProgressFn,
    RowCheck,
    RowError,
    choice_map,
    file_error,
    is_blank,
    run_import,
)
from daihoi.core.models import User
from daihoi.organizations.models import Member
from daihoi.rules import appraisal as rules

COLUMNS = [
    Column("card", _("Số thẻ đảng viên"), aliases=("so the", "card number"), required=True, width=14),
    Column("name", _("Họ và tên"), aliases=("ho ten",), width=28),
    Column("score", _("Điểm tự đánh giá"), aliases=("diem", "score"), width=10),
    Column("proposed", _("Chi bộ đề xuất"), aliases=("de xuat",), width=26),
    Column("decided", _("Cấp ủy quyết định"), aliases=("quyet dinh", "xep loai"), width=26),
    Column("disciplined", _("Bị kỷ luật trong năm"), aliases=("ky luat",), width=10),
    Column("self_corrected", _("Tự phát hiện, khắc phục"), aliases=("tu khac phuc",), width=10),
    Column("sick", _("Số tháng nghỉ ốm"), aliases=("nghi om",), width=10),
    Column("suspended", _("Đình chỉ sinh hoạt"), aliases=("dinh chi",), width=10),
    Column("role_group", _("Nhóm chức danh"), aliases=("nhom",), max_length=80, width=20),
]

CARD_UNKNOWN = _("Không có đảng viên đang sinh hoạt mang số thẻ này.")
CARD_TWICE = _("Số thẻ này đã có ở dòng {row}.")
BAD_LEVEL = _("Mức xếp loại không có (ghi một trong bốn mức, ví dụ «Hoàn thành tốt nhiệm vụ»).")
BAD_FLAG = _("Ghi «x» hoặc «có» nếu đúng, để trống nếu không.")
BAD_NUMBER = _("Không phải là số.")
IMPORTED = _("Đã nhập kết quả xếp loại của {count} đảng viên.")

YES = {"x", "co", "có", "yes", "1", "true", "dung", "đúng"}
NO = {"", "khong", "không", "no", "0", "false"}
LEVELS = choice_map(LEVEL_CHOICES, {"htxsnv": "excellent", "httnv": "good", "htnv": "satisfactory",
                                    "khtnv": "not_completed"})


def _flag(check: RowCheck, key: str) -> bool:
    text = check.text(key).lower()
    if text in YES:
        return True
    if text not in NO:
        check.error(key, BAD_FLAG)
    return False


def _number(check: RowCheck, key: str, maximum: int) -> str:
    raw = check.raw(key)
    if raw is None or str(raw).strip() == "":
        return ""
    try:
        value = Decimal(str(raw).strip().replace(",", "."))
    except InvalidOperation:
        check.error(key, BAD_NUMBER)
        return ""
    if not value.is_finite() or not 0 <= value <= maximum:
        check.error(key, str(rules.ERR_SCORE).format(maximum=maximum, value=raw))
        return ""
    return str(value)


def validate(rows: Iterator[tuple[int, tuple[Any, ...]]], file: Prepared, campaign: Campaign,
             report: ProgressFn) -> tuple[list[services.EntryRow], list[RowError]]:
    cards = dict(Member.objects.filter(status__in=Member.ACTIVE_STATUSES, party_card_number__isnull=False)
                 .values_list("party_card_number", "id"))
    seen: dict[int, int] = {}
    out: list[services.EntryRow] = []
    errors: list[RowError] = []
    maximum = campaign.rule_set.max_score
    for number, values in rows:
        if is_blank(values, file.index):
            continue
        check = RowCheck(number, values, file.index, file.headers)
        card = check.text("card", required=True)
        member_id = cards.get(card) if card else None
        if card and member_id is None:
            check.error("card", CARD_UNKNOWN)
        elif member_id is not None and member_id in seen:
            check.error("card", str(CARD_TWICE).format(row=seen[member_id]))
        score = _number(check, "score", maximum)
        proposed = check.choice("proposed", LEVELS, lambda: str(BAD_LEVEL))
        decided = check.choice("decided", LEVELS, lambda: str(BAD_LEVEL))
        disciplined, corrected = _flag(check, "disciplined"), _flag(check, "self_corrected")
        suspended = _flag(check, "suspended")
        sick = _number(check, "sick", 12)
        group = check.text("role_group", max_length=80)
        errors += check.errors
        if member_id is not None and not check.errors:
            seen[member_id] = number
            out.append(services.EntryRow(member_id=member_id, score=score, proposed=proposed,
                                         decided=decided, disciplined=disciplined,
                                         self_corrected=corrected, sick_leave_months=sick,
                                         suspended=suspended, role_group=group))
        if len(out) % 1000 == 0:
            report(len(out), None, PHASE_VALIDATING)
    return out, errors


def import_file(*, acting_user: User | None, campaign: Campaign, path: Path | bytes,
                filename: str | None, progress: ProgressFn | None = None) -> ImportResult:
    def check(file: Prepared, report: ProgressFn) -> tuple[list[services.EntryRow], list[RowError]]:
        return validate(file.table.rows, file, campaign, report)

    def write(rows: list[services.EntryRow], report: ProgressFn) -> int:
        try:
            return services.member_appraisals_import(acting_user=acting_user, campaign=campaign, rows=rows)
        except ValidationError as exc:
            raise ImportRejected([file_error(m) for m in exc.messages]) from exc

    return run_import(source=path, filename=filename, columns=COLUMNS, progress=progress,
                      validate=check, write=write)
