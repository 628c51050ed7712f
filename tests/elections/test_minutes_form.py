"""The counting minutes in the layout of the forms (Hướng dẫn 04-HD/TW; heading by Hướng dẫn
36-HD/VPTW), the candidate list with what the delegates read, the ballot naming the term."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from reportlab.platypus import KeepTogether

from daihoi.core.pdf import document_date, place_and_date
from daihoi.elections import pdf
from daihoi.elections.models import Decision, Round
from daihoi.organizations.models import Member, Organization
from daihoi.organizations.selectors import document_place
from tests.conftest import save_artifact

pytestmark = pytest.mark.django_db


def test_heading_dates_write_the_zeros_of_36_hd() -> None:
    """Hướng dẫn 36-HD/VPTW: a day below 10 and the months 1 and 2 take a leading 0."""
    assert document_date(dt.date(2025, 2, 5)) == "ngày 05 tháng 02 năm 2025"
    assert document_date(dt.date(2025, 3, 15)) == "ngày 15 tháng 3 năm 2025"
    assert document_date(dt.date(2025, 12, 1)) == "ngày 01 tháng 12 năm 2025"
    assert place_and_date("", dt.date(2025, 12, 1)).startswith("……, ngày 01")


def test_the_place_is_the_province_of_the_nearest_address(org: Organization) -> None:
    child = Organization.objects.create(name="Chi bộ A", kind=Organization.Kind.CELL, parent=org)
    assert document_place(child) == ""
    org.address = "Số 1 đường Hoàng Văn Thụ, tỉnh Bắc Giang"
    org.save()
    assert document_place(child) == "Bắc Giang"


def test_minutes_follow_the_form(counted_round: Round) -> None:
    round_ = counted_round
    round_.election.organization.address = "Phường Trần Phú, tỉnh Bắc Giang"
    round_.election.organization.save()
    story = pdf.minutes_story(round_)
    text = pdf.story_text(story)
    # Heading: the issuing body, the Party, place and date; the round in the title.
    assert "BAN KIỂM PHIẾU" in text and "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "Bắc Giang, ngày " in text
    assert "Bầu Ban Chấp hành khóa mới (lần 1)" in text
    # The "Căn cứ" lines name the regulations only, one a line.
    bases = [line for line in text.splitlines() if line.startswith("Căn cứ")]
    assert len(bases) == 4 and "190-QĐ/TW" in bases[1]
    assert "Số dư không quá" not in text  # the system's rule list is not a legal basis
    # Open rules appear as what was decided, never as "no rule".
    assert "chưa có quy định" not in text
    assert "Cách xét phiếu:" in text and "xác nhận lúc" in text
    # Start and end of the count.
    assert "bắt đầu kiểm phiếu lúc" in text and "kết thúc lúc" in text
    assert "… giờ" not in text.split("kết thúc lúc")[1].splitlines()[0]
    assert "75,00" in text  # the decimal comma


def test_a_recorded_decision_is_printed_with_who_took_it(counted_round: Round) -> None:
    Decision.objects.create(election=counted_round.election, kind=Decision.Kind.OTHER,
                            text="Giữ nguyên danh sách", decided_by="Đoàn Chủ tịch",
                            decided_at=dt.datetime(2025, 10, 2, 9, 0, tzinfo=dt.UTC))
    text = pdf.story_text(pdf.minutes_story(counted_round))
    assert "Đoàn Chủ tịch quyết định ngày 02/10/2025: Giữ nguyên danh sách" in text


def test_the_signatures_stay_with_their_names(counting_round: Any, counter: Any) -> None:
    """However long the list, the closing lines, the signature titles and the names are one
    block: reportlab moves it whole to the next page rather than split it."""
    from daihoi.elections import services

    names = [f"Nguyễn Văn Thứ {i:02d}" for i in range(40)]
    round_ = counting_round(convened=4, issued=4, seats=30, names=names)
    group = round_.groups.get()
    for _ in range(4):
        services.ballot_enter(acting_user=counter, group=group, marks="1")
    services.round_finalize(acting_user=counter, round_=round_)
    round_.refresh_from_db()
    story = pdf.minutes_story(round_)
    block = story[-1]
    assert isinstance(block, KeepTogether)
    inner = pdf.story_text(block._content)
    assert "TRƯỞNG BAN" in inner and "Biên bản được lập xong" in inner
    save_artifact("minutes-long.pdf", pdf.minutes_pdf(round_))


def test_candidate_list_gives_birth_year_position_and_organization(
        make_election: Any, org: Organization) -> None:
    from daihoi.elections.models import Candidate

    committee = Organization.objects.create(name="Đảng bộ Sở Y tế", parent=org,
                                            kind=Organization.Kind.GRASSROOTS_COMMITTEE)
    cell = Organization.objects.create(name="Chi bộ Trung tâm Dịch vụ", parent=committee,
                                       kind=Organization.Kind.CELL)
    member = Member.objects.create(full_name="Nguyễn Văn An", gender="male",
                                   date_of_birth=dt.date(1975, 4, 3),
                                   admission_date=dt.date(2000, 1, 1), organization=cell,
                                   position="Giám đốc")
    election = make_election()
    Candidate.objects.filter(election=election, full_name="Nguyễn Văn An").update(member=member)
    text = pdf.story_text(pdf.candidate_list_story(election))
    assert "1975" in text
    assert "Giám đốc, Chi bộ Trung tâm Dịch vụ — Đảng bộ Sở Y tế" in text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text


def test_the_ballot_names_the_term(make_election: Any) -> None:
    election = make_election()
    assert pdf.ballot_subtitle(election) == "Nhiệm kỳ 2025–2030"
