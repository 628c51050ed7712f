"""Import of the delegate list from Excel: all or nothing, every error by row and column.

Columns (headers matched without diacritics or case): "Họ và tên" or "Số thẻ đảng viên"
(to find the member; the card number wins when both are given), "Loại" (chính thức / dự
khuyết), "Hình thức" (đương nhiên / bầu / chỉ định), "Đơn vị" (the organization the
delegate represents; the member's own organization when empty), optional "Số thẻ đại
biểu" (the delegate number; the next free numbers when empty).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from daihoi.congress.models import Congress, Delegate
from daihoi.core.audit import audit_create_bulk
from daihoi.core.models import User
from daihoi.core.permissions import require_role
from daihoi.core.roles import Role
from daihoi.organizations.models import Member, Organization
from daihoi.rules import names

HEADERS = {
    "full_name": ("ho va ten", "ho ten", "ten"),
    "card": ("so the dang vien", "so the dang", "the dang vien"),
    "kind": ("loai", "loai dai bieu"),
    "origin": ("hinh thuc", "nguon"),
    "unit": ("don vi", "doan", "to chuc"),
    "number": ("so the dai bieu", "so dai bieu", "so the"),
}
KIND_WORDS = {"chinh thuc": Delegate.Kind.OFFICIAL, "du khuyet": Delegate.Kind.ALTERNATE}
ORIGIN_WORDS = {
    "duong nhien": Delegate.Origin.EX_OFFICIO,
    "bau": Delegate.Origin.ELECTED,
    "duoc bau": Delegate.Origin.ELECTED,
    "chi dinh": Delegate.Origin.APPOINTED,
}

NOT_XLSX = _("Tệp không đọc được như một bảng tính Excel (.xlsx).")
EMPTY_SHEET = _("Bảng tính không có dòng dữ liệu nào.")
MISSING_ID_COLUMN = _("Thiếu cột «Họ và tên» hoặc «Số thẻ đảng viên» ở dòng tiêu đề.")
NO_MEMBER_NAMED = _("Không có đảng viên tên «{value}».")
MANY_MEMBERS_NAMED = _("Có {count} đảng viên tên «{value}»: ghi thêm số thẻ đảng viên.")
NO_MEMBER_CARD = _("Không có đảng viên số thẻ «{value}».")
MEMBER_INACTIVE = _("«{value}» không còn là đảng viên đang sinh hoạt.")
EMPTY_ID = _("Trống cả họ tên và số thẻ đảng viên.")
BAD_KIND = _("«{value}» không phải loại đại biểu (chính thức / dự khuyết).")
BAD_ORIGIN = _("«{value}» không phải hình thức (đương nhiên / bầu / chỉ định).")
NO_UNIT = _("Không có tổ chức đảng «{value}».")
BAD_NUMBER = _("«{value}» không phải số thẻ đại biểu (số nguyên dương).")
DUPLICATE_IN_FILE = _("Đảng viên này đã có ở dòng {row}.")
DUPLICATE_NUMBER_IN_FILE = _("Số thẻ đại biểu {value} đã dùng ở dòng {row}.")
ALREADY_DELEGATE = _("Đảng viên «{value}» đã là đại biểu của đại hội.")
NUMBER_IN_USE = _("Số thẻ đại biểu {value} đã cấp cho đại biểu khác.")


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"Dòng {self.row}, cột «{self.column}»: {self.message}"


class ImportFailed(Exception):
    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("; ".join(str(e) for e in errors[:5]))
        self.errors = errors


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def read_rows(data: bytes) -> tuple[dict[str, str], list[tuple[int, dict[str, str]]]]:
    """The header map (our key -> the header as written) and the data rows by row number."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a non-xlsx file
        raise ImportFailed([RowError(1, "—", str(NOT_XLSX))]) from exc
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        raise ImportFailed([RowError(1, "—", str(EMPTY_SHEET))])
    columns: dict[str, int] = {}
    written: dict[str, str] = {}
    for index, cell in enumerate(header):
        folded = names.fold(_text(cell)).strip(" :*")
        for key, options in HEADERS.items():
            if key not in columns and folded in options:
                columns[key] = index
                written[key] = _text(cell)
    if "full_name" not in columns and "card" not in columns:
        raise ImportFailed([RowError(1, "Họ và tên", str(MISSING_ID_COLUMN))])
    out = []
    for number, values in enumerate(rows, start=2):
        row = {key: _text(values[i]) if i < len(values) else "" for key, i in columns.items()}
        if any(row.values()):
            out.append((number, row))
    if not out:
        raise ImportFailed([RowError(2, "—", str(EMPTY_SHEET))])
    book.close()
    return written, out


def _org_lookup() -> dict[str, Organization]:
    table: dict[str, Organization] = {}
    for org in Organization.objects.filter(dissolved_on__isnull=True):
        for label in (org.name, org.short_name, org.code or ""):
            if label:
                table.setdefault(names.fold(label), org)
    return table


@transaction.atomic
def delegates_import(*, acting_user: User | None, congress: Congress, data: bytes) -> list[Delegate]:
    require_role(acting_user, Role.SECRETARIAT, Role.OFFICE)
    written, rows = read_rows(data)

    def col(key: str, default: str) -> str:
        return written.get(key, default)

    errors: list[RowError] = []
    by_card = {
        m.party_card_number: m
        for m in Member.objects.exclude(party_card_number=None).only(
            "id", "full_name", "status", "organization_id", "party_card_number"
        )
    }
    folded_names = {names.fold(r.get("full_name", "")) for _, r in rows} - {""}
    by_name: dict[str, list[Member]] = {}
    for m in Member.objects.filter(search_name__in=folded_names).only(
        "id", "full_name", "search_name", "status", "organization_id"
    ):
        by_name.setdefault(m.search_name, []).append(m)
    orgs = _org_lookup()
    taken_members = set(Delegate.objects.filter(congress=congress).values_list("member_id", flat=True))
    taken_numbers = set(
        Delegate.objects.filter(congress=congress).exclude(number=None).values_list("number", flat=True)
    )
    seen_members: dict[int, int] = {}
    seen_numbers: dict[int, int] = {}
    planned: list[
        tuple[int, Member, str, str, int | None, int | None]
    ] = []  # line, member, kind, origin, unit, number
    for line, row in rows:
        name, card = row.get("full_name", ""), row.get("card", "")
        member: Member | None = None
        if card:
            member = by_card.get(card)
            if member is None:
                errors.append(
                    RowError(line, col("card", "Số thẻ đảng viên"), str(NO_MEMBER_CARD).format(value=card))
                )
        elif name:
            found = by_name.get(names.fold(name), [])
            # The same folded name may hide several spellings: keep the exact one if unique.
            exact = [m for m in found if m.full_name == names.normalize_spaces(name)]
            found = exact if len(exact) == 1 else found
            if not found:
                errors.append(
                    RowError(line, col("full_name", "Họ và tên"), str(NO_MEMBER_NAMED).format(value=name))
                )
            elif len(found) > 1:
                errors.append(
                    RowError(
                        line,
                        col("full_name", "Họ và tên"),
                        str(MANY_MEMBERS_NAMED).format(count=len(found), value=name),
                    )
                )
            else:
                member = found[0]
        else:
            errors.append(RowError(line, col("full_name", "Họ và tên"), str(EMPTY_ID)))
        if member is not None:
            id_col = col("card", "Số thẻ đảng viên") if card else col("full_name", "Họ và tên")
            if member.status not in Member.ACTIVE_STATUSES:
                errors.append(RowError(line, id_col, str(MEMBER_INACTIVE).format(value=member.full_name)))
            elif member.pk in taken_members:
                errors.append(RowError(line, id_col, str(ALREADY_DELEGATE).format(value=member.full_name)))
            elif member.pk in seen_members:
                errors.append(
                    RowError(line, id_col, str(DUPLICATE_IN_FILE).format(row=seen_members[member.pk]))
                )
            else:
                seen_members[member.pk] = line
        kind_text = names.fold(row.get("kind", "")) or "chinh thuc"
        kind: str | None = KIND_WORDS.get(kind_text)
        if kind is None:
            errors.append(RowError(line, col("kind", "Loại"), str(BAD_KIND).format(value=row.get("kind"))))
        origin_text = names.fold(row.get("origin", "")) or "bau"
        origin: str | None = ORIGIN_WORDS.get(origin_text)
        if origin is None:
            origin = next((v for k, v in ORIGIN_WORDS.items() if origin_text.startswith(k)), None)
        if origin is None:
            errors.append(
                RowError(line, col("origin", "Hình thức"), str(BAD_ORIGIN).format(value=row.get("origin")))
            )
        unit_id: int | None = None
        if row.get("unit"):
            org = orgs.get(names.fold(row["unit"]))
            if org is None:
                errors.append(RowError(line, col("unit", "Đơn vị"), str(NO_UNIT).format(value=row["unit"])))
            else:
                unit_id = org.pk
        number: int | None = None
        if row.get("number"):
            text = row["number"].lower().removeprefix("db").strip()
            if not text.isdigit() or int(text) == 0:
                errors.append(
                    RowError(
                        line, col("number", "Số thẻ đại biểu"), str(BAD_NUMBER).format(value=row["number"])
                    )
                )
            else:
                number = int(text)
                if number in taken_numbers:
                    errors.append(
                        RowError(
                            line, col("number", "Số thẻ đại biểu"), str(NUMBER_IN_USE).format(value=number)
                        )
                    )
                elif number in seen_numbers:
                    errors.append(
                        RowError(
                            line,
                            col("number", "Số thẻ đại biểu"),
                            str(DUPLICATE_NUMBER_IN_FILE).format(value=number, row=seen_numbers[number]),
                        )
                    )
                else:
                    seen_numbers[number] = line
        if member is not None and kind is not None and origin is not None:
            planned.append((line, member, kind, origin, unit_id, number))
    if errors:
        raise ImportFailed(errors)
    used: set[int] = {n for n in taken_numbers if n is not None} | set(seen_numbers)
    next_free = max(used, default=0) + 1
    created = []
    for _line, member, kind, origin, unit_id, number in planned:
        if number is None:
            number = next_free
            next_free += 1
        created.append(
            Delegate(
                congress=congress,
                member=member,
                kind=kind,
                origin=origin,
                represents_id=unit_id or member.organization_id,
                number=number,
            )
        )
    Delegate.objects.bulk_create(created, batch_size=500)
    # bulk_create returns primary keys on PostgreSQL and SQLite 3.35+.
    if any(d.pk is None for d in created):
        raise ValidationError("bulk_create did not return primary keys")
    audit_create_bulk(actor=acting_user, objs=created, verb="import")
    return created
