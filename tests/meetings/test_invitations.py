"""Invitations sent with the documents (issue 17, item 1): each invitee's letter (giấy mời)
lists the agenda and the drafts at their latest version; the member sees them with their
invitation; a member prints their own letter only, the office any."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from daihoi.meetings import reports, services
from tests.meetings import helpers as h

pytestmark = pytest.mark.django_db


def _invited():
    actor = h.office()
    c = h.committee(actor, seats=3)
    conf = h.conference(actor, c, agenda="Sơ kết giữa nhiệm kỳ\nBáo cáo tài chính",
                        place="Hội trường Đảng ủy Khối")
    draft = services.draft_create(acting_user=actor, conference=conf, title="Dự thảo Báo cáo sơ kết",
                                  filename="d.docx", data=h.docx(h.DRAFT))
    services.version_add(acting_user=actor, draft=draft, filename="d2.docx", data=h.docx(h.DRAFT[:2]))
    services.invitations_send(acting_user=actor, conference=conf,
                              guests=[("Nguyễn Văn Khách", "Ban Tổ chức Tỉnh ủy")])
    return actor, c, conf


def test_the_letter_lists_the_agenda_and_the_documents_in_local_time() -> None:
    _actor, _c, conf = _invited()
    guest = conf.invitations.get(seat=None)
    text = h.pdf_text(reports.invitation_pdf(guest))
    assert "Nguyễn Văn Khách, Ban Tổ chức Tỉnh ủy" in text and "Báo cáo tài chính" in text
    assert "Dự thảo Báo cáo sơ kết (phiên bản 2)" in text
    # The helpers' conference is at 14:00 local time (stored in UTC).
    assert f"14:00 {(h.START + dt.timedelta(days=30)).strftime('%d/%m/%Y')}" in text


def test_a_member_sees_the_documents_and_prints_only_their_own_letter(client) -> None:
    actor, c, conf = _invited()
    client.force_login(h.seat_user(c, 1))
    page = client.get(reverse("meetings:conference", args=[conf.pk])).content.decode()
    draft = conf.drafts.get()
    assert 'id="invitation-documents"' in page
    assert reverse("meetings:version_file", args=[draft.pk, 2]) in page
    mine = conf.invitations.get(seat__order=2)
    theirs = conf.invitations.get(seat__order=1)
    assert client.get(reverse("meetings:invitation_pdf", args=[mine.pk])).status_code == 200
    assert client.get(reverse("meetings:invitation_pdf", args=[theirs.pk])).status_code == 404
    client.force_login(actor)
    assert client.get(reverse("meetings:invitation_pdf", args=[theirs.pk])).status_code == 200
