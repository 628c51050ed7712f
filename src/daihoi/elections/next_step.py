"""What happens next in an election, and who does it: every election page says it, so that
nobody meets a dead end (the counting committee looking at an election in preparation, a
result "not published" with no hint of who publishes). A read, like selectors."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from daihoi.core.permissions import has_role
from daihoi.core.roles import Role
from daihoi.elections import selectors
from daihoi.elections.access import is_counting
from daihoi.elections.models import Election, Round


@dataclass(frozen=True)
class NextStep:
    text: str           # what happens next
    who: str            # who does it
    yours: bool         # the user looking is the one to do it
    link: str = ""      # where it is done, when it is the user's to do
    link_label: str = ""


def _manage(user: Any) -> bool:
    return has_role(user, Role.OFFICE, Role.SECRETARIAT)


def for_election(election: Election, user: Any) -> NextStep:
    """The next step of the election: of its list while it is prepared, else of its last
    round."""
    last = election.rounds.order_by("-number").first()
    if election.status == Election.Status.PREPARING or last is None:
        surplus = selectors.surplus_status(election)
        text = _("Hoàn tất danh sách bầu cử rồi chốt danh sách: lần bầu 1 được mở, Ban Kiểm phiếu "
                 "nhận lần bầu, in phiếu và tổ chức bỏ phiếu.")
        if surplus.applies and not surplus.ok and surplus.decision is None:
            text = _("Ghi quyết định của đại hội về số dư, rồi chốt danh sách.")
        return NextStep(text, _("Văn phòng / Đoàn Thư ký"), _manage(user))
    return for_round(last, user)


def for_round(round_: Round, user: Any) -> NextStep:
    election = round_.election
    counting = is_counting(user, election)
    committee = _("Ban Kiểm phiếu")
    round_url = reverse("elections:round", args=[round_.pk])
    if round_.status == Round.Status.PREPARING:
        return NextStep(_("Nhập số liệu lần bầu, xác nhận cách xét phiếu, in phiếu bầu (hoặc mở bỏ "
                          "phiếu điện tử), rồi bấm “Bắt đầu bỏ phiếu”."), committee, counting,
                        round_url, _("Mở lần bầu"))
    if round_.status == Round.Status.VOTING:
        text = _("Đại biểu đang bỏ phiếu. Khi đã thu hết phiếu, Ban Kiểm phiếu bấm “Kết thúc bỏ "
                 "phiếu, bắt đầu kiểm phiếu”.")
        if round_.electronic:
            text = _("Đại biểu đang bỏ phiếu điện tử. Ban Kiểm phiếu kết thúc bỏ phiếu trên trang bỏ "
                     "phiếu điện tử khi mọi người đã bỏ phiếu.")
        return NextStep(text, committee, counting, round_url, _("Mở lần bầu"))
    if round_.status == Round.Status.COUNTING:
        return NextStep(_("Các tổ kiểm phiếu nhập phiếu và chốt tổ; sau đó Ban Kiểm phiếu bấm "
                          "“Chốt kết quả kiểm phiếu”."), committee, counting, round_url,
                        _("Mở lần bầu"))
    # Closed: the presidium's decision, the publication, then the minutes.
    presidium = _("Đoàn Chủ tịch (Đoàn Thư ký ghi quyết định)")
    if selectors.pending_question(round_) is not None:
        return NextStep(_("Đoàn Chủ tịch quyết định về những người quá bán nhưng vượt số đại biểu "
                          "chính thức (Quy chế bầu cử, Điều 18)."), presidium, _manage(user),
                        round_url, _("Ghi quyết định"))
    if selectors.round_propose_next(round_) is not None and selectors.next_round_of(round_) is None \
            and election.status != Election.Status.CLOSED:
        return NextStep(_("Chưa bầu đủ hoặc có người bằng phiếu: Đoàn Chủ tịch quyết định bầu tiếp "
                          "hoặc dừng."), presidium, _manage(user),
                        reverse("elections:round_next", args=[round_.pk]), _("Ghi quyết định"))
    results_url = reverse("elections:results", args=[round_.pk])
    if not round_.results_published:
        return NextStep(_("Kết quả đã chốt, chưa công bố: Đoàn Thư ký công bố kết quả (màn hình hội "
                          "trường và đại biểu thấy sau khi công bố). Ban Kiểm phiếu in biên bản "
                          "kiểm phiếu để ký."), _("Đoàn Thư ký"),
                        has_role(user, Role.SECRETARIAT), results_url, _("Trang kết quả"))
    return NextStep(_("Kết quả đã công bố. Ban Kiểm phiếu ký biên bản kiểm phiếu và niêm phong "
                      "phiếu bầu (Quy chế bầu cử, Điều 35)."), committee, counting, results_url,
                    _("Trang kết quả"))
