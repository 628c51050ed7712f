"""The figures an irreversible step states before it is taken ("1 of 232 have voted"):
closing the candidate list, ending the vote, finalizing the count, publishing the result.
Reads only; the views ask through daihoi.core.confirm, which binds the confirmation to them."""

from __future__ import annotations

from django.utils.translation import gettext as _

from daihoi.core.confirm import Figures
from daihoi.elections import selectors
from daihoi.elections.electorate import electorate_of
from daihoi.elections.models import CountingGroup, Election, Round
from daihoi.rules import counting as rules


def list_close(election: Election) -> Figures:
    names = selectors.list_candidates(election)
    surplus = selectors.surplus_status(election)
    lines = [_("Danh sách: {n} người cho {seats} chỗ cần bầu.").format(n=len(names),
                                                                       seats=election.seats)]
    if surplus.applies:
        lines.append(surplus.message or _("Số dư đúng quy định."))
    return Figures(lines, names=[c.full_name for c in names], consequence=_(
        "Sau khi chốt, danh sách không thêm hay bớt tên được nữa (chỉ rút tên có Đoàn Chủ tịch "
        "chấp thuận); lần bầu 1 được mở để in phiếu và bỏ phiếu."))


def _present_now(round_: Round) -> int | None:
    found = electorate_of(round_.election)
    return found.present_count(round_.election) if found is not None else None


def end_voting(round_: Round, *, groups: int, sheet_groups: int) -> Figures:
    present = _present_now(round_)
    lines = [_("Được triệu tập: {n}.").format(n=round_.electorate_convened)]
    if present is not None:
        lines.append(_("Đại biểu có mặt lúc này (theo điểm danh): {n}.").format(n=present))
    if round_.electorate_present is not None:
        lines.append(_("Có mặt ghi cho lần bầu: {n}.").format(n=round_.electorate_present))
    lines.append(_("Phiếu phát ra: {n}.").format(n=round_.ballots_issued))
    if not round_.groups.exists():
        lines.append(_("Sẽ lập {g} tổ nhập từng phiếu và {s} tổ kiểm bằng tay.").format(
            g=groups, s=sheet_groups))
    return Figures(lines, _("Sau khi kết thúc, không ai bỏ phiếu được nữa; các tổ bắt đầu kiểm phiếu."))


def finalize(round_: Round) -> Figures:
    lines = []
    collected = 0
    for g in round_.groups.all():
        try:
            totals = selectors.group_totals(g, round_)
        except rules.RulesError as exc:
            lines.append(f"{g.name}: {exc}")
            continue
        collected += totals.ballots_collected
        state = _("đã chốt") if g.done else _("CHƯA CHỐT")
        line = _("{group}: {n} phiếu, {state}.").format(group=g.name, n=totals.ballots_collected,
                                                       state=state)
        if g.mode == CountingGroup.Mode.BALLOTS and totals.mismatches:
            line += " " + _("{m} phiếu lệch chưa xem lại.").format(m=len(totals.mismatches))
        lines.append(line)
    lines.append(_("Tổng số phiếu thu vào: {c} / phát ra {i}.").format(c=collected,
                                                                      i=round_.ballots_issued))
    return Figures(lines, _("Sau khi chốt, kết quả được tính và lưu; không nhập thêm hay sửa phiếu "
                            "được nữa."))


def publish(round_: Round) -> Figures:
    data = round_.result or {}
    rows = {r["name"]: r for r in selectors.result_rows(data)}
    elected = data.get("elected") or []
    lines = [_("Phiếu thu vào: {c}; hợp lệ: {v}.").format(c=data.get("ballots_collected", 0),
                                                         v=data.get("valid", 0)),
             _("Trúng cử: {n} người.").format(n=len(elected))]
    for name in elected:
        row = rows.get(name)
        lines.append(f"{name}: {row['votes']} ({row['percent_shown']}%)" if row else name)
    return Figures(lines, _("Sau khi công bố, kết quả hiện trên màn hình hội trường và mọi đại biểu "
                            "đều xem được."))
