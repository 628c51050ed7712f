"""A round's ballot made to be read: its text, its code and its layout (the application side).

The elections app's ballot PDF draws with these, and the reader of the round's scans uses the
same layout, so the two cannot drift apart.
"""

from __future__ import annotations

from daihoi.elections import selectors
from daihoi.elections.electorate import electorate_of
from daihoi.elections.models import Election, Round
from daihoi.elections.scanning.layout import Layout, round_code
from daihoi.elections.scanning.printing import BallotText, ballot_layout_for, sheet_for


def org_lines(election: Election) -> list[str]:
    """The convening committee's name as the header prints it: the parent above, upper case."""
    org = election.organization
    lines = []
    if org.parent is not None:
        lines.append(org.parent.name.upper())
    lines.append(org.name.upper())
    return lines


def ballot_subtitle(election: Election) -> str:
    """The congress and the term the ballot elects for (the electorate names its body; else
    the election's own term)."""
    found = electorate_of(election)
    title = found.body_title(election) if found is not None else ""
    if title:
        return title
    return f"Nhiệm kỳ {election.term}" if election.term else ""


def ballot_text(round_: Round) -> BallotText:
    election = round_.election
    title = election.title if round_.number == 1 else f"{election.title} (lần {round_.number})"
    names = [c.full_name for c in selectors.ballot_candidates(round_)]
    return BallotText(org_lines=org_lines(election),
                      stamp_label="Dấu của " + (election.organization.short_name
                                                or "cấp ủy triệu tập"),
                      title=title, names=names, ballot_format=round_.ballot_format,
                      term=ballot_subtitle(election))


def code_of(round_: Round, text: BallotText | None = None, size: str = "A5") -> int:
    """The round's code: the election's id and the round's number, with its list, form and
    sheet."""
    text = text or ballot_text(round_)
    return round_code(f"daihoi election {round_.election_id} round {round_.number}",
                      text.names, text.ballot_format, size)


def layout_of(round_: Round, size: str = "A5") -> tuple[BallotText, Layout]:
    """The ballot on sheet `size`, or on A4 when its list does not fit (the layout decides)."""
    text = ballot_text(round_)
    sheet = sheet_for(text, size)
    return text, ballot_layout_for(text, code_of(round_, text, sheet), sheet)


def layouts_of(round_: Round) -> tuple[BallotText, list[Layout]]:
    """Every layout the round's ballot may have been printed with (the office picks A5 or
    A4): a scan batch keeps them all, and the reader takes the one its code names."""
    text = ballot_text(round_)
    sheets = dict.fromkeys(sheet_for(text, size) for size in ("A5", "A4"))
    return text, [ballot_layout_for(text, code_of(round_, text, s), s) for s in sheets]
