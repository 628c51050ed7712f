"""crypto.js against the server's Python package, both ways: what the browser makes (a
ballot, a challenge, a trustee's record and shares, a decryption share) verifies in Python,
what Python makes verifies or opens in the browser, and with the same seeded stream the
two give the same bytes. A ceremony mixing browser and Python trustees ends in one key that
decrypts."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from daihoi.elections.evoting.crypto import ballots, ceremony, group, tally
from daihoi.elections.evoting.crypto.group import CryptoError

from .conftest import Round, agree_manifest, strike_manifest
from .js_harness import JsCrypto, JsError, open_page

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def js(browser: Any) -> Iterator[JsCrypto]:
    context = browser.new_context()
    yield JsCrypto(open_page(context))
    context.close()


@pytest.fixture(scope="module")
def thirty() -> Round:
    return Round(strike_manifest(30, 27), seed="thirty")


def text(manifest: dict[str, Any]) -> str:
    return ballots.manifest_bytes(manifest).decode()


def flip(hex_value: str) -> str:
    """The value with its last byte changed (a scalar's most significant: it stays < q)."""
    return hex_value[:-2] + ("01" if hex_value[-2:] == "00" else "00")


def test_the_hashes_are_the_pythons(js: JsCrypto, thirty: Round) -> None:
    hashes = js.manifestHashes(text(thirty.manifest), thirty.key)
    assert hashes == {"base": thirty.qb, "extended": thirty.qe}


def test_a_30_name_ballot_made_in_the_browser_verifies_in_python(js: JsCrypto, thirty: Round) -> None:
    choices = [1] * 27 + [0] * 3
    made = js.encryptBallot(text(thirty.manifest), thirty.key, thirty.qe, choices)
    ballot, reveal = made["ballot"], made["reveal"]
    thirty.verify(ballot)
    assert ballot["tracker"] == ballots.tracker(thirty.qe, ballot)
    assert [thirty.decrypt(s) for s in ballot["selections"]] == choices
    # Every ballot of the round has the same stored length, as the Python ones.
    assert len(ballots.canonical(ballot)) == len(ballots.canonical(thirty.encrypt(choices)[0]))
    # The challenge: Python opens the browser's reveal to the same choices.
    assert ballots.verify_spoiled(thirty.manifest, thirty.key, thirty.qe, ballot, reveal) == choices
    for path in [("selections", 4, "beta"), ("selections", 29, "proof", 1, 0),
                 ("contests", 0, "proof", 26, 1)]:
        bad = copy.deepcopy(ballot)
        node = bad
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = flip(node[path[-1]])
        with pytest.raises(CryptoError):
            thirty.verify(bad)


def test_a_python_ballot_verifies_and_opens_in_the_browser(js: JsCrypto, thirty: Round) -> None:
    choices = [0, 1] * 13 + [1, 1, 0, 0]
    ballot, reveal = thirty.encrypt(choices, seed="python-made")
    manifest = text(thirty.manifest)
    assert js.verifyBallot(manifest, thirty.key, thirty.qe, ballot) is None
    assert js.tracker(thirty.qe, ballot) == ballot["tracker"]
    assert js.revealChoices(manifest, thirty.key, thirty.qe, ballot, reveal) == choices
    lying = {**reveal, "choices": [1 - choices[0], *choices[1:]]}
    with pytest.raises(JsError, match="lựa chọn công bố khác"):
        js.revealChoices(manifest, thirty.key, thirty.qe, ballot, lying)
    bad = copy.deepcopy(ballot)
    bad["selections"][3]["proof"][0][0] = flip(bad["selections"][3]["proof"][0][0])
    with pytest.raises(JsError, match="lựa chọn 3: chứng minh"):
        js.verifyBallot(manifest, thirty.key, thirty.qe, bad)
    bad = copy.deepcopy(ballot)
    bad["tracker"] = flip(bad["tracker"])
    with pytest.raises(JsError, match="mã theo dõi"):
        js.verifyBallot(manifest, thirty.key, thirty.qe, bad)


@pytest.mark.parametrize(("manifest", "choices"), [
    (strike_manifest(30, 27), [1] * 20 + [0] * 10),
    (strike_manifest(1, 1), [1]),
    (agree_manifest(3), [1, 0, 0, 0, 0, 1]),
], ids=["strike-30", "strike-1", "agree-3"])
def test_seeded_ballots_are_byte_for_byte_the_pythons(js: JsCrypto, manifest: dict[str, Any],
                                                      choices: list[int]) -> None:
    round_ = Round(manifest, seed="same")
    ballot, reveal = round_.encrypt(choices, seed="same-stream")
    made = js.seeded("same-stream").encryptBallot(text(manifest), round_.key, round_.qe, choices)
    assert made == {"ballot": ballot, "reveal": reveal}


def test_a_ceremony_of_browser_and_python_trustees_decrypts(js: JsCrypto) -> None:
    """Three trustees, k = 2: the first and third in the browser, the second in Python.
    Every record verifies on the other side, every share opens, both sides agree on K and
    each S_l, and decryption shares from the browser combine in Python to the totals."""
    manifest = strike_manifest(4, 2)
    qb = ballots.base_hash(ballots.manifest_bytes(manifest))
    browser_side = {i: js.trusteeStart(qb, i, 2) for i in (1, 3)}
    secret2, record2 = ceremony.trustee_start(qb, 2, 2)
    records = [browser_side[1]["record"], record2, browser_side[3]["record"]]
    for record in records:
        ceremony.verify_trustee(qb, record, 2)
        js.verifyTrustee(qb, record, 2)
    payloads = [*js.sharesFor(qb, browser_side[1]["secret"], records),
                *ceremony.shares_for(qb, secret2, records),
                *js.sharesFor(qb, browser_side[3]["secret"], records)]
    assert sorted((p["from"], p["to"]) for p in payloads) == [(1, 2), (1, 3), (2, 1), (2, 3), (3, 1), (3, 2)]
    to = {i: [p for p in payloads if p["to"] == i] for i in (1, 2, 3)}
    shares = {i: js.receiveShares(qb, browser_side[i]["secret"], to[i], records) for i in (1, 3)}
    shares[2] = ceremony.receive_shares(qb, secret2, to[2], records)
    # The browser's secret loads as Python's TrusteeSecret and gets the same share there.
    secret3 = ceremony.TrusteeSecret.from_json(browser_side[3]["secret"])
    assert ceremony.receive_shares(qb, secret3, to[3], records) == shares[3]
    key = js.jointKey(records)
    assert key == ceremony.joint_key(records)
    for i in (1, 2, 3):
        assert js.publicShare(records, i) == ceremony.public_share(records, i)
        s_l = group.parse_scalar(shares[i], "s_l")
        assert group.base(s_l).hex() == js.publicShare(records, i)

    qe = ballots.extended_hash(qb, key)
    cast = [js.encryptBallot(text(manifest), key, qe, c)["ballot"]
            for c in ([1, 1, 0, 0], [0, 1, 1, 0], [0, 1, 0, 0])]
    for ballot in cast:
        ballots.verify_ballot(manifest, key, qe, ballot)
    aggregate = ballots.aggregate(manifest, cast)
    answers = [js.decryptionShare(qe, 3, shares[3], records, aggregate),
               tally.decryption_share(qe, 2, shares[2], records, aggregate)]
    for answer in answers:
        tally.verify_decryption_share(qe, records, answer, aggregate)
    assert tally.combine(aggregate, answers, 2, len(cast)) == [1, 3, 1, 0]
    # Trustee 1 from the browser with trustee 3: any two give the same totals.
    first = js.decryptionShare(qe, 1, shares[1], records, aggregate)
    assert tally.combine(aggregate, [first, answers[0]], 2, len(cast)) == [1, 3, 1, 0]
    with pytest.raises(CryptoError, match="ít nhất 2"):
        tally.combine(aggregate, [first], 2, len(cast))
    # A decryption share altered after the browser made it is refused by the server.
    forged = copy.deepcopy(first)
    forged["shares"][2]["M"] = js.publicShare(records, 1)
    with pytest.raises(CryptoError, match="thành viên 1"):
        tally.verify_decryption_share(qe, records, forged, aggregate)
    # A recovery sheet typed wrong: the browser refuses before anything is posted.
    with pytest.raises(JsError, match="không ứng với phần khóa công khai"):
        js.decryptionShare(qe, 1, shares[3], records, aggregate)


def test_seeded_ceremony_and_decryption_are_byte_for_byte_the_pythons(js: JsCrypto) -> None:
    qb = ballots.base_hash(ballots.manifest_bytes(strike_manifest(3, 2)))
    python = [ceremony.trustee_start(qb, i, 2, rng=group.seeded_rng(f"t{i}")) for i in (1, 2)]
    browser = [js.seeded(f"t{i}").trusteeStart(qb, i, 2) for i in (1, 2)]
    assert browser == [{"secret": s.to_json(), "record": r} for s, r in python]
    records = [r for _, r in python]
    assert js.seeded("shares").sharesFor(qb, browser[0]["secret"], records) == ceremony.shares_for(
        qb, python[0][0], records, rng=group.seeded_rng("shares"))
    # A one-trustee key (k = 1: the secret share is P_1(1) = a_10), two ballots, the share.
    secret, record = ceremony.trustee_start(qb, 1, 1, rng=group.seeded_rng("solo"))
    share = ceremony.receive_shares(qb, secret, [], [record])
    key = ceremony.joint_key([record])
    qe = ballots.extended_hash(qb, key)
    manifest = strike_manifest(3, 2)
    cast = [ballots.encrypt_ballot(manifest, key, qe, [1, 0, 1])[0] for _ in range(2)]
    aggregate = ballots.aggregate(manifest, cast)
    assert js.seeded("d").decryptionShare(qe, 1, share, [record], aggregate) == tally.decryption_share(
        qe, 1, share, [record], aggregate, rng=group.seeded_rng("d"))


def test_a_bad_share_names_its_sender_on_both_sides(js: JsCrypto) -> None:
    qb = ballots.base_hash(ballots.manifest_bytes(strike_manifest(3, 2)))
    one = js.trusteeStart(qb, 1, 2)
    secret2, record2 = ceremony.trustee_start(qb, 2, 2)
    records = [one["record"], record2]
    [from_browser] = js.sharesFor(qb, one["secret"], records)
    [from_python] = ceremony.shares_for(qb, secret2, records)
    bad = {**from_browser, "ct": flip(from_browser["ct"])}
    with pytest.raises(CryptoError, match="thành viên 1"):
        ceremony.receive_shares(qb, secret2, [bad], records)
    bad = {**from_python, "ct": flip(from_python["ct"])}
    with pytest.raises(JsError, match="thành viên 2") as refused:
        js.receiveShares(qb, one["secret"], [bad], records)
    assert refused.value.sender == 2
    # A share that opens but is not P_2(1): the commitments catch it.
    other = ceremony.TrusteeSecret(2, (1, 2), secret2.communication)
    [wrong] = ceremony.shares_for(qb, other, records)
    with pytest.raises(JsError, match="không khớp các cam kết") as refused:
        js.receiveShares(qb, one["secret"], [wrong], records)
    assert refused.value.sender == 2
    # A record whose proof was altered is refused before any share is sent to it.
    (c0, v0), (c1, v1) = record2["proofs"]
    forged = {**record2, "proofs": [[c0, v0], [flip(c1), v1]]}
    with pytest.raises(JsError, match="thành viên 2, cam kết 1: chứng minh không đúng"):
        js.sharesFor(qb, one["secret"], [one["record"], forged])


def test_the_records_a_trustee_is_given_are_checked(js: JsCrypto) -> None:
    qb = ballots.base_hash(ballots.manifest_bytes(strike_manifest(3, 2)))
    one = js.trusteeStart(qb, 1, 2)
    _, record2 = ceremony.trustee_start(qb, 2, 2)
    with pytest.raises(JsError, match="thành viên 2: công bố hai lần"):
        js.sharesFor(qb, one["secret"], [one["record"], record2, record2])
    with pytest.raises(JsError, match="thành viên 1: chưa công bố"):
        js.sharesFor(qb, one["secret"], [record2])
    with pytest.raises(JsError, match="phải có 2 cam kết"):
        js.sharesFor(qb, one["secret"], [one["record"], js.trusteeStart(qb, 3, 1)["record"]])
    # Another round's records: their proofs hash another Qb, so they are refused.
    other_qb = ballots.base_hash(ballots.manifest_bytes(strike_manifest(4, 2)))
    with pytest.raises(JsError, match="chứng minh không đúng"):
        js.verifyTrustee(other_qb, one["record"], 2)


@settings(max_examples=12, deadline=None)
@given(data=st.data())
def test_any_ballot_the_browser_accepts_to_make_python_accepts_and_decrypts(
        js: JsCrypto, data: st.DataObject) -> None:
    manifest = data.draw(st.sampled_from([strike_manifest(6, 3), agree_manifest(3)]))
    choices = data.draw(st.lists(st.integers(0, 1), min_size=manifest["selections"],
                                 max_size=manifest["selections"]))
    round_ = Round(manifest, seed="property")
    valid = all(c["min"] <= sum(choices[j] for j in c["indexes"]) <= c["max"] for c in manifest["contests"])
    try:
        made = js.encryptBallot(text(manifest), round_.key, round_.qe, choices)
    except JsError as refused:
        assert not valid, refused
        with pytest.raises(CryptoError):
            round_.encrypt(choices)
        return
    assert valid
    round_.verify(made["ballot"])
    assert [round_.decrypt(s) for s in made["ballot"]["selections"]] == choices
