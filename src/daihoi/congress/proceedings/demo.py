"""Demo of the hall for the congress in session: the two-day programme of the articles, the
current item (discussion), documents (small PDFs made here with reportlab), the votes
already taken, the draft resolution with its targets, 8 contributions and a speakers'
queue with a current speaker. Runs after the congress demo; deterministic from the seed."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from reportlab.platypus import Paragraph, Spacer

from daihoi.congress import selectors as congress_selectors
from daihoi.congress.models import Body, Congress, Delegate, roman
from daihoi.congress.proceedings import selectors, targets_parser
from daihoi.congress.proceedings.models import (
    AgendaItem,
    Contribution,
    Document,
    DocumentVersion,
    Hall,
    Resolution,
    Speech,
    Vote,
)
from daihoi.core import pdf
from daihoi.core.audit import audit_create_bulk, snapshot
from daihoi.core.models import AuditLog, User
from daihoi.rules import votes as voting
from daihoi.targets.models import Target

K = AgendaItem.Kind
# (session index: 0 preparatory / 1 official day 1 / 2 day 2, time, title, kind, presenter, minutes)
PROGRAMME = [
    (0, "14:00", "Khai mạc phiên trù bị; bầu Đoàn Chủ tịch, Đoàn Thư ký, Ban Thẩm tra tư cách đại biểu",
     K.PROCEDURE, "Ban Thường vụ Đảng ủy khóa XVII", 30),
    (0, "14:30", "Thông qua chương trình và quy chế làm việc của Đại hội", K.VOTE, "Đoàn Chủ tịch", 20),
    (0, "14:50", "Quán triệt các văn bản hướng dẫn; thảo luận dự thảo văn kiện theo tổ", K.DISCUSSION,
     "Đoàn Chủ tịch", 120),
    (1, "07:30", "Chào cờ; tuyên bố lý do, giới thiệu đại biểu", K.PROCEDURE, "Ban Tổ chức Đại hội", 15),
    (1, "07:45", "Diễn văn khai mạc Đại hội", K.REPORT, "Bí thư Đảng ủy khóa XVII", 15),
    (1, "08:00", "Báo cáo chính trị của Ban Chấp hành Đảng bộ khóa XVII", K.REPORT,
     "Phó Bí thư Thường trực Đảng ủy", 45),
    (1, "08:45", "Báo cáo kiểm điểm của Ban Chấp hành khóa XVII", K.REPORT, "Đoàn Chủ tịch", 20),
    (1, "09:05", "Báo cáo thẩm tra tư cách đại biểu", K.REPORT, "Ban Thẩm tra tư cách đại biểu", 10),
    (1, "09:30", "Thảo luận, tham luận tại hội trường", K.DISCUSSION, "Đoàn Chủ tịch", 90),
    (1, "11:00", "Phát biểu chỉ đạo của đồng chí Phó Bí thư Thường trực Tỉnh ủy", K.PROCEDURE,
     "Lê Thị Thu Hồng", 30),
    (2, "07:30", "Bầu Ban Kiểm phiếu; thông qua số lượng Ban Chấp hành khóa XVIII", K.VOTE,
     "Đoàn Chủ tịch", 20),
    (2, "07:50", "Bầu Ban Chấp hành Đảng bộ khóa XVIII", K.ELECTION, "Ban Kiểm phiếu", 90),
    (2, "09:30", "Bầu Đoàn đại biểu dự Đại hội Đảng bộ tỉnh", K.ELECTION, "Ban Kiểm phiếu", 60),
    (2, "10:30", "Thông qua Nghị quyết Đại hội", K.VOTE, "Đoàn Thư ký", 15),
    (2, "10:45", "Ban Chấp hành khóa mới ra mắt; bế mạc Đại hội", K.PROCEDURE, "Đoàn Chủ tịch", 20),
]
CURRENT = "Thảo luận, tham luận tại hội trường"

TARGET_TEXTS = [
    "Hằng năm có trên 95% đảng viên hoàn thành tốt nhiệm vụ, trong đó 20% hoàn thành xuất sắc",
    "kết nạp từ 750 đảng viên trở lên trong nhiệm kỳ, bình quân 150/năm",
    "Hằng năm có 90% trở lên tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ",
]
RESOLUTION_TEXT = (
    "Đại hội đại biểu Đảng bộ lần thứ {ordinal}, nhiệm kỳ {term} QUYẾT NGHỊ:\n"
    "1. Tán thành những nội dung cơ bản về đánh giá kết quả thực hiện Nghị quyết Đại hội khóa "
    "{previous} và phương hướng, mục tiêu, nhiệm vụ nhiệm kỳ {term} nêu trong Báo cáo chính trị.\n"
    "2. Mục tiêu tổng quát: Tiếp tục đẩy mạnh xây dựng và chỉnh đốn Đảng, nâng cao năng lực lãnh "
    "đạo, sức chiến đấu của các cấp ủy, tổ chức đảng trong Đảng bộ, phát huy vai trò hạt nhân "
    "chính trị, lãnh đạo đội ngũ cán bộ, đảng viên thực hiện tốt nhiệm vụ chính trị của các cơ "
    "quan, đơn vị.\n"
    "3. Các chỉ tiêu chủ yếu:\n- " + "\n- ".join(TARGET_TEXTS)
)
CONTRIBUTIONS = [
    ("Nâng cao chất lượng sinh hoạt chi bộ trong các cơ quan hành chính",
     "Chất lượng sinh hoạt chi bộ là thước đo năng lực lãnh đạo và sức chiến đấu của tổ chức đảng."),
    ("Vai trò nêu gương của người đứng đầu trong thực hiện nhiệm vụ chính trị",
     "Người đứng đầu phải là tấm gương về đạo đức, lối sống, tinh thần trách nhiệm trước công việc."),
    ("Đẩy mạnh cải cách hành chính, nâng cao chỉ số năng lực cạnh tranh cấp tỉnh (PCI)",
     "Cán bộ, đảng viên khối cơ quan là đội quân xung kích trong cải thiện môi trường đầu tư."),
    ("Công tác phát triển đảng viên trong đơn vị sự nghiệp công lập",
     "Năm năm qua toàn Đảng bộ kết nạp 1.001 đảng viên, vượt 25% so với mục tiêu đề ra."),
    ("Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
     "Mỗi tập thể đăng ký từ 1 – 2 việc, mỗi cá nhân từ 2 – 3 việc làm theo Bác, gắn với cam kết rèn luyện."),
    ("Tăng cường công tác kiểm tra, giám sát ở cơ sở",
     "Chủ động phát hiện và kiểm tra tổ chức đảng, đảng viên có dấu hiệu vi phạm, giữ nghiêm kỷ luật Đảng."),
    ("Nắm bắt tình hình tư tưởng cán bộ, đảng viên, người lao động",
     "Thông tin kịp thời những vấn đề nhạy cảm, phức tạp để tạo sự đồng thuận trong nội bộ."),
    ("Sắp xếp tổ chức bộ máy, tinh giản biên chế gắn với nâng cao chất lượng công vụ",
     "Tham mưu kiện toàn tổ chức bộ máy tinh gọn, hoạt động hiệu lực, hiệu quả."),
]


def _pdf(title: str, subtitle: str, paragraphs: list[str]) -> bytes:
    sheet = pdf.styles()
    # The titles hold the organization's name; the paragraphs are the demo's own text, with
    # its <br/> markup.
    story = [Paragraph(pdf.para_text(title), sheet["Title"]),
             Paragraph(pdf.para_text(subtitle), sheet["Center"]), Spacer(1, 12)]
    story += [Paragraph(p, sheet["BodyText"]) for p in paragraphs]
    return pdf.build_pdf(story, title=title)


def _vote(congress: Congress, subject: str, title: str, *, present: int, base: int, agree: int,
          disagree: int, other: int, at: dt.datetime, by: User | None, body: Body | None = None,
          item: AgendaItem | None = None) -> Vote:
    result = voting.vote_result(agree=agree, disagree=disagree, other=other, present=present, base=base)
    number = 28 if subject == Vote.Subject.COMMITTEE_SIZE else None
    return Vote(congress=congress, subject=subject, title=title, mode=Vote.Mode.HANDS, number=number,
                status=Vote.Status.CLOSED, agree=agree, disagree=disagree, other=other,
                present=present, base=base, adopted=result.adopted, recorded_at=at, recorded_by=by,
                created_at=at - dt.timedelta(minutes=2), body=body, agenda_item=item)


@transaction.atomic
def build(*, seed: int, log: Callable[[str], None]) -> None:
    rng = random.Random(seed + 7)  # noqa: S311 - demo data, reproducible from the seed
    congress = (Congress.objects.filter(status=Congress.Status.IN_SESSION)
                .select_related("organization").order_by("-starts_on").first())
    if congress is None:
        log("không có đại hội đang diễn ra: bỏ qua chương trình, biểu quyết")
        return
    if AgendaItem.objects.filter(congress=congress).exists():
        log("chương trình đại hội đã có")
        return
    secretary = User.objects.filter(username="thuky").first()
    now = timezone.now()
    resolution_text = RESOLUTION_TEXT.format(ordinal=congress.ordinal_roman, term=congress.term,
                                             previous=roman(max(congress.ordinal - 1, 1)))
    sessions = list(congress.sessions.order_by("order", "date"))

    # --- programme -------------------------------------------------------------------------
    items = []
    for order, (si, at, title, kind, presenter, minutes) in enumerate(PROGRAMME, start=1):
        session = sessions[min(si, len(sessions) - 1)] if sessions else None
        items.append(AgendaItem(congress=congress, session=session, order=order, title=title, kind=kind,
                                presenter=presenter, planned_start=dt.time.fromisoformat(at),
                                duration_minutes=minutes))
    AgendaItem.objects.bulk_create(items)
    by_title = {i.title: i for i in items}

    # --- documents (generated PDFs, two versions of the political report) -----------------
    title, term = selectors.title_lines(congress)
    docs_spec = [
        (Document.Kind.POLITICAL_REPORT, "Báo cáo chính trị của Ban Chấp hành khóa XVII",
         "Báo cáo chính trị của Ban Chấp hành Đảng bộ khóa XVII", 2),
        (Document.Kind.REVIEW_REPORT, "Báo cáo kiểm điểm của Ban Chấp hành khóa XVII",
         "Báo cáo kiểm điểm của Ban Chấp hành khóa XVII", 1),
        (Document.Kind.DRAFT_RESOLUTION, "Dự thảo Nghị quyết Đại hội", "Thông qua Nghị quyết Đại hội", 1),
        (Document.Kind.OTHER, "Quy chế làm việc của Đại hội",
         "Thông qua chương trình và quy chế làm việc của Đại hội", 1),
    ]
    documents, versions = [], []
    for doc_kind, doc_title, item_title, count in docs_spec:
        doc = Document.objects.create(congress=congress, title=doc_title, kind=doc_kind,
                                      agenda_item=by_title.get(item_title),
                                      created_at=now - dt.timedelta(days=10))
        documents.append(doc)
        for n in range(1, count + 1):
            content = _pdf(doc_title.upper(), f"{title}, {term.lower()}",
                           [f"(Dự thảo lần {n}.)", resolution_text.replace("\n", "<br/>")])
            v = DocumentVersion(document=doc, number=n, original_name=f"{doc_kind}-v{n}.pdf",
                                size=len(content), uploaded_by=secretary,
                                uploaded_at=now - dt.timedelta(days=10 - 3 * n),
                                note="Sửa theo ý kiến đóng góp của các tổ" if n > 1 else "")
            v.file.save(f"{doc_kind}-v{n}.pdf", ContentFile(content), save=False)
            v.save()
            versions.append(v)

    # --- votes already taken -----------------------------------------------------------------
    attendance = congress_selectors.attendance_summary(congress)
    base, present = attendance.base, attendance.present
    votes: list[Vote] = []
    prep_at = now - dt.timedelta(hours=1, minutes=40)
    few = 1 if present >= 50 else 0  # a few hands against, in a hall large enough
    if base:
        agenda_item = by_title["Thông qua chương trình và quy chế làm việc của Đại hội"]
        votes.append(_vote(congress, Vote.Subject.AGENDA, "Thông qua chương trình làm việc của Đại hội",
                           present=present, base=base, agree=present, disagree=0, other=0,
                           at=prep_at - dt.timedelta(minutes=5), by=secretary, item=agenda_item))
        for body in Body.objects.filter(congress=congress).order_by("kind"):
            if body.kind == Body.Kind.COUNTING:
                continue  # elected on day 2, with the number of committee members
            votes.append(_vote(congress, Vote.Subject.BODY, f"Thông qua danh sách {body}",
                               present=present, base=base, agree=present, disagree=0, other=0,
                               at=body.approved_at or prep_at, by=secretary, body=body))
        votes.append(_vote(congress, Vote.Subject.OTHER, "Thông qua quy chế làm việc của Đại hội",
                           present=present, base=base, agree=present - few, disagree=0, other=few,
                           at=prep_at, by=secretary, item=agenda_item))
        votes.append(_vote(congress, Vote.Subject.COMMITTEE_SIZE,
                           "Số lượng Ban Chấp hành Đảng bộ khóa XVIII: 28 đồng chí",
                           present=present, base=base, agree=present - 3 * few, disagree=few, other=2 * few,
                           at=now - dt.timedelta(minutes=50), by=secretary,
                           item=by_title["Bầu Ban Kiểm phiếu; thông qua số lượng Ban Chấp hành khóa XVIII"]))
    Vote.objects.bulk_create(votes)
    resolution_vote = Vote.objects.create(
        congress=congress, subject=Vote.Subject.RESOLUTION, title="Thông qua Nghị quyết Đại hội",
        mode=Vote.Mode.DEVICE, agenda_item=by_title["Thông qua Nghị quyết Đại hội"])

    # --- the draft resolution and its targets ------------------------------------------------
    resolution = Resolution.objects.create(
        congress=congress, title=f"Nghị quyết Đại hội đại biểu Đảng bộ lần thứ {congress.ordinal_roman}",
        text=resolution_text, document=documents[2], vote=resolution_vote)
    targets: list[Target] = []
    for text in TARGET_TEXTS:
        for sg in targets_parser.suggest_targets(text):
            targets.append(Target(congress=congress, number=len(targets) + 1, text=sg.text,
                                  metric=sg.metric, comparison=sg.comparison, value=sg.value,
                                  unit=sg.unit, period=sg.period))
    Target.objects.bulk_create(targets)

    # --- contributions and the speakers' queue ----------------------------------------------
    delegates = list(Delegate.objects.filter(congress=congress, kind=Delegate.Kind.OFFICIAL)
                     .select_related("member", "represents").order_by("number", "id"))
    speakers = rng.sample(delegates, min(len(delegates), len(CONTRIBUTIONS) + 2))
    contributions = []
    for i, (ctitle, lead) in enumerate(CONTRIBUTIONS):
        d = speakers[i % len(speakers)] if speakers else None
        body_text = "\n".join([lead] + [
            "Trong nhiệm kỳ qua, cấp ủy đã tập trung lãnh đạo, chỉ đạo triển khai đồng bộ các giải "
            "pháp, đạt được nhiều kết quả quan trọng; bên cạnh đó vẫn còn những hạn chế cần khắc phục."
        ] * 3 + ["Chúng tôi đề xuất Đại hội một số giải pháp trong nhiệm kỳ 2020 – 2025 như trên."])
        contributions.append(Contribution(
            congress=congress, title=ctitle, author=d.member.full_name if d else "Ban Tổ chức",
            organization=d.represents if d else None, delegate=d, text=body_text,
            submitted_at=now - dt.timedelta(days=3, hours=-i), submitted_by=secretary))
    Contribution.objects.bulk_create(contributions)
    speeches = []
    for i, c in enumerate(contributions[:5]):
        status = [Speech.Status.DONE, Speech.Status.DONE, Speech.Status.SPEAKING,
                  Speech.Status.QUEUED, Speech.Status.QUEUED][i]
        started = {0: now - dt.timedelta(minutes=20), 1: now - dt.timedelta(minutes=12),
                   2: now - dt.timedelta(minutes=2)}.get(i)
        speeches.append(Speech(
            congress=congress, speaker=c.author, affiliation=str(c.organization or ""), delegate=c.delegate,
            contribution=c, topic=c.title, position=i + 1, minutes=7, status=status,
            started_at=started,
            ended_at=(started + dt.timedelta(minutes=7))
            if status == Speech.Status.DONE and started else None))
    if len(speakers) > len(CONTRIBUTIONS):
        d = speakers[len(CONTRIBUTIONS)]
        speeches.append(Speech(congress=congress, speaker=d.member.full_name, affiliation=str(d.represents),
                               delegate=d, topic="Công tác cán bộ trẻ", position=6,
                               status=Speech.Status.REQUESTED, requested_at=now - dt.timedelta(minutes=5)))
    Speech.objects.bulk_create(speeches)
    speaking = next(s for s in speeches if s.status == Speech.Status.SPEAKING)
    hall = Hall.objects.create(congress=congress, current_item=by_title[CURRENT], current_speech=speaking)

    audit_create_bulk(actor=None, verb="demo", objs=[
        *items, *documents, *votes, resolution_vote, resolution, *targets, *speeches, hall])
    # core.audit.snapshot does not serialise file fields: these rows name the stored path.
    file_rows = []
    with_files: list[DocumentVersion | Contribution] = [*versions, *contributions]
    for obj in with_files:
        after = snapshot(obj, exclude=["file"])
        after["file"] = obj.file.name or ""
        file_rows.append(AuditLog(action=AuditLog.Action.CREATE, verb="demo", after=after,
                                  content_type=ContentType.objects.get_for_model(obj),
                                  object_id=str(obj.pk), object_repr=str(obj)[:255]))
    AuditLog.objects.bulk_create(file_rows)
    if secretary is not None:
        # Inside this builder's transaction: the publishing service's own helper (the
        # service is a durable transaction of its own and cannot nest in this one).
        from daihoi.congress.proceedings.services import _publish_book

        _publish_book(secretary, congress)
    log(f"chương trình {len(items)} mục, {len(documents)} tài liệu ({len(versions)} phiên bản), "
        f"{len(votes)} biểu quyết, {len(targets)} chỉ tiêu, {len(contributions)} tham luận, "
        f"{len(speeches)} lượt phát biểu")
