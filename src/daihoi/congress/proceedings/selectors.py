"""Read queries of the hall. Stable for other apps:
    votes_taken(congress) -> list[VoteTaken]   (the congress report reads it)
    committee_size(congress) -> int | None     (the number of committee members the congress
                                                decided by vote, for the elections)
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Case, Count, F, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from daihoi.congress import selectors as congress_selectors
from daihoi.congress.models import Body, Congress, Delegate
from daihoi.congress.proceedings.models import (
    AgendaItem,
    Contribution,
    DeviceVote,
    Document,
    DocumentVersion,
    Hall,
    Resolution,
    Speech,
    Target,
    Vote,
)
from daihoi.core.permissions import has_role
from daihoi.core.roles import Role
from daihoi.elections import selectors as election_selectors
from daihoi.rules import votes as voting
from daihoi.rules.percent import percent


def agenda(congress: Congress) -> list[AgendaItem]:
    return list(AgendaItem.objects.filter(congress=congress).select_related("session")
                .annotate(document_count=Count("documents")).order_by("order", "id"))


def hall_state(congress: Congress) -> Hall | None:
    return (Hall.objects.filter(congress=congress)
            .select_related("current_item", "current_speech").first())


def documents(congress: Congress) -> list[Document]:
    """Documents with their versions, newest first (`doc.versions.all()[0]` is the latest)."""
    versions = DocumentVersion.objects.select_related("uploaded_by").order_by("-number")
    return list(Document.objects.filter(congress=congress).select_related("agenda_item")
                .prefetch_related(Prefetch("versions", queryset=versions))
                .order_by("kind", "title"))


def votes(congress: Congress) -> QuerySet[Vote]:
    return (Vote.objects.filter(congress=congress).select_related("agenda_item", "body", "recorded_by")
            .order_by("created_at", "id"))


@dataclass(frozen=True)
class VoteTaken:
    """One vote for the congress report and the minutes."""

    id: int
    subject: str
    subject_label: str
    title: str
    number: int | None
    mode: str
    recorded_at: dt.datetime | None
    agree: int
    disagree: int
    other: int
    present: int
    base: int
    adopted: bool

    @property
    def percent_agree(self) -> Decimal:
        return percent(self.agree, self.base) if self.base > 0 else Decimal("0.00")

    def __str__(self) -> str:
        return self.title


def votes_taken(congress: Congress) -> list[VoteTaken]:
    """Votes with a result, in the order they were taken."""
    rows = Vote.objects.filter(congress=congress, status=Vote.Status.CLOSED).order_by("recorded_at", "id")
    return [
        VoteTaken(id=v.pk, subject=v.subject, subject_label=str(v.get_subject_display()),
                  title=v.title, number=v.number, mode=v.mode, recorded_at=v.recorded_at, agree=v.agree or 0,
                  disagree=v.disagree or 0, other=v.other or 0, present=v.present or 0,
                  base=v.base or 0, adopted=bool(v.adopted))
        for v in rows
    ]


def committee_size(congress: Congress) -> int | None:
    """The number of committee members to elect, as the congress last adopted it."""
    vote = (Vote.objects.filter(congress=congress, subject=Vote.Subject.COMMITTEE_SIZE, adopted=True,
                                number__isnull=False)
            .order_by(F("recorded_at").desc(nulls_last=True), "-id").first())
    return vote.number if vote else None


def last_vote(congress: Congress) -> Vote | None:
    """The vote the hall is watching: one open now, else the last result (one query)."""
    open_first = Case(When(status=Vote.Status.OPEN, then=Value(0)), default=Value(1))
    return (Vote.objects.filter(congress=congress, status__in=[Vote.Status.OPEN, Vote.Status.CLOSED])
            .order_by(open_first, F("recorded_at").desc(nulls_last=True),
                      F("opened_at").desc(nulls_last=True), "-id").first())


def open_votes(congress: Congress) -> QuerySet[Vote]:
    return Vote.objects.filter(congress=congress, status=Vote.Status.OPEN, mode=Vote.Mode.DEVICE)


def device_counts(vote: Vote) -> dict[str, int]:
    """The answers given on devices so far: the live count, and the result when it closes."""
    agg = DeviceVote.objects.filter(vote=vote).aggregate(
        agree=Count("id", filter=Q(choice=DeviceVote.Choice.AGREE)),
        disagree=Count("id", filter=Q(choice=DeviceVote.Choice.DISAGREE)),
        other=Count("id", filter=Q(choice=DeviceVote.Choice.OTHER)),
    )
    return {k: int(v or 0) for k, v in agg.items()}


def may_see_running_tally(user: Any) -> bool:
    """While a device vote is open only the secretariat, who runs it, sees how it stands;
    delegates and the big screen see how many have answered (the tally would sway the rest)."""
    return has_role(user, Role.SECRETARIAT)


def close_figures(congress: Congress, vote: Vote) -> list[str]:
    """What closing a device vote now would record: who has answered of those present, and
    the verdict these answers give against the base (Quy định 294, 9.3: more than half of the
    convened body)."""
    live = device_counts(vote)
    answered = sum(live.values())
    attendance = congress_selectors.attendance_summary(congress)
    lines = [_("Đã biểu quyết: %(n)s / %(p)s đại biểu có mặt.") % {"n": answered,
                                                                  "p": attendance.present},
             _("Tán thành %(a)s · không tán thành %(d)s · ý kiến khác %(o)s.") % {
                 "a": live["agree"], "d": live["disagree"], "o": live["other"]}]
    if attendance.base:
        lines.append(_("Cơ sở tính: %(b)s; cần ít nhất %(n)s tán thành để thông qua.") % {
            "b": attendance.base, "n": voting.needed_to_adopt(attendance.base)})
        try:
            adopted = voting.vote_result(present=attendance.present, base=attendance.base,
                                         **live).adopted
        except voting.VoteCountError as exc:
            lines.append(str(exc))
        else:
            verdict = _("ĐƯỢC THÔNG QUA") if adopted else _("KHÔNG ĐƯỢC THÔNG QUA")
            lines.append(_("Nếu kết thúc bây giờ: %(v)s.") % {"v": verdict})
    return lines


def voting_delegate(user: Any, congress: Congress) -> Delegate | None:
    """The user's seat if it votes: an official delegate, or an alternate replacing one,
    credentials not rejected."""
    delegate = congress_selectors.delegate_for_user(user, congress)
    if delegate is None or delegate.credentials == Delegate.Credentials.REJECTED:
        return None
    if delegate.kind == Delegate.Kind.OFFICIAL or delegate.replaces_id is not None:
        return delegate
    return None


@dataclass(frozen=True)
class Standing:
    """Whether the user may answer the congress's device votes now, and if not, why (said
    to the delegate instead of buttons that would be refused): the same conditions as
    `services.device_vote_cast`."""

    delegate: Delegate | None
    present: bool
    may_vote: bool
    reason: str


def standing(user: Any, congress: Congress) -> Standing:
    delegate = congress_selectors.delegate_for_user(user, congress)
    if delegate is None:
        return Standing(None, False, False, _("Tài khoản này không phải đại biểu của đại hội."))
    present = congress_selectors.delegate_is_present(delegate)
    if delegate.credentials == Delegate.Credentials.REJECTED:
        return Standing(delegate, present, False,
                        _("Tư cách đại biểu của đồng chí không được công nhận: đồng chí không "
                          "biểu quyết và bầu cử tại đại hội."))
    if delegate.kind != Delegate.Kind.OFFICIAL and delegate.replaces_id is None:
        return Standing(delegate, present, False,
                        _("Đồng chí là đại biểu dự khuyết chưa thay thế đại biểu chính thức nào: "
                          "dự họp nhưng chưa biểu quyết, bỏ phiếu. Khi Đoàn Chủ tịch cho thay "
                          "thế, nút biểu quyết sẽ hiện ở đây."))
    if not present:
        return Standing(delegate, present, False,
                        _("Đồng chí chưa điểm danh phiên họp này: đến bàn điểm danh (hoặc đưa thẻ "
                          "đại biểu để quét mã) rồi mới biểu quyết, bỏ phiếu được."))
    return Standing(delegate, present, True, "")


def recent_results(congress: Congress, n: int = 5) -> list[Vote]:
    """The last votes with a result, newest first."""
    return list(Vote.objects.filter(congress=congress, status=Vote.Status.CLOSED)
                .order_by(F("recorded_at").desc(nulls_last=True), "-id")[:n])


def my_choices(congress: Congress, delegate: Delegate | None) -> dict[int, str]:
    """What `delegate` answered on each device vote of the congress (vote id -> choice)."""
    if delegate is None:
        return {}
    return dict(DeviceVote.objects.filter(vote__congress=congress, delegate=delegate)
                .values_list("vote_id", "choice"))


def my_choice(vote: Vote, delegate: Delegate | None) -> str | None:
    if delegate is None:
        return None
    return DeviceVote.objects.filter(vote=vote, delegate=delegate).values_list("choice", flat=True).first()


def vote_bodies(congress: Congress) -> list[Body]:
    """The congress's bodies a vote may approve."""
    return list(Body.objects.filter(congress=congress))


def vote_of(congress: Congress, vote_id: int) -> Vote | None:
    return (Vote.objects.select_related("body", "agenda_item", "recorded_by")
            .filter(pk=vote_id, congress=congress).first())


def resolution(congress: Congress) -> Resolution | None:
    return Resolution.objects.filter(congress=congress).select_related("vote", "document").first()


def resolution_votes(congress: Congress) -> list[Vote]:
    """The votes a resolution may name as the one that adopted it."""
    return list(Vote.objects.filter(congress=congress, subject=Vote.Subject.RESOLUTION))


def congress_documents(congress: Congress) -> list[Document]:
    return list(Document.objects.filter(congress=congress))


def targets(congress: Congress) -> QuerySet[Target]:
    return Target.objects.filter(resolution__congress=congress).order_by("number")


def targets_json(congress: Congress) -> dict[str, Any]:
    """The machine-readable targets, for the targets issue and for export."""
    return {"congress": congress.pk, "targets": [
        {"number": t.number, "text": t.text, "metric": t.metric, "metric_label": t.metric_label,
         "comparison": t.comparison, "value": str(t.value), "unit": t.unit, "period": t.period}
        for t in targets(congress)]}


def contribution_organizations(congress: Congress) -> QuerySet[Any]:
    """The grassroots organizations the secretariat may submit a contribution for."""
    return congress_selectors.grassroots_organizations(congress.organization).order_by("name")


def queue(congress: Congress) -> dict[str, list[Speech]]:
    rows = list(Speech.objects.filter(congress=congress).select_related("contribution")
                .order_by("position", "id"))
    return {
        "speaking": [s for s in rows if s.status == Speech.Status.SPEAKING],
        "waiting": [s for s in rows if s.status in (Speech.Status.REQUESTED, Speech.Status.QUEUED)],
        "done": [s for s in rows if s.status in (Speech.Status.DONE, Speech.Status.DECLINED)],
    }


def contributions(congress: Congress) -> QuerySet[Contribution]:
    return Contribution.objects.filter(congress=congress).select_related("organization").order_by(
        "submitted_at", "id")


# The published election result changes a few times per congress, while every screen asks
# for it every 2 s: each process keeps it for a few seconds (three queries saved per poll).
ELECTION_TTL_SECONDS = 5.0
_election_memo: dict[int, tuple[float, dict[str, Any] | None]] = {}


_election_memo_lang: dict[int, str] = {}


def _published_election_cached(congress: Congress) -> dict[str, Any] | None:
    now = time.monotonic()
    lang = get_language() or "vi"  # the percentages are formatted in the page's language
    hit = _election_memo.get(congress.pk)
    if hit is not None and hit[0] > now and _election_memo_lang.get(congress.pk) == lang:
        return hit[1]
    value = _published_election(congress)
    _election_memo[congress.pk] = (now + ELECTION_TTL_SECONDS, value)
    _election_memo_lang[congress.pk] = lang
    return value


def _published_election(congress: Congress) -> dict[str, Any] | None:
    """The last published election result."""
    rounds = election_selectors.published_results(congress)
    if not rounds:
        return None
    last = rounds[-1]
    result = last.result or {}
    elected = []
    for row in result.get("elected") or []:
        elected.append(row.get("name", "") if isinstance(row, dict) else str(row))
    # Every name with its votes and percentage (against the base): the elected first, in
    # order of votes as the minutes list them, then the others by votes.
    rows = election_selectors.result_rows(result)
    order = {name: i for i, name in enumerate(elected)}
    rows.sort(key=lambda r: (0, order[r["name"]]) if r["name"] in order else (1, -r["votes"]))
    return {"title": str(last.election), "round": last.round.number, "elected": elected,
            "rows": rows, "base": result.get("base"), "valid": result.get("valid"),
            "collected": result.get("ballots_collected")}


@dataclass
class Screen:
    congress: Congress
    hall: Hall | None
    attendance: Any
    vote: Vote | None
    vote_live: dict[str, int] | None
    election: dict[str, Any] | None
    speech: Speech | None
    speech_ends_at: dt.datetime | None
    now: dt.datetime

    @property
    def vote_answered(self) -> int:
        """How many have answered the open vote: all the screen shows of it until it closes."""
        return sum(self.vote_live.values()) if self.vote_live else 0


def screen(congress: Congress) -> Screen:
    """Everything the big screen shows, in a handful of small queries (bench/bigscreen.py)."""
    hall = hall_state(congress)
    vote = last_vote(congress)
    live = device_counts(vote) if vote is not None and vote.status == Vote.Status.OPEN else None
    speech = hall.current_speech if hall else None
    if speech is not None and speech.status != Speech.Status.SPEAKING:
        speech = None
    return Screen(
        congress=congress, hall=hall, attendance=congress_selectors.attendance_summary(congress),
        vote=vote, vote_live=live, election=_published_election_cached(congress), speech=speech,
        speech_ends_at=speech.ends_at() if speech else None, now=timezone.now(),
    )


def title_lines(congress: Congress) -> tuple[str, str]:
    """"ĐẠI HỘI ĐẠI BIỂU ĐẢNG BỘ ... LẦN THỨ XVIII" / "NHIỆM KỲ 2020 – 2025" as on the
    backdrop of the hall."""
    kind = "ĐẠI HỘI ĐẠI BIỂU" if congress.kind == Congress.Kind.DELEGATES else "ĐẠI HỘI"
    name = congress.organization.name.upper()
    if not name.startswith("ĐẢNG BỘ") and not name.startswith("CHI BỘ"):
        name = f"ĐẢNG BỘ {name}"
    return (f"{kind} {name} LẦN THỨ {congress.ordinal_roman}",
            f"NHIỆM KỲ {congress.term_start} – {congress.term_end}")
