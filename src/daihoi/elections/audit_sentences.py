"""The elections' audit verbs as a clerk reads them (`core.registry.register_audit_sentences`),
and the guard that withholds a round's result from the log until it is published
(`core.registry.register_audit_guard`; who may see a result: `elections.access`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from daihoi.elections.access import can_see_results
from daihoi.elections.models import CountingGroup, Decision, Mandate, PaperBallot, Round

SENTENCES = {
    "setup": _("Ghi số liệu trước khi bỏ phiếu của «{record}»"),
    "open_voting": _("Bắt đầu bỏ phiếu «{record}»"),
    "start_counting": _("Bắt đầu kiểm phiếu «{record}»"),
    "electronic_totals": _("Ghi kết quả bỏ phiếu điện tử «{record}»"),
    "tally_sheet": _("Ghi biên bản của tổ kiểm phiếu «{record}»"),
    "finalize": _("Kết thúc kiểm phiếu «{record}»"),
    "publish": _("Công bố kết quả «{record}»"),
    "unpublish": _("Thu hồi công bố kết quả «{record}»"),
    "close": _("Kết thúc {type} «{record}»"),
    "elected": _("Ghi trúng cử: «{record}»"),
    "nominate": _("Giới thiệu người vào danh sách bầu cử: «{record}»"),
    "withdraw": _("Rút khỏi danh sách bầu cử: «{record}»"),
    "candidate_withdrawn": _("Rút khỏi danh sách bầu cử: «{record}»"),
    "list_closed": _("Chốt danh sách bầu cử «{record}»"),
    "alternates_list": _("Lập danh sách bầu đại biểu dự khuyết «{record}»"),
    "added_for_next_round": _("Đưa vào danh sách lần bầu tiếp: «{record}»"),
    "ballot_enter": _("Nhập một phiếu bầu ({record})"),
    "ballot_undo": _("Hủy phiếu vừa nhập ({record})"),
    "done": _("Tổ kiểm phiếu «{record}» kiểm xong"),
    "reopen": _("Mở lại tổ kiểm phiếu «{record}»"),
    "counting_rules": _("Ban Kiểm phiếu xác nhận cách xét phiếu: {record}"),
    "evote_enable": _("Cho phép bỏ phiếu điện tử «{record}»"),
    "evote_open": _("Mở bỏ phiếu điện tử «{record}»"),
    "evote_close": _("Đóng bỏ phiếu điện tử «{record}»"),
    "confidence_counted": _("Kiểm phiếu tín nhiệm điện tử «{record}»"),
    **{f"decision_{kind}": _("Ghi quyết định: {record}") for kind in Decision.Kind.values},
}

_RESULT_MODELS = (Round, CountingGroup, PaperBallot, Mandate)


def _round_id(model: type, row: Any, groups: dict[int, int | None]) -> int | None:
    values = row.after if isinstance(row.after, dict) else row.before
    values = values if isinstance(values, dict) else {}
    if model is Round:
        return int(row.object_id)
    if model in (CountingGroup, Mandate):
        return values.get("round")
    group_id = values.get("group")
    if group_id is None:
        return None
    if group_id not in groups:
        groups[group_id] = (CountingGroup.objects.filter(pk=group_id)
                            .values_list("round_id", flat=True).first())
    return groups[group_id]


def withhold_unpublished(user: Any, rows: Sequence[Any]) -> set[int]:
    """The rows that hold a round's figures (the round's result, a group's tally, a ballot,
    who was elected) while `user` may not see that round's result: before publication only
    the counting committee and the presidium's secretariat may (issue 15)."""
    types = {ContentType.objects.get_for_model(m).pk: m for m in _RESULT_MODELS}
    groups: dict[int, int | None] = {}
    wanted: dict[int, int] = {}
    for row in rows:
        model = types.get(row.content_type_id)
        if model is None:
            continue
        round_id = _round_id(model, row, groups)
        if round_id is not None:
            wanted[row.pk] = round_id
    if not wanted:
        return set()
    rounds = {r.pk: r for r in Round.objects.filter(pk__in=set(wanted.values()))
              .select_related("election")}
    return {pk for pk, round_id in wanted.items()
            if round_id in rounds and not can_see_results(user, rounds[round_id])}
