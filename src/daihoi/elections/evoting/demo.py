"""The demo's encrypted round (issue 21): an election of the congress in session voted on
the delegates' phones under the counting committee's key, counted by decryption, published,
its bulletin board passing `daihoi verify`.

The three trustees are the demo logins kiemphieu, kiemphieu2 and kiemphieu3, their phones
simulated with the server's cryptography (trustees_sim); the delegates' phones too
(`trustees_sim.cast`: the ballot made as crypto.js makes it, cast through the same service
as a phone's). Two of the three trustees decrypt (k = 2), so the demo
also shows that one absent member does not stop the count.

A mixed round: ONLINE delegates vote on their phones, the others on paper, counted by a
tally sheet; both groups add up into the round's one count, as in a hall where some
delegates have no phone. Each phone's ballot is encrypted and its proofs verified in
Python (through the same service as a real vote), so the whole congress voting encrypted
would add seconds to `daihoi demo --reset` (230 ballots: 3.1 s on the loaded machine,
24: 0.6-0.8 s)."""

from __future__ import annotations

import random
from collections.abc import Callable

from daihoi.core.models import User
from daihoi.elections import selectors
from daihoi.elections import services as el
from daihoi.elections.electorate import electorate_of
from daihoi.elections.evoting import services, trustees_sim
from daihoi.elections.evoting.crypto import ballots as cballots
from daihoi.elections.evoting.crypto.group import seeded_rng
from daihoi.elections.evoting.models import EVoteRound
from daihoi.elections.models import CountingGroup, Election
from daihoi.organizations.models import Member

TITLE = "Bầu Ban Chấp hành Hội Cựu chiến binh cơ quan (bỏ phiếu điện tử mã hóa)"
TRUSTEES = ("kiemphieu", "kiemphieu2", "kiemphieu3")
SEATS, NAMES = 3, 5
ONLINE = 24  # delegates voting encrypted on their phones; the others on paper


def build(*, seed: int, log: Callable[[str], None]) -> None:
    committee = Election.objects.filter(congress__isnull=False, kind=Election.Kind.COMMITTEE).first()
    if committee is None or Election.objects.filter(title=TITLE).exists():
        return
    trustees = list(User.objects.filter(username__in=TRUSTEES).order_by("username"))
    actor = User.objects.filter(is_superuser=True).order_by("id").first()
    if len(trustees) < len(TRUSTEES) or actor is None:
        log("Thiếu tài khoản Ban Kiểm phiếu: bỏ qua lần bầu mã hóa")
        return
    rng = random.Random(seed + 21)  # noqa: S311 - demo data, reproducible by design
    congress, org = committee.congress, committee.organization
    election = el.election_create(
        acting_user=actor, organization=org, congress=congress, title=TITLE,
        kind=Election.Kind.OTHER, seats=SEATS, term=committee.term,
        seats_basis="Đại hội biểu quyết số lượng 3 đồng chí")
    electorate = electorate_of(election)
    assert electorate is not None
    voters = [v for v in electorate.voters(election) if v.entitled and v.present and v.user_id]
    standing = [v.member_id for v in voters if v.member_id is not None
                and not electorate.is_counting_member(election, member_id=v.member_id)]
    for member_id in rng.sample(standing, NAMES):
        el.candidate_add(acting_user=actor, election=election,
                         member=Member.objects.get(pk=member_id))
    if not selectors.surplus_status(election).ok:
        el.decision_record(acting_user=actor, election=election, kind="surplus",
                           decided_by="Đại hội", text="Đại hội biểu quyết giữ danh sách 5 đồng chí")
    round_ = el.round_create_first(acting_user=actor, election=election)
    el.round_setup(acting_user=actor, round_=round_,
                   electorate_convened=round_.electorate_convened or len(voters),
                   excluded=round_.excluded, ballots_issued=len(voters))
    el.counting_rules_confirm(acting_user=actor, election=election,
                              open_reasons=["identifying_mark", "write_in"],
                              blank_approve_ballot="invalid")
    # Demo data, so the key, the ballots and the decryption are drawn from the seed (the
    # same board on every `--reset`, as the meetings demo's confidence vote), never from
    # os.urandom as a real phone's are.
    phones = seeded_rng(f"daihoi-demo-congress-encrypted-{seed}")
    shares = trustees_sim.run_ceremony(round_, trustees, rng=phones)
    round_ = services.evote_open(acting_user=trustees[0], round_=round_,
                                 scheme=EVoteRound.Scheme.ENCRYPTED)
    state = EVoteRound.objects.get(round=round_)
    sheet = el.group_create(acting_user=trustees[0], round_=round_, mode=CountingGroup.Mode.SHEET)
    weights = [0.9, 0.8, 0.7, 0.4, 0.3]
    users = {u.pk: u for u in User.objects.filter(pk__in=[v.user_id for v in voters])}
    online = set(rng.sample(range(len(voters)), min(ONLINE, len(voters))))
    paper = [0] * NAMES
    for n, voter in enumerate(voters):
        kept = [1 if rng.random() < w else 0 for w in weights]
        while sum(kept) > SEATS:
            kept[rng.choice([i for i, x in enumerate(kept) if x])] = 0
        if not any(kept):
            kept[0] = 1
        if n not in online:
            paper = [a + b for a, b in zip(paper, kept, strict=True)]
            continue
        user = users[voter.user_id]  # type: ignore[index]
        if n == min(online):
            # The first delegate challenges a ballot first (Benaloh): it goes on the board
            # opened, never counted, and a fresh one is cast.
            ballot, reveal = cballots.encrypt_ballot(state.manifest, state.public_key,
                                                     state.extended_hash, kept, phones)
            services.ballot_spoil(acting_user=user, round_=round_,
                                  token=services.ballot_token(round_, voter),
                                  ballot=cballots.canonical(ballot), reveal=reveal)
        trustees_sim.cast(round_, user, kept, phones)
    services.evote_close_encrypted(acting_user=trustees[0], round_=round_)
    trustees_sim.decrypt(round_, trustees[:2], shares, phones)
    sheet = CountingGroup.objects.select_related("round__election").get(pk=sheet.pk)  # counting now
    el.group_sheet_save(acting_user=trustees[0], group=sheet, ballots_collected=len(voters) - len(online),
                        invalid_by_reason={}, votes=paper)
    el.group_set_done(acting_user=trustees[0], group=sheet, done=True)
    round_ = el.round_finalize(acting_user=trustees[0], round_=round_)
    if round_.status == round_.Status.CLOSED:
        el.round_publish(acting_user=actor, round_=round_)
    log(f"Lần bầu mã hóa: {len(online)} phiếu điện tử mã hóa, {len(voters) - len(online)} phiếu giấy, "
        f"3 thành viên giữ khóa (2 giải mã), bảng tin /vote/r/{round_.pk}/board/")
