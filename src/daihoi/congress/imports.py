"""Import of the delegate list from Excel: all or nothing, every error by row and column.

Columns (headers matched by core's import engine, `daihoi.core.imports`: Vietnamese or
English, with or without diacritics): "Họ và tên" or "Số thẻ đảng viên" (to find the
member; the card number wins when both are given), "Loại" (chính thức / dự khuyết),
"Hình thức" (đương nhiên / bầu / chỉ định), "Đơn vị" (the organization the delegate
represents; the member's own organization when empty), optional "Số thẻ đại biểu" (the
delegate number; the next free numbers when empty).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from daihoi.congress.models import Congress, Delegate
from daihoi.core.audit import audit_create_bulk
from daihoi.core.imports import Column, ImportRejected, UnreadableFile, header_key, is_blank, prepare
from daihoi.core.imports import RowError as RowError
from daihoi.core.models import User
from daihoi.core.permissions import require_role
from daihoi.core.roles import Role
from daihoi.organizations.models import Member, Organization
from daihoi.rules import names

COLUMNS = (
    Column("full_name", _("Họ và tên"), ("ho ten", "ten", "full name", "name")),
    Column("card", _("Số thẻ đảng viên"), ("so the dang", "the dang vien", "party card number",
                                           "card number")),
    Column("kind", _("Loại"), ("loai dai bieu", "kind", "type")),
    Column("origin", _("Hình thức"), ("nguon", "origin")),
    Column("unit", _("Đơn vị"), ("doan", "to chuc", "unit", "organization")),
    Column("number", _("Số thẻ đại biểu"), ("so dai bieu", "so the", "delegate number", "number")),
)
KIND_WORDS = {"chinh thuc": Delegate.Kind.OFFICIAL, "du khuyet": Delegate.Kind.ALTERNATE,
              "official": Delegate.Kind.OFFICIAL, "alternate": Delegate.Kind.ALTERNATE}
ORIGIN_WORDS = {
    "duong nhien": Delegate.Origin.EX_OFFICIO,
    "bau": Delegate.Origin.ELECTED,
    "duoc bau": Delegate.Origin.ELECTED,
    "chi dinh": Delegate.Origin.APPOINTED,
    "duoc chi dinh": Delegate.Origin.APPOINTED,
    "ex officio": Delegate.Origin.EX_OFFICIO,
    "elected": Delegate.Origin.ELECTED,
    "appointed": Delegate.Origin.APPOINTED,
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


class ImportFailed(ImportRejected):
    """The delegate import's rejection: every error, the first five in its message."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(errors)
        self.args = ("; ".join(str(e) for e in errors[:5]),)

    def __str__(self) -> str:
        return str(self.args[0])


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def read_rows(data: bytes) -> tuple[dict[str, str], list[tuple[int, dict[str, str]]]]:
    """The header map (our key -> the header as written) and the data rows by row number
    (rows empty in every column the import reads are left out)."""
    try:
        # One known header is enough to take a row for the header: the identity columns
        # are checked next, with their own message.
        file = prepare(data, COLUMNS, "upload.xlsx", min_hits=1)
    except UnreadableFile as exc:
        raise ImportFailed([RowError(1, "—", "", str(NOT_XLSX))]) from exc
    except ImportRejected as exc:
        raise ImportFailed([RowError(e.row or 1, e.column or "—", e.value, e.reason)
                            for e in exc.errors]) from exc
    if "full_name" not in file.index and "card" not in file.index:
        raise ImportFailed([RowError(file.table.header_row, str(COLUMNS[0].header), "",
                                     str(MISSING_ID_COLUMN))])
    out = []
    for number, values in file.table.rows:
        if is_blank(values, file.index):
            continue
        out.append((number, {key: _text(values[i]) if i < len(values) else ""
                             for key, i in file.index.items()}))
    if not out:
        raise ImportFailed([RowError(file.table.header_row + 1, "—", "", str(EMPTY_SHEET))])
    return file.headers, out


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
    rows_by_line = dict(rows)

    def err(line: int, key: str, message: str) -> RowError:
        return RowError(line, written[key], rows_by_line[line].get(key, ""), message)

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
                errors.append(err(line, "card", str(NO_MEMBER_CARD).format(value=card)))
        elif name:
            found = by_name.get(names.fold(name), [])
            # The same folded name may hide several spellings: keep the exact one if unique.
            exact = [m for m in found if m.full_name == names.normalize_spaces(name)]
            found = exact if len(exact) == 1 else found
            if not found:
                errors.append(err(line, "full_name", str(NO_MEMBER_NAMED).format(value=name)))
            elif len(found) > 1:
                errors.append(err(line, "full_name", str(MANY_MEMBERS_NAMED).format(
                    count=len(found), value=name)))
            else:
                member = found[0]
        else:
            errors.append(err(line, "full_name", str(EMPTY_ID)))
        if member is not None:
            id_key = "card" if card else "full_name"
            if member.status not in Member.ACTIVE_STATUSES:
                errors.append(err(line, id_key, str(MEMBER_INACTIVE).format(value=member.full_name)))
            elif member.pk in taken_members:
                errors.append(err(line, id_key, str(ALREADY_DELEGATE).format(value=member.full_name)))
            elif member.pk in seen_members:
                errors.append(err(line, id_key, str(DUPLICATE_IN_FILE).format(row=seen_members[member.pk])))
            else:
                seen_members[member.pk] = line
        kind_text = header_key(row.get("kind", "")) or "chinh thuc"
        kind: str | None = KIND_WORDS.get(kind_text)
        if kind is None:
            errors.append(err(line, "kind", str(BAD_KIND).format(value=row.get("kind"))))
        origin_text = header_key(row.get("origin", "")) or "bau"
        origin: str | None = ORIGIN_WORDS.get(origin_text)
        if origin is None:
            origin = next((v for k, v in ORIGIN_WORDS.items() if origin_text.startswith(k)), None)
        if origin is None:
            errors.append(err(line, "origin", str(BAD_ORIGIN).format(value=row.get("origin"))))
        unit_id: int | None = None
        if row.get("unit"):
            org = orgs.get(names.fold(row["unit"]))
            if org is None:
                errors.append(err(line, "unit", str(NO_UNIT).format(value=row["unit"])))
            else:
                unit_id = org.pk
        number: int | None = None
        if row.get("number"):
            text = row["number"].lower().removeprefix("db").strip()
            if not text.isdigit() or int(text) == 0:
                errors.append(err(line, "number", str(BAD_NUMBER).format(value=row["number"])))
            else:
                number = int(text)
                if number in taken_numbers:
                    errors.append(err(line, "number", str(NUMBER_IN_USE).format(value=number)))
                elif number in seen_numbers:
                    errors.append(err(line, "number", str(DUPLICATE_NUMBER_IN_FILE).format(
                        value=number, row=seen_numbers[number])))
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
