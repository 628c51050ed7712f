"""Every rule of RULES.md written once, with its citation: pure Python, no Django.

Each module is a part of the regulations: `counting` (who is elected, valid ballots; also
`daihoi tally`), `majority` ("more than half"), `percent` (percentages, half up), `surplus`
and `nomination` (the candidate list), `rulesets` (every parameter with its default and
citation), `quorum`, `votes` (adopting a resolution), `ballot_entry`, `membership`
(probation, age, seniority), `names` (Vietnamese name order and folding); `errors` holds
`RulesError`. Nothing here imports Django or an app: tests/rules/test_pure.py fails if one
does.
"""
