"""The counting committee's key ceremony and the encrypted count (evoting/ceremony.py):
the trustees' phones simulated with the server's own cryptography (trustees_sim), every
step through the services with their checks."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from daihoi.core.audit import AuditLog
from daihoi.core.roles import Role
from daihoi.elections import rounds
from daihoi.elections.evoting import board, ceremony, services, trustees_sim
from daihoi.elections.evoting.crypto import ballots as cballots
from daihoi.elections.evoting.crypto import ceremony as cceremony
from daihoi.elections.evoting.crypto import group
from daihoi.elections.evoting.crypto import tally as ctally
from daihoi.elections.evoting.models import (
    DecryptionShare,
    EVoteRound,
    Trustee,
    TrusteeShare,
    VoterReceipt,
)
from daihoi.elections.models import Round

from .ceremony_fixtures import (
    _base,
    cancelling_ceremony,
    cast,
    committee,
    make_user,
    ready_round,
    record_with,
    rng,
)

__all__ = ["committee", "make_user"]  # fixtures


# --- who holds a share ---------------------------------------------------------------------
def test_the_trustees_are_the_counting_committee_with_their_own_logins(
        make_round: Callable[..., Round], committee: list[Any], make_user: Callable[..., Any],
        counter: Any) -> None:
    round_ = make_round(open=False)
    admin = make_user(Role.ADMIN)
    admin.is_superuser = True
    admin.save()
    make_user(Role.OFFICE)
    found = ceremony.trustee_candidates(round_)
    assert set(found) == {*committee, counter}
    assert admin not in found


def test_a_member_of_the_congress_counting_body_with_a_login_is_a_candidate(
        make_round: Callable[..., Round], make_delegate: Callable[..., Any]) -> None:
    from daihoi.congress.models import Body, BodyMember

    round_ = make_round(open=False)
    delegate = make_delegate()
    body = Body.objects.create(congress=round_.election.congress, kind=Body.Kind.COUNTING)
    BodyMember.objects.create(body=body, member=delegate.member, order=1)
    assert delegate.member.user in ceremony.trustee_candidates(round_)


# --- the start -----------------------------------------------------------------------------
def test_start_fixes_the_manifest_and_a_majority_threshold(
        make_round: Callable[..., Round], committee: list[Any]) -> None:
    round_ = make_round(open=False, seats=3)
    state = ceremony.ceremony_start(acting_user=committee[0], round_=round_, trustees=committee)
    assert state.threshold == 2
    assert state.scheme == EVoteRound.Scheme.ENCRYPTED
    manifest = json.loads(state.manifest)
    assert manifest["format"] == "strike" and manifest["selections"] == 5
    assert manifest["contests"] == [{"indexes": [0, 1, 2, 3, 4], "min": 1, "max": 3}]
    assert [t["index"] for t in manifest["trustees"]] == [1, 2, 3]
    assert manifest["tally"]["electorate_convened"] == 300
    # The stored manifest is the canonical text the phones hash.
    assert state.manifest.encode() == cballots.manifest_bytes(manifest)
    assert list(Trustee.objects.filter(round=round_).values_list("user_id", flat=True)) == \
        [u.pk for u in committee]
    row = AuditLog.objects.get(verb="evote_ceremony_start")
    assert row.after == {"trustees": 3, "threshold": 2, "candidates": 5, "restarted_over": 0}


def test_an_approve_ballot_manifest_says_what_the_rules_call_valid(
        make_round: Callable[..., Round], committee: list[Any]) -> None:
    round_ = make_round(open=False, seats=3, names=["An", "Bình", "Cường"], ballot_format="approve")
    manifest = json.loads(ceremony.ceremony_start(acting_user=committee[0], round_=round_,
                                                  trustees=committee).manifest)
    assert manifest["format"] == "agree" and manifest["selections"] == 6
    # One mark at most per line; agreeing with nobody is invalid (blank ballot: invalid).
    assert manifest["contests"] == [
        {"indexes": [0, 1], "min": 0, "max": 1}, {"indexes": [2, 3], "min": 0, "max": 1},
        {"indexes": [4, 5], "min": 0, "max": 1}, {"indexes": [0, 2, 4], "min": 1, "max": 3}]


@pytest.mark.parametrize(("pick", "k", "message"), [
    (1, None, "ít nhất 2"), (3, 1, "từ 2 đến 3"), (3, 4, "từ 2 đến 3")])
def test_start_refuses_too_few_trustees_or_a_bad_threshold(
        make_round: Callable[..., Round], committee: list[Any], pick: int, k: int | None,
        message: str) -> None:
    round_ = make_round(open=False)
    with pytest.raises(ValidationError, match=message):
        ceremony.ceremony_start(acting_user=committee[0], round_=round_,
                                trustees=committee[:pick], threshold=k)
    assert not Trustee.objects.exists()


def test_start_refuses_someone_not_on_the_counting_committee(
        make_round: Callable[..., Round], committee: list[Any], office: Any) -> None:
    round_ = make_round(open=False)
    with pytest.raises(ValidationError, match="không phải thành viên Ban Kiểm phiếu"):
        ceremony.ceremony_start(acting_user=committee[0], round_=round_,
                                trustees=[*committee[:2], office])
    with pytest.raises(PermissionDenied):
        ceremony.ceremony_start(acting_user=office, round_=round_, trustees=committee)


def test_start_refuses_a_round_already_open(make_round: Callable[..., Round],
                                            committee: list[Any]) -> None:
    round_ = make_round(open=True)
    with pytest.raises(ValidationError, match="chưa mở bỏ phiếu"):
        ceremony.ceremony_start(acting_user=committee[0], round_=round_, trustees=committee)


def test_a_confidence_round_starts_with_three_selections_a_person(
        make_round: Callable[..., Round], committee: list[Any]) -> None:
    """Its own manifest (protocol §2): never encrypted as an agree ballot, which would
    count the wrong thing (test_encrypted_confidence.py counts it)."""
    round_ = make_round(open=False, ballot_format="confidence")
    state = ceremony.ceremony_start(acting_user=committee[0], round_=round_, trustees=committee)
    manifest = json.loads(state.manifest)
    assert manifest["format"] == "confidence"
    assert manifest["selections"] == 3 * len(manifest["candidates"])
    assert Trustee.objects.filter(round=round_).count() == 3


# --- the ceremony --------------------------------------------------------------------------
def test_a_whole_ceremony_makes_the_round_ready(make_round: Callable[..., Round],
                                                committee: list[Any]) -> None:
    round_ = make_round(open=False)
    assert not ceremony.is_ready(round_)
    shares = trustees_sim.run_ceremony(round_, committee, rng=rng(7))
    assert ceremony.is_ready(round_)
    state = EVoteRound.objects.get(round=round_)
    records = ceremony.records(round_)
    assert state.public_key == cceremony.joint_key(records)
    assert state.extended_hash == cballots.extended_hash(ceremony.base_hash_of(state), state.public_key)
    # Each secret share matches its public share S_l, which anyone computes.
    for index, share in shares.items():
        assert cceremony.public_share(records, index) == _base(share)
    assert TrusteeShare.objects.filter(round=round_).count() == 6  # n·(n−1), relayed
    assert AuditLog.objects.filter(verb="evote_trustee_confirm").count() == 3
    # No secret reaches the server: nothing stored equals a secret share.
    dumped = json.dumps(list(AuditLog.objects.values("before", "after"))) + state.manifest
    assert not any(share in dumped for share in shares.values())


def test_a_record_with_a_proof_altered_is_refused(make_round: Callable[..., Round],
                                                  committee: list[Any]) -> None:
    round_ = make_round(open=False)
    state = ceremony.ceremony_start(acting_user=committee[0], round_=round_, trustees=committee)
    _secret, record = cceremony.trustee_start(ceremony.base_hash_of(state), 1, 2, rng(3))
    bad = json.loads(json.dumps(record))
    bad["proofs"][1][1] = bad["proofs"][0][1]
    with pytest.raises(ValidationError, match="không hợp lệ"):
        ceremony.trustee_publish(acting_user=committee[0], round_=round_, record=bad)
    with pytest.raises(ValidationError, match="không phải của đồng chí"):
        ceremony.trustee_publish(acting_user=committee[1], round_=round_, record=record)
    ceremony.trustee_publish(acting_user=committee[0], round_=round_, record=record)
    with pytest.raises(ValidationError, match="đã công bố"):
        ceremony.trustee_publish(acting_user=committee[0], round_=round_, record=record)


def test_shares_wait_for_every_record_and_must_go_to_each_other_trustee(
        make_round: Callable[..., Round], committee: list[Any]) -> None:
    round_ = make_round(open=False)
    state = ceremony.ceremony_start(acting_user=committee[0], round_=round_, trustees=committee)
    qb = ceremony.base_hash_of(state)
    secrets = {}
    for i, user in enumerate(committee[:2], 1):
        secrets[i], record = cceremony.trustee_start(qb, i, 2, rng(i))
        ceremony.trustee_publish(acting_user=user, round_=round_, record=record)
    with pytest.raises(ValidationError, match="Chưa đủ"):
        ceremony.shares_post(acting_user=committee[0], round_=round_, payloads=[])
    secrets[3], record = cceremony.trustee_start(qb, 3, 2, rng(3))
    ceremony.trustee_publish(acting_user=committee[2], round_=round_, record=record)
    payloads = cceremony.shares_for(qb, secrets[1], ceremony.records(round_), rng(9))
    with pytest.raises(ValidationError, match="mỗi thành viên khác"):
        ceremony.shares_post(acting_user=committee[0], round_=round_, payloads=payloads[:1])
    with pytest.raises(ValidationError, match="người gửi hoặc người nhận"):
        ceremony.shares_post(acting_user=committee[1], round_=round_, payloads=payloads)
    with pytest.raises(ValidationError, match="Chưa nhận đủ"):
        ceremony.trustee_confirm(acting_user=committee[1], round_=round_)
    assert ceremony.shares_post(acting_user=committee[0], round_=round_, payloads=payloads) == 2
    with pytest.raises(ValidationError, match="đã gửi"):
        ceremony.shares_post(acting_user=committee[0], round_=round_, payloads=payloads)


def test_a_complaint_blocks_the_round_until_the_ceremony_starts_again(
        make_round: Callable[..., Round], committee: list[Any]) -> None:
    round_ = make_round(open=False)
    trustees_sim.run_ceremony(round_, committee, rng=rng(5))
    # A trustee whose phone found a bad share says so (here after the others confirmed:
    # a fresh ceremony with one share tampered with in transit).
    ceremony.ceremony_start(acting_user=committee[0], round_=round_, trustees=committee)
    assert not ceremony.is_ready(round_)
    assert AuditLog.objects.get(verb="evote_ceremony_start", after__restarted_over=3)
    state = EVoteRound.objects.get(round=round_)
    qb = ceremony.base_hash_of(state)
    secrets = {}
    for i, user in enumerate(committee, 1):
        secrets[i], record = cceremony.trustee_start(qb, i, 2, rng(20 + i))
        ceremony.trustee_publish(acting_user=user, round_=round_, record=record)
    records = ceremony.records(round_)
    for i, user in enumerate(committee, 1):
        ceremony.shares_post(acting_user=user, round_=round_,
                             payloads=cceremony.shares_for(qb, secrets[i], records, rng(i)))
    payload = TrusteeShare.objects.get(round=round_, sender=2, recipient=1)
    tampered = dict(payload.payload)
    tampered["ct"] = ("00" if tampered["ct"][:2] != "00" else "11") + tampered["ct"][2:]
    payload.payload = tampered
    payload.save()
    with pytest.raises(Exception, match="thành viên 2") as failure:
        cceremony.receive_shares(qb, secrets[1], ceremony.shares_to(round_, 1), records)
    ceremony.trustee_confirm(acting_user=committee[0], round_=round_, complaint_against=2,
                             reason=str(failure.value))
    for user in committee[1:]:
        ceremony.trustee_confirm(acting_user=user, round_=round_)
    assert not ceremony.is_ready(round_)
    assert Trustee.objects.get(round=round_, index=1).complaint.startswith("2: ")


def test_a_last_record_cancelling_the_others_is_refused_and_the_refusal_audited(
        make_round: Callable[..., Round], committee: list[Any]) -> None:
    """EG 2.0.0 Verification 3.B (K ≠ 1) at the ceremony, as `daihoi verify` checks it:
    trustee 3's record is proven and its K_30 is no identity (3.A), but it is minus K_10 +
    K_20, so the joint key would be the identity and every ballot would show its vote."""
    round_ = make_round(open=False)
    cancelling = cancelling_ceremony(round_, committee)
    state = EVoteRound.objects.get(round=round_)
    qb = ceremony.base_hash_of(state)
    cceremony.verify_trustee(qb, cancelling, 2)  # honest on its own
    assert not ceremony.key_refused(round_)
    assert cceremony.joint_key([*ceremony.records(round_), cancelling]) == group.IDENTITY.hex()
    with pytest.raises(ValidationError) as refused:
        ceremony.trustee_publish(acting_user=committee[2], round_=round_, record=cancelling)
    assert refused.value.messages == [
        "Không nhận phần khóa công khai này: ghép với phần khóa của 2 thành viên đã công bố, khóa "
        "chung là phần tử đơn vị (các phần khóa triệt tiêu nhau), không giữ bí mật được lá phiếu nào. "
        "Các phần khóa đã công bố cũng không còn tin được: Ban Kiểm phiếu hãy bắt đầu lại việc tạo khóa."]
    # Nothing of it is kept: no key, the record not published, the ceremony still open and
    # not ready; the refusal is in the audit log with counts only.
    state.refresh_from_db()
    assert state.public_key == "" and state.extended_hash == ""
    assert not Trustee.objects.get(round=round_, index=3).commitments
    assert [r["index"] for r in ceremony.records(round_)] == [1, 2]
    assert not ceremony.is_ready(round_)
    row = AuditLog.objects.get(verb="evote_joint_key_refused")
    assert row.actor == committee[2] and row.object_id == str(state.pk)
    assert row.after == {"trustees": 3, "published": 2, "trustee": 3}
    assert not AuditLog.objects.filter(verb="evote_joint_key").exists()
    assert AuditLog.objects.filter(verb="evote_trustee_publish").count() == 2
    with pytest.raises(ValidationError, match="Chưa đủ"):
        ceremony.shares_post(acting_user=committee[0], round_=round_, payloads=[])
    # Until the ceremony starts again no record is taken, the same one or another (its
    # maker knows a_10 + a_20: any a_30 would give a key they can decrypt with).
    assert ceremony.key_refused(round_)
    other = record_with(qb, 3, 5)
    for record in (cancelling, other):
        with pytest.raises(ValidationError, match="đã bị từ chối"):
            ceremony.trustee_publish(acting_user=committee[2], round_=round_, record=record)
    assert not Trustee.objects.get(round=round_, index=3).commitments
    assert AuditLog.objects.filter(verb="evote_joint_key_refused").count() == 1
    # Started again, the ceremony completes.
    trustees_sim.run_ceremony(round_, committee, rng=rng(12))
    assert not ceremony.key_refused(round_)
    assert ceremony.is_ready(round_)
    assert AuditLog.objects.filter(verb="evote_joint_key").count() == 1


def test_the_round_is_not_ready_once_its_list_changes(make_round: Callable[..., Round],
                                                      committee: list[Any], office: Any) -> None:
    round_ = make_round(open=False)
    trustees_sim.run_ceremony(round_, committee, rng=rng(8))
    assert ceremony.is_ready(round_) and not ceremony.manifest_changed(round_)
    rounds.set_candidates(round_, list(round_.candidates.order_by("id"))[:4])
    assert not ceremony.is_ready(round_)
    assert ceremony.manifest_changed(round_)
    with pytest.raises(ValidationError, match="tạo khóa lại"):
        ceremony.require_ready(round_)


def test_the_round_is_not_ready_once_its_base_changes(make_round: Callable[..., Round],
                                                      committee: list[Any]) -> None:
    round_ = make_round(open=False)
    trustees_sim.run_ceremony(round_, committee, rng=rng(8))
    Round.objects.filter(pk=round_.pk).update(electorate_convened=280)
    assert not ceremony.is_ready(Round.objects.get(pk=round_.pk))


def test_nobody_else_takes_part_in_the_ceremony(make_round: Callable[..., Round],
                                                committee: list[Any], counter: Any) -> None:
    round_ = make_round(open=False)
    ceremony.ceremony_start(acting_user=committee[0], round_=round_, trustees=committee[:2])
    state = EVoteRound.objects.get(round=round_)
    _s, record = cceremony.trustee_start(ceremony.base_hash_of(state), 3, 2, rng(1))
    # A counting member who is not a trustee of this round.
    with pytest.raises(PermissionDenied):
        ceremony.trustee_publish(acting_user=committee[2], round_=round_, record=record)


# --- the count -----------------------------------------------------------------------------
def test_k_trustees_decrypt_the_totals_into_the_round(make_round: Callable[..., Round],
                                                      committee: list[Any]) -> None:
    round_, shares = ready_round(make_round, committee, seats=3)
    ballots = [[1, 1, 1, 0, 0], [1, 0, 1, 0, 1], [0, 1, 1, 0, 0], [1, 1, 0, 0, 1]]
    cast(round_, ballots)
    report = services.evote_close_encrypted(acting_user=committee[0], round_=round_)
    assert report.receipts == 4 and not report.decrypted
    round_.refresh_from_db()
    assert round_.status == Round.Status.COUNTING
    # k − 1 = 1 trustee: nothing is decrypted.
    first = trustees_sim.decrypt(round_, committee[2:], shares)
    assert first is not None and not first.decrypted
    assert EVoteRound.objects.get(round=round_).totals is None
    report = trustees_sim.decrypt(round_, committee[:1], shares)
    assert report is not None and report.decrypted and report.finalized
    state = EVoteRound.objects.get(round=round_)
    assert state.totals == [3, 3, 3, 0, 2]
    round_.refresh_from_db()
    assert round_.status == Round.Status.CLOSED
    assert [c["votes"] for c in round_.result["candidates"]] == [3, 3, 3, 0, 2]
    assert round_.result["ballots_collected"] == 4
    group = round_.groups.get(mode="electronic")
    assert group.totals["votes"] == [3, 3, 3, 0, 2]
    assert AuditLog.objects.get(verb="evote_close").after == {"receipts": 4, "ballots": 4}
    # The ceremony's audit rows hold counts, never the totals (withheld until published
    # with the electronic group's figures).
    for row in AuditLog.objects.filter(verb__startswith="evote_"):
        assert "totals" not in json.dumps([row.before, row.after]), row.verb
    # The third trustee comes too late: the count is done.
    with pytest.raises(ValidationError, match="không đang chờ"):
        trustees_sim.decrypt(round_, committee[1:2], shares)


def test_an_agree_round_counts_the_agreed(make_round: Callable[..., Round],
                                          committee: list[Any]) -> None:
    round_, shares = ready_round(make_round, committee, seats=2, names=["An", "Bình"],
                                 ballot_format="approve")
    cast(round_, [[1, 0, 1, 0], [1, 0, 0, 1], [0, 1, 1, 0]])
    services.evote_close_encrypted(acting_user=committee[0], round_=round_)
    trustees_sim.decrypt(round_, committee[1:], shares)
    assert EVoteRound.objects.get(round=round_).totals == [2, 1, 2, 1]
    round_.refresh_from_db()
    assert [c["votes"] for c in round_.result["candidates"]] == [2, 2]


def test_a_decryption_share_altered_or_of_another_is_refused(
        make_round: Callable[..., Round], committee: list[Any], counter: Any) -> None:
    round_, shares = ready_round(make_round, committee)
    cast(round_, [[1, 1, 0, 0, 0]])
    services.evote_close_encrypted(acting_user=committee[0], round_=round_)
    state = EVoteRound.objects.get(round=round_)
    records = ceremony.records(round_)
    share = ctally.decryption_share(state.extended_hash, 1, shares[1], records, state.aggregate,
                                    rng(2))
    bad = json.loads(json.dumps(share))
    bad["shares"][0]["M"] = share["shares"][1]["M"]
    with pytest.raises(ValidationError, match="Phần giải mã không hợp lệ"):
        ceremony.decryption_submit(acting_user=committee[0], round_=round_, share=bad)
    with pytest.raises(ValidationError, match="không phải của đồng chí"):
        ceremony.decryption_submit(acting_user=committee[1], round_=round_, share=share)
    with pytest.raises(PermissionDenied):
        ceremony.decryption_submit(acting_user=counter, round_=round_, share=share)
    assert not DecryptionShare.objects.exists()
    ceremony.decryption_submit(acting_user=committee[0], round_=round_, share=share)
    with pytest.raises(ValidationError, match="đã gửi"):
        ceremony.decryption_submit(acting_user=committee[0], round_=round_, share=share)


def test_a_round_with_no_ballot_counts_zero_at_once(make_round: Callable[..., Round],
                                                    committee: list[Any]) -> None:
    round_, _shares = ready_round(make_round, committee)
    report = services.evote_close_encrypted(acting_user=committee[0], round_=round_)
    assert report.decrypted and not report.finalized
    assert EVoteRound.objects.get(round=round_).totals == [0] * 5


def test_the_count_refuses_ballots_and_receipts_that_differ(
        make_round: Callable[..., Round], committee: list[Any]) -> None:
    round_, _shares = ready_round(make_round, committee)
    cast(round_, [[1, 0, 0, 0, 0]])
    VoterReceipt.objects.create(round=round_, voter="delegate:1", token_digest="y")
    with pytest.raises(ValidationError, match="khác số đại biểu"):
        services.evote_close_encrypted(acting_user=committee[0], round_=round_)
    round_.refresh_from_db()
    assert round_.status == Round.Status.VOTING


# --- the board -----------------------------------------------------------------------------
def test_the_board_of_a_counted_round_verifies_and_fails_when_altered(
        make_round: Callable[..., Round], committee: list[Any]) -> None:
    from daihoi.elections.evoting.crypto import board as cboard

    round_, shares = ready_round(make_round, committee, seats=3)
    cast(round_, [[1, 1, 1, 0, 0], [0, 0, 1, 1, 1], [1, 0, 0, 0, 0]])
    services.evote_close_encrypted(acting_user=committee[0], round_=round_)
    trustees_sim.decrypt(round_, committee[:2], shares)
    data = board.board(round_)
    assert set(data) == {"manifest", "public_key", "extended_hash", "trustees", "ballots",
                         "spoiled", "aggregate", "decryption", "totals", "result"}
    assert [b["tracker"] for b in data["ballots"]] == sorted(b["tracker"] for b in data["ballots"])
    assert data["totals"] == [2, 1, 2, 1, 1]
    assert cboard.verify_board(json.loads(json.dumps(data))) == []
    altered = json.loads(json.dumps(data))
    altered["totals"][0] = 3
    assert cboard.verify_board(altered)
    # Before the result may be seen, the decrypted part stays off a delegate's board.
    assert "totals" not in board.board(round_, decrypted=False)


def test_the_count_starts_only_while_the_round_is_voting(
        make_round: Callable[..., Round], committee: list[Any]) -> None:
    round_ = make_round(open=False)
    trustees_sim.run_ceremony(round_, committee, rng=rng(4))
    assert not ceremony.awaiting_decryption(round_)
    with pytest.raises(ValidationError, match="không đang bỏ phiếu"):
        services.evote_close_encrypted(acting_user=committee[0], round_=round_)


def test_an_agree_ballot_blank_valid_can_be_cast_blank_not_all_against(
        make_round: Callable[..., Round], committee: list[Any], counter: Any) -> None:
    from daihoi.elections import services as el
    from daihoi.elections.evoting.crypto.group import CryptoError

    round_ = make_round(open=False, seats=3, names=["An", "Bình", "Cường"], ballot_format="approve")
    el.counting_rules_confirm(acting_user=counter, election=round_.election,
                              open_reasons=["identifying_mark", "write_in"],
                              blank_approve_ballot="valid")
    trustees_sim.run_ceremony(round_, committee, rng=rng(12))
    state = EVoteRound.objects.get(round=round_)
    manifest = json.loads(state.manifest)
    assert manifest["contests"][-1] == {"indexes": [1, 3, 5], "min": 0, "max": 2}
    assert manifest["tally"]["blank_approve_ballot"] == "valid"
    keys = (state.manifest, state.public_key, state.extended_hash)
    cballots.encrypt_ballot(*keys, [0, 0, 0, 0, 0, 0], rng(1))  # blank: valid
    cballots.encrypt_ballot(*keys, [0, 1, 0, 1, 0, 0], rng(2))
    with pytest.raises(CryptoError):  # every line "không đồng ý": all_struck
        cballots.encrypt_ballot(*keys, [0, 1, 0, 1, 0, 1], rng(3))
