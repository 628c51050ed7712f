"""The counting committee's phones simulated with the server's own cryptography (crypto/):
for the demos' encrypted rounds (the congress's, elections/evoting/demo.py, and a committee
conference's confidence vote, meetings/demo.py), the tests and the benchmark. Each trustee's
secrets live in the returned dict, as they would on each phone; the services see exactly
what a phone posts (ceremony.py), so a simulated ceremony goes through every check a real
one does. `cast` is a voter's phone, for the same demos: the ballot made as crypto.js makes
it and cast through the service a phone posts to."""

from __future__ import annotations

from collections.abc import Sequence

from daihoi.core.models import User
from daihoi.elections.evoting import ceremony, services
from daihoi.elections.evoting.crypto import ballots as cballots
from daihoi.elections.evoting.crypto import ceremony as cceremony
from daihoi.elections.evoting.crypto import tally as ctally
from daihoi.elections.evoting.crypto.group import Rng
from daihoi.elections.evoting.models import EVoteRound, Trustee
from daihoi.elections.models import Round


def run_ceremony(round_: Round, users: Sequence[User], *, threshold: int | None = None,
                 rng: Rng | None = None) -> dict[int, str]:
    """Start the ceremony (by the first user) and run every trustee's steps; returns each
    trustee's secret share by index (what each phone keeps)."""
    ceremony.ceremony_start(acting_user=users[0], round_=round_, trustees=users, threshold=threshold)
    state = EVoteRound.objects.get(round_id=round_.pk)
    qb = ceremony.base_hash_of(state)
    assert state.threshold is not None
    by_user = {t.user_id: t.index for t in Trustee.objects.filter(round_id=round_.pk)}
    secrets = {}
    for user in users:
        secret, record = cceremony.trustee_start(qb, by_user[user.pk], state.threshold, rng)
        secrets[user.pk] = secret
        ceremony.trustee_publish(acting_user=user, round_=round_, record=record)
    records = ceremony.records(round_)
    for user in users:
        ceremony.shares_post(acting_user=user, round_=round_,
                             payloads=cceremony.shares_for(qb, secrets[user.pk], records, rng))
    shares = {}
    for user in users:
        index = by_user[user.pk]
        shares[index] = cceremony.receive_shares(qb, secrets[user.pk],
                                                 ceremony.shares_to(round_, index), records)
        ceremony.trustee_confirm(acting_user=user, round_=round_)
    return shares


def decrypt(round_: Round, users: Sequence[User], shares: dict[int, str],
            rng: Rng | None = None) -> ceremony.CountReport | None:
    """Each of `users` (trustees of the round) posts its decryption share of the aggregate;
    the last report (None when `users` is empty)."""
    state = EVoteRound.objects.get(round_id=round_.pk)
    records = ceremony.records(round_)
    by_user = {t.user_id: t.index for t in Trustee.objects.filter(round_id=round_.pk)}
    report = None
    for user in users:
        index = by_user[user.pk]
        share = ctally.decryption_share(state.extended_hash, index, shares[index], records,
                                        state.aggregate or [], rng)
        report = ceremony.decryption_submit(acting_user=user, round_=round_, share=share)
    return report


def confidence_selections(letters: str) -> list[int]:
    """A confidence ballot's marks (services.LINE_VALUES: h/m/l/n per person) as its
    selections: three per person in the manifest's order (ceremony.manifest_of; ballot.js's
    `marks`), all 0 for a row left blank."""
    return [int(mark == level) for mark in letters for level in services.CONFIDENCE_LEVELS]


def cast(round_: Round, user: User, selections: Sequence[int], rng: Rng | None = None,
         ) -> services.Cast:
    """A voter's phone: the ballot encrypted and proved under the round's key, as crypto.js
    does, with a fresh token, and cast through `services.vote_cast_encrypted`, which checks
    its proofs as it checks a real phone's."""
    keys = services.keys_of(Round.objects.select_related("election", "evote").get(pk=round_.pk))
    ballot, _reveal = cballots.encrypt_ballot(keys.manifest, keys.public_key, keys.extended_hash,
                                              selections, rng)
    token = services.ballot_token(round_, services.voter_for(user, round_))
    return services.vote_cast_encrypted(acting_user=user, round_=round_, token=token,
                                        ballot=cballots.canonical(ballot))
