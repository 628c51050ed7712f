"""Where RULES.md leaves a rule open, the system stops and asks, and records the answer:
the counting committee's confirmation of the open invalid reasons before counting, the
presidium's decision when a delegation has more above the threshold than official seats
(190-QĐ/TW Điều 18); and a further round without surplus is an agree/disagree ballot."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from reportlab.pdfgen.canvas import Canvas

from daihoi.core.models import AuditLog
from daihoi.elections import pdf, selectors, services
from daihoi.elections.models import Decision, Election, Round
from daihoi.organizations.models import Organization
from tests.confirming import post_confirmed

from .conftest import confirm_counting

pytestmark = pytest.mark.django_db

DELEGATES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung"]


def _counted(office: Any, counter: Any, election: Election, convened: int,
             strikes: list[str]) -> Round:
    round_ = services.round_create_first(acting_user=office, election=election)
    services.round_setup(acting_user=counter, round_=round_, electorate_convened=convened,
                         excluded=0, ballots_issued=convened)
    confirm_counting(election, counter)
    services.round_start_counting(acting_user=counter, round_=round_)
    group = round_.groups.get()
    for marks in strikes:
        services.ballot_enter(acting_user=counter, group=group, marks=marks)
    return services.round_finalize(acting_user=counter, round_=round_)


# Two seats, seven voters, the threshold 4 (more than half of 7). Each ballot keeps two:
# (An, Bình) ×3, (An, Cường) ×2, (Bình, Cường) ×2 gives An 5, Bình 5, Cường 4, Dung 0:
# An and Bình take the seats, Cường passed the threshold too, with fewer votes (no tie).
SEVEN = ["3 4"] * 3 + ["2 4"] * 2 + ["1 4"] * 2


def _election(org: Organization, office: Any, kind: str) -> Election:
    election = services.election_create(acting_user=office, organization=org, title="Đoàn",
                                        kind=kind, seats=2)
    for name in DELEGATES:
        services.candidate_add(acting_user=office, election=election, full_name=name)
    return election


# --- 190-QĐ/TW Điều 18, the open case ------------------------------------------------------
def test_a_delegation_with_more_passed_than_seats_waits_for_the_presidium(
        org: Organization, office: Any, counter: Any, client_as: Any) -> None:
    election = _election(org, office, Election.Kind.DELEGATION)
    round_ = _counted(office, counter, election, 7, SEVEN)
    election.refresh_from_db()
    round_.refresh_from_db()
    # The result is recorded (the two officials), but the election is not closed.
    assert round_.status == Round.Status.CLOSED
    assert round_.result["passed_not_elected"] == ["Lê Văn Cường"]
    assert list(election.mandates.values_list("full_name", flat=True)) == [
        "Nguyễn Văn An", "Trần Thị Bình"]
    assert election.status == Election.Status.VOTING
    question = selectors.pending_question(round_)
    assert question is not None and [c["name"] for c in question.passed] == ["Lê Văn Cường"]
    assert "Lê Văn Cường (4)" in question.message and "190-QĐ/TW Điều 18" in question.message
    # The alternates cannot be elected before the presidium has decided.
    with pytest.raises(ValidationError) as err:
        services.election_create_alternates(acting_user=office, election=election, seats=1)
    assert err.value.messages == [str(services.ERR_OFFICIALS_NOT_DONE)]
    # The question names those above the threshold, a result: before publication the office
    # neither sees it nor records the decision; the secretariat (the presidium's) does.
    office_page = client_as("office").get(reverse("elections:round", args=[round_.pk]))
    assert 'id="question"' not in office_page.content.decode()
    assert office_page.client.post(reverse("elections:round_question", args=[round_.pk]), {
        "decided_by": "Đoàn Chủ tịch", "text": "Giữ kết quả"}).status_code == 403
    # The round page shows the question and what to decide.
    page = client_as("secretariat").get(reverse("elections:round", args=[round_.pk]))
    html = page.content.decode()
    assert 'id="question"' in html and "Lê Văn Cường (4)" in html and 'id="question-form"' in html
    # A decision with no text is a form error, not a decision.
    res = page.client.post(reverse("elections:round_question", args=[round_.pk]),
                           {"decided_by": "Đoàn Chủ tịch", "text": ""})
    assert res.status_code == 302
    assert not election.decisions.filter(kind=Decision.Kind.PASSED_NOT_ELECTED).exists()
    # Only the recorded decision closes it.
    res = page.client.post(reverse("elections:round_question", args=[round_.pk]), {
        "decided_by": "Đoàn Chủ tịch",
        "text": "Giữ kết quả theo số phiếu; đồng chí Cường vào danh sách bầu dự khuyết"})
    assert res.status_code == 302
    decision = election.decisions.get(kind=Decision.Kind.PASSED_NOT_ELECTED)
    assert decision.round == round_ and decision.decided_by == "Đoàn Chủ tịch"
    assert decision.data == {"passed_not_elected": [round_.result["candidates"][2]["id"]]}
    election.refresh_from_db()
    assert election.status == Election.Status.CLOSED
    assert AuditLog.objects.filter(verb="decision_passed_not_elected").count() == 1
    assert selectors.pending_question(round_) is None
    with pytest.raises(ValidationError) as err:
        services.election_decide_passed(acting_user=office, round_=round_, decided_by="x",
                                        text="again")
    assert err.value.messages == [str(services.ERR_NO_QUESTION)]
    alt = services.election_create_alternates(acting_user=office, election=election, seats=1)
    assert sorted(alt.candidates.values_list("full_name", flat=True)) == [
        "Lê Văn Cường", "Phạm Thị Dung"]


def test_a_committee_with_the_same_count_closes_at_once(org: Organization, office: Any,
                                                          counter: Any) -> None:
    """The open case is the delegation's (190 Điều 18): a committee's seats go by votes."""
    election = _election(org, office, Election.Kind.OTHER)
    round_ = _counted(office, counter, election, 7, SEVEN)
    election.refresh_from_db()
    assert election.status == Election.Status.CLOSED
    assert selectors.pending_question(round_) is None


def test_only_the_presidium_decides(org: Organization, office: Any, counter: Any) -> None:
    election = _election(org, office, Election.Kind.DELEGATION)
    round_ = _counted(office, counter, election, 7, SEVEN)
    with pytest.raises(PermissionDenied):
        services.election_decide_passed(acting_user=counter, round_=round_,
                                        decided_by="Ban Kiểm phiếu", text="x")


# --- the counting committee's confirmation before counting ---------------------------------
def _prepared(counting_round: Any, **kwargs: Any) -> Round:
    """A round set up but not counting, and no confirmation yet."""
    round_ = counting_round(**kwargs)
    # counting_round confirms and starts; undo both to the state before the count.
    Round.objects.filter(pk=round_.pk).update(status=Round.Status.VOTING)
    round_.groups.all().delete()
    round_.election.decisions.filter(kind=Decision.Kind.COUNTING_RULES).delete()
    round_.refresh_from_db()
    return round_


def test_counting_cannot_start_before_the_confirmation(counting_round: Any, counter: Any,
                                                        client_as: Any) -> None:
    round_ = _prepared(counting_round)
    with pytest.raises(ValidationError) as err:
        services.round_start_counting(acting_user=counter, round_=round_)
    assert err.value.messages == [str(services.ERR_COUNTING_RULES)]
    client = client_as("counting")
    page = client.get(reverse("elections:round", args=[round_.pk])).content.decode()
    assert 'id="counting-rules-form"' in page and "Chưa xác nhận" in page
    res = post_confirmed(client, reverse("elections:round_step", args=[round_.pk]),
                         {"action": "count"}, follow=True)
    assert str(services.ERR_COUNTING_RULES) in res.content.decode()
    round_.refresh_from_db()
    assert round_.status == Round.Status.VOTING


def test_the_confirmation_is_the_rule_the_count_applies(counting_round: Any, counter: Any,
                                                         client_as: Any) -> None:
    """Only the write-in reason applied: a ballot with an identifying mark counts (2 ballots,
    both valid; An kept on both)."""
    round_ = _prepared(counting_round, convened=2, issued=2)
    client = client_as("counting")
    res = client.post(reverse("elections:counting_rules", args=[round_.pk]), {
        "open_reasons": ["write_in"], "blank_approve_ballot": "valid",
        "confirmed_by": "Ban Kiểm phiếu (Trưởng ban Lê Thị Hoa)"})
    assert res.status_code == 302
    decision = selectors.counting_rules_confirmation(round_.election)
    assert decision is not None
    assert decision.data == {"open_reasons_applied": ["write_in"],
                             "open_reasons_not_applied": ["identifying_mark"],
                             "blank_approve_ballot": "valid"}
    assert decision.recorded_by is not None and decision.decided_by.startswith("Ban Kiểm phiếu")
    rules = selectors.ruleset_of(Election.objects.get(pk=round_.election_id))
    assert "identifying_mark" not in rules.invalid_reasons and "write_in" in rules.invalid_reasons
    assert str(rules.blank_approve_ballot) == "valid"
    # Audited as the committee member who confirmed (the fixture's own confirmation aside).
    who = decision.recorded_by
    assert AuditLog.objects.filter(verb="counting_rules", actor=who).count() == 1
    assert AuditLog.objects.filter(verb="decision_counting_rules", actor=who).count() == 1
    services.round_start_counting(acting_user=counter, round_=round_)
    group = round_.groups.get()
    services.ballot_enter(acting_user=counter, group=group, marks="4 5", identifying_mark=True)
    services.ballot_enter(acting_user=counter, group=group, marks="4 5")
    count = selectors.round_count(round_)
    assert count.result.valid == 2 and count.result.votes[:3] == (2, 2, 2)
    # Once counting has begun the confirmation stands.
    with pytest.raises(ValidationError) as err:
        services.counting_rules_confirm(acting_user=counter, election=round_.election,
                                        open_reasons=[], blank_approve_ballot="invalid")
    assert err.value.messages == [str(services.ERR_COUNTING_STARTED)]


def test_the_minutes_print_the_confirmation(counting_round: Any, counter: Any) -> None:
    round_ = _prepared(counting_round, convened=2, issued=2)
    services.counting_rules_confirm(acting_user=counter, election=round_.election,
                                    open_reasons=["identifying_mark"], blank_approve_ballot="invalid",
                                    confirmed_by="Ban Kiểm phiếu")
    services.round_start_counting(acting_user=counter, round_=round_)
    group = round_.groups.get()
    for _ in range(2):
        services.ballot_enter(acting_user=counter, group=group, marks="4 5")
    services.round_finalize(acting_user=counter, round_=round_)
    round_.refresh_from_db()
    text = pdf.story_text(pdf.minutes_story(round_))
    assert "Cách xét phiếu: Ban Kiểm phiếu xác nhận lúc" in text
    assert "Ban Kiểm phiếu xác nhận lúc" in text
    assert f"(người ghi: {counter.get_username()})" in text
    assert "áp dụng Phiếu có dấu hiệu nhận biết (ký tên, viết thêm, nhiều màu mực);" in text
    assert "không áp dụng Phiếu ghi thêm tên người ngoài danh sách;" in text
    assert "không đánh dấu đồng ý ai: không hợp lệ" in text
    assert pdf.minutes_pdf(round_).startswith(b"%PDF")


def test_the_confirmation_refuses_what_is_not_open_and_who_is_not_counting(
        counting_round: Any, counter: Any, office: Any, client_as: Any) -> None:
    round_ = _prepared(counting_round)
    with pytest.raises(ValidationError) as err:
        services.counting_rules_confirm(acting_user=counter, election=round_.election,
                                        open_reasons=["unstamped"], blank_approve_ballot="invalid")
    assert err.value.messages == [str(services.ERR_NOT_OPEN_REASON).format(value="unstamped")]
    with pytest.raises(PermissionDenied):
        services.counting_rules_confirm(acting_user=office, election=round_.election,
                                        open_reasons=[], blank_approve_ballot="invalid")
    # A value the form does not offer is a form error on the page, never a 500.
    res = client_as("counting").post(reverse("elections:counting_rules", args=[round_.pk]),
                                     {"open_reasons": ["nonsense"], "blank_approve_ballot": "maybe",
                                      "confirmed_by": "Ban Kiểm phiếu"}, follow=True)
    assert res.status_code == 200 and "Số liệu không hợp lệ" in res.content.decode()
    assert selectors.counting_rules_confirmation(round_.election) is None


# --- the ballot of a round without surplus -------------------------------------------------
def _drawn_text(monkeypatch: pytest.MonkeyPatch, round_: Round) -> list[str]:
    """Every string the ballot PDF draws (the names are subset-encoded in the file)."""
    drawn: list[str] = []
    for method in ("drawString", "drawCentredString"):
        original = getattr(Canvas, method)

        def record(self: Canvas, x: float, y: float, text: str, *a: Any, _o: Any = original,
                   **k: Any) -> Any:
            drawn.append(text)
            return _o(self, x, y, text, *a, **k)

        monkeypatch.setattr(Canvas, method, record)
    pdf.ballots_pdf(round_, copies=1)
    monkeypatch.undo()
    return drawn


def test_a_further_round_without_surplus_is_an_agree_disagree_ballot(
        counting_round: Any, office: Any, counter: Any, monkeypatch: pytest.MonkeyPatch,
        client_as: Any) -> None:
    """Round 1, 3 seats of 5 names (strike): 4 ballots keep only An, so An is elected (4 of
    base 4) and 2 seats stay unfilled. The presidium puts Bình and Cường up for the 2 seats:
    no surplus, so the four-column ballot. On it, a line left blank counts for nobody, where a
    strike ballot would keep the name: Bình 4, Cường 3 (one ballot left Cường's line blank)."""
    first = counting_round(convened=4, issued=4, seats=3)
    group = first.groups.get()
    for _ in range(4):
        services.ballot_enter(acting_user=counter, group=group, marks="2 3 4 5")
    services.round_finalize(acting_user=counter, round_=first)
    first.refresh_from_db()
    assert first.ballot_format == Election.BallotFormat.STRIKE and first.result["unfilled"] == 2
    by_name = {c.full_name: c for c in first.candidates.all()}
    second = services.round_create_next(
        acting_user=office, round_=first, decided_by="Đoàn Chủ tịch", text="Bầu tiếp 2 người",
        candidate_ids=[by_name["Trần Thị Bình"].pk, by_name["Lê Văn Cường"].pk])
    assert (second.seats, second.ballot_size) == (2, 2)
    assert second.ballot_format == Election.BallotFormat.APPROVE
    # The printed ballot: the four columns and the agree/disagree instruction.
    drawn = _drawn_text(monkeypatch, second)
    assert {"Số TT", "Họ và tên", "Đồng ý", "Không đồng ý"} <= set(drawn)
    assert any(pdf.INSTRUCTION_APPROVE in t for t in drawn)
    first_drawn = _drawn_text(monkeypatch, first)
    assert "Không đồng ý" not in first_drawn
    assert any(pdf.INSTRUCTION_STRIKE in t for t in first_drawn)
    # Entry and counting read the round's format.
    services.round_setup(acting_user=counter, round_=second, electorate_convened=4, excluded=0,
                         ballots_issued=4)
    services.round_start_counting(acting_user=counter, round_=second)
    group2 = second.groups.get()
    page = client_as("counting").get(reverse("elections:entry", args=[group2.pk])).content.decode()
    assert "Không đồng ý" in page
    services.ballot_enter(acting_user=counter, group=group2, marks="", void_lines="2")
    for _ in range(3):
        services.ballot_enter(acting_user=counter, group=group2, marks="")
    count = selectors.round_count(second)
    assert count.result.contest.ballot_format == "approve"
    assert count.result.votes == (4, 3) and count.result.valid == 4
    services.round_finalize(acting_user=counter, round_=second)
    second.refresh_from_db()
    assert second.result["elected"] == ["Trần Thị Bình", "Lê Văn Cường"]


def test_a_first_round_without_surplus_is_an_agree_disagree_ballot(org: Organization,
                                                                   office: Any) -> None:
    """RULES.md: with no surplus the ballot has four columns, whatever format the office
    chose for the election: 3 names for 3 seats on a strike election print agree/disagree;
    4 names for 3 seats keep the strike ballot."""
    for names, expected in ((3, Election.BallotFormat.APPROVE), (4, Election.BallotFormat.STRIKE)):
        election = services.election_create(acting_user=office, organization=org, title="Bầu",
                                             kind="inspection_committee", seats=3,
                                             ballot_format=Election.BallotFormat.STRIKE)
        for name in ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Văn Dũng"][:names]:
            services.candidate_add(acting_user=office, election=election, full_name=name)
        first = services.round_create_first(acting_user=office, election=election)
        assert first.ballot_format == expected, names
