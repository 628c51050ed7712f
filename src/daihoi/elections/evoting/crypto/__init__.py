"""The encrypted scheme's cryptography (docs/evote-protocol.md), pure: no Django, only
pysodium (libsodium), hashlib and json, so `daihoi verify` runs it without the application.

`group` the ristretto255 operations and the hash; `ballots` the ballots, their proofs, the
tracker and the sum; `ceremony` the trustees' keys (k of n); `tally` the decryption of the
sums; `board` the check of a whole bulletin board.
"""
