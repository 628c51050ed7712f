"""Changes in the hall: programme, documents, votes, resolution, discussion.

Each public function here is one durable transaction with one permission check and its
audit rows; what two of them share is a private helper (no public service calls another,
which would check permissions twice and nest transactions). Reads are in `selectors`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from pathlib import PurePosixPath
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from daihoi.congress import selectors as congress_selectors
from daihoi.congress import services as congress_services
from daihoi.congress.models import Congress
from daihoi.congress.proceedings import access, pdfs, selectors
from daihoi.congress.proceedings.models import (
    AgendaItem,
    Contribution,
    DeviceVote,
    Document,
    DocumentVersion,
    Hall,
    Resolution,
    Speech,
    Target,
    Vote,
)
from daihoi.core.audit import audit, audit_create, audit_delete, audit_update, snapshot
from daihoi.core.models import AuditLog, User
from daihoi.core.permissions import require_role
from daihoi.core.roles import Role
from daihoi.organizations.models import Organization
from daihoi.rules import votes as voting

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
RESOLUTION_TITLE = "Nghị quyết Đại hội"  # the title when none is given (as printed, not translated)
ALLOWED_TYPES = {".pdf": b"%PDF-", ".docx": b"PK\x03\x04"}

ITEM_OTHER_CONGRESS = _("Mục chương trình không thuộc đại hội này.")
FILE_MISSING = _("Chưa chọn tệp.")
FILE_TYPE = _("Tệp «{name}»: chỉ nhận PDF hoặc DOCX.")
FILE_CONTENT = _("Tệp «{name}»: nội dung không phải {kind} (tệp hỏng hoặc đổi đuôi).")
FILE_TOO_BIG = _("Tệp «{name}» dung lượng {size} MB, vượt giới hạn {limit} MB.")
VOTE_NOT_HANDS = _("Biểu quyết này làm trên thiết bị: số phiếu do hệ thống đếm.")
VOTE_NOT_DEVICE = _("Biểu quyết này bằng giơ tay: Đoàn Thư ký nhập số phiếu.")
VOTE_ALREADY_CLOSED = _("Biểu quyết «{title}» đã có kết quả lúc {at}.")
VOTE_NOT_OPEN = _("Biểu quyết «{title}» chưa mở hoặc đã kết thúc.")
VOTE_ALREADY_OPEN = _("Biểu quyết «{title}» đang mở.")
VOTE_NO_ATTENDANCE = _("Chưa có số đại biểu triệu tập / có mặt: kiểm tra danh sách đại biểu và điểm danh.")
VOTE_COUNTS = _("Số phiếu không hợp lệ: {reason}")
VOTE_BODY_REQUIRED = _("Biểu quyết thông qua cơ quan giúp việc phải chọn cơ quan.")
VOTE_BAD_KIND = _("Nội dung «{subject}» hoặc hình thức «{mode}» không có trong danh mục biểu quyết.")
VOTE_NUMBER_REQUIRED = _("Biểu quyết số lượng cấp ủy viên phải ghi số lượng.")
DEVICE_NOT_DELEGATE = _("Tài khoản này không phải đại biểu chính thức của đại hội.")
DEVICE_ALREADY = _("Đồng chí đã biểu quyết nội dung này.")
DEVICE_NOT_PRESENT = _("Đồng chí chưa điểm danh phiên họp này: chưa biểu quyết được.")
DEVICE_BAD_CHOICE = _("Lựa chọn không hợp lệ.")
TARGET_VALUE = _("Chỉ tiêu số {number}: giá trị «{value}» không phải là số.")
CONTRIBUTION_EMPTY = _("Bài tham luận cần nội dung hoặc tệp đính kèm.")
CONTRIBUTION_NOT_YOURS = _("Đại biểu gửi tham luận dưới tên của chính mình; tham luận mang tên "
                           "người khác, một tổ chức hay một cơ quan do Đoàn Chủ tịch ghi.")
CONTRIBUTION_AUTHOR_REQUIRED = _("Phải ghi tác giả của bài tham luận.")
SPEECH_NOT_DELEGATE = _("Chỉ đại biểu của đại hội mới đăng ký phát biểu được.")
SPEECH_ALREADY_ASKED = _("Đồng chí đã có tên trong danh sách phát biểu.")


def _audit_create(actor: User | None, obj: Any, verb: str = "") -> None:
    audit_create(actor=actor, obj=obj, verb=verb)


def _audit_create_with_file(actor: User | None, obj: Any) -> None:
    # core.audit.snapshot does not serialise a FieldFile: record the stored path instead.
    after = snapshot(obj, exclude=["file"])
    after["file"] = obj.file.name if obj.file else ""
    audit(actor=actor, obj=obj, action=AuditLog.Action.CREATE, after=after)


def _hall_for(congress: Congress, acting_user: User | None) -> Hall:
    hall, created = Hall.objects.get_or_create(congress=congress)
    if created:
        _audit_create(acting_user, hall)
    return hall


# --- agenda -----------------------------------------------------------------------------------

@transaction.atomic(durable=True)
def agenda_item_create(
    *, acting_user: User | None, congress: Congress, title: str, kind: str = AgendaItem.Kind.PROCEDURE,
    presenter: str = "", planned_start: dt.time | None = None, duration_minutes: int = 15,
    session_id: int | None = None, order: int | None = None,
) -> AgendaItem:
    access.require_run(acting_user, congress)
    if order is None:
        order = (AgendaItem.objects.filter(congress=congress).aggregate(m=Max("order"))["m"] or 0) + 1
    if session_id is not None and not congress.sessions.filter(pk=session_id).exists():
        raise ValidationError(str(ITEM_OTHER_CONGRESS))
    item = AgendaItem(
        congress=congress, title=title.strip(), kind=kind, presenter=presenter.strip(),
        planned_start=planned_start, duration_minutes=duration_minutes, session_id=session_id,
        order=order,
    )
    item.full_clean()  # the kind from the list, a title, lengths
    item.save()
    _audit_create(acting_user, item)
    return item


AGENDA_FIELDS = ("title", "kind", "presenter", "planned_start", "duration_minutes", "session_id")


@transaction.atomic(durable=True)
def agenda_item_update(*, acting_user: User | None, item: AgendaItem, **changes: Any) -> AgendaItem:
    access.require_run(acting_user, item.congress)
    unknown = set(changes) - set(AGENDA_FIELDS)
    if unknown:
        raise TypeError(f"agenda_item_update: unknown fields {sorted(unknown)}")
    session_id = changes.get("session_id")
    if session_id is not None and not item.congress.sessions.filter(pk=session_id).exists():
        raise ValidationError(str(ITEM_OTHER_CONGRESS))
    before = snapshot(item)
    for key, value in changes.items():
        setattr(item, key, value.strip() if isinstance(value, str) else value)
    item.full_clean()
    item.save()
    audit_update(actor=acting_user, obj=item, before=before)
    return item


@transaction.atomic(durable=True)
def agenda_item_delete(*, acting_user: User | None, item: AgendaItem) -> None:
    access.require_run(acting_user, item.congress)
    audit_delete(actor=acting_user, obj=item)
    item.delete()


@transaction.atomic(durable=True)
def agenda_item_move(*, acting_user: User | None, item: AgendaItem, step: int) -> None:
    """Swap with the neighbour above (step -1) or below (+1); orders are renumbered 1..n."""
    access.require_run(acting_user, item.congress)
    items = list(AgendaItem.objects.filter(congress_id=item.congress_id).order_by("order", "id"))
    index = next(i for i, it in enumerate(items) if it.pk == item.pk)
    other = index + step
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    for number, it in enumerate(items, start=1):
        if it.order != number:
            before = snapshot(it)
            it.order = number
            it.save(update_fields=["order"])
            audit_update(actor=acting_user, obj=it, before=before, verb="reorder")


@transaction.atomic(durable=True)
def agenda_set_current(*, acting_user: User | None, congress: Congress,
                       item: AgendaItem | None) -> Hall:
    """The secretariat moves the hall to `item` (None: no item); the big screen follows."""
    access.require_run(acting_user, congress)
    if item is not None and item.congress_id != congress.pk:
        raise ValidationError(str(ITEM_OTHER_CONGRESS))
    return _set_current(acting_user, congress, item)


def _set_current(acting_user: User | None, congress: Congress, item: AgendaItem | None) -> Hall:
    hall = _hall_for(congress, acting_user)
    if hall.current_item_id == (item.pk if item else None):
        return hall
    before = snapshot(hall)
    hall.current_item = item
    # The agenda moves on: the speech under way ends with its item, so the big screen does
    # not keep the speaker's card with an overtime timer growing under the next item.
    speech = hall.current_speech
    if speech is not None:
        hall.current_speech = None
        if speech.status == Speech.Status.SPEAKING:
            _speech_update(acting_user, speech, "finish", status=Speech.Status.DONE,
                           ended_at=timezone.now())
    hall.save()
    audit_update(actor=acting_user, obj=hall, before=before, verb="current_item")
    return hall


@transaction.atomic(durable=True)
def agenda_step(*, acting_user: User | None, congress: Congress, step: int) -> Hall:
    """Next (+1) or previous (-1) item of the programme: the "one key" of the secretariat."""
    access.require_run(acting_user, congress)
    items = list(AgendaItem.objects.filter(congress=congress).order_by("order", "id"))
    if not items:
        return _hall_for(congress, acting_user)
    hall = _hall_for(congress, acting_user)
    ids = [it.pk for it in items]
    if hall.current_item_id in ids:
        index = min(max(ids.index(hall.current_item_id) + step, 0), len(items) - 1)
    else:
        index = 0
    return _set_current(acting_user, congress, items[index])


# --- documents --------------------------------------------------------------------------------

def validate_upload(upload: UploadedFile | None) -> str:
    """PDF or DOCX, checked by name AND by the first bytes; at most 20 MB. Returns the suffix."""
    if upload is None:
        raise ValidationError(str(FILE_MISSING))
    name = upload.name or ""
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in ALLOWED_TYPES:
        raise ValidationError(str(FILE_TYPE).format(name=name))
    size = upload.size or 0
    if size > MAX_DOCUMENT_BYTES:
        raise ValidationError(str(FILE_TOO_BIG).format(
            name=name, size=round(size / 1048576, 1), limit=MAX_DOCUMENT_BYTES // 1048576))
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not head.startswith(ALLOWED_TYPES[suffix]):
        raise ValidationError(str(FILE_CONTENT).format(name=name, kind=suffix[1:].upper()))
    return suffix


@transaction.atomic(durable=True)
def document_create(
    *, acting_user: User | None, congress: Congress, title: str, kind: str,
    upload: UploadedFile, agenda_item: AgendaItem | None = None, note: str = "",
) -> Document:
    access.require_run(acting_user, congress)
    validate_upload(upload)
    if agenda_item is not None and agenda_item.congress_id != congress.pk:
        raise ValidationError(str(ITEM_OTHER_CONGRESS))
    return _create_document(acting_user, congress, title=title, kind=kind, upload=upload,
                            agenda_item=agenda_item, note=note)


def _create_document(acting_user: User | None, congress: Congress, *, title: str, kind: str,
                     upload: UploadedFile, agenda_item: AgendaItem | None = None,
                     note: str = "") -> Document:
    doc = Document(congress=congress, title=title.strip(), kind=kind, agenda_item=agenda_item)
    doc.full_clean()
    doc.save()
    _audit_create(acting_user, doc)
    _add_version(acting_user, doc, upload, note)
    return doc


@transaction.atomic(durable=True)
def document_add_version(*, acting_user: User | None, document: Document, upload: UploadedFile,
                         note: str = "") -> DocumentVersion:
    """A new upload of the same document is a new version; older ones stay downloadable."""
    access.require_run(acting_user, document.congress)
    validate_upload(upload)
    return _add_version(acting_user, document, upload, note)


def _add_version(acting_user: User | None, document: Document, upload: UploadedFile,
                 note: str = "") -> DocumentVersion:
    # Lock the document row so that two uploads at once get numbers n+1 and n+2.
    Document.objects.select_for_update().get(pk=document.pk)
    last = document.versions.aggregate(m=Max("number"))["m"] or 0
    version = DocumentVersion(document=document, number=last + 1, original_name=upload.name or "",
                              size=upload.size or 0, note=note.strip()[:255], uploaded_by=acting_user)
    version.file.save(upload.name or "document", upload, save=False)
    version.save()
    _audit_create_with_file(acting_user, version)
    return version


# --- votes ------------------------------------------------------------------------------------

@transaction.atomic(durable=True)
def vote_create(
    *, acting_user: User | None, congress: Congress, subject: str, title: str,
    mode: str = Vote.Mode.HANDS, agenda_item: AgendaItem | None = None, body: Any = None,
    number: int | None = None,
) -> Vote:
    require_role(acting_user, Role.SECRETARIAT)
    if agenda_item is not None and agenda_item.congress_id != congress.pk:
        raise ValidationError(str(ITEM_OTHER_CONGRESS))
    if subject not in Vote.Subject.values or mode not in Vote.Mode.values:
        raise ValidationError(str(VOTE_BAD_KIND).format(subject=subject, mode=mode))
    if subject == Vote.Subject.BODY and body is None:
        raise ValidationError(str(VOTE_BODY_REQUIRED))
    if subject == Vote.Subject.COMMITTEE_SIZE and not number:
        raise ValidationError(str(VOTE_NUMBER_REQUIRED))
    vote = Vote.objects.create(congress=congress, subject=subject, title=title.strip(), mode=mode,
                               agenda_item=agenda_item, body=body, number=number or None)
    _audit_create(acting_user, vote)
    return vote


def _close(vote: Vote, *, acting_user: User | None, agree: int, disagree: int, other: int) -> Vote:
    """Take present and base from attendance NOW, compute, store, and approve the body."""
    attendance = congress_selectors.attendance_summary(vote.congress)
    try:
        result = voting.vote_result(agree=agree, disagree=disagree, other=other,
                                    present=attendance.present, base=attendance.base)
    except voting.VoteCountError as exc:
        if attendance.base == 0:
            raise ValidationError(str(VOTE_NO_ATTENDANCE)) from exc
        raise ValidationError(str(VOTE_COUNTS).format(reason=exc)) from exc
    before = snapshot(vote)
    vote.agree, vote.disagree, vote.other = result.agree, result.disagree, result.other
    vote.present, vote.base, vote.adopted = result.present, result.base, result.adopted
    vote.status = Vote.Status.CLOSED
    vote.recorded_at = timezone.now()
    vote.recorded_by = acting_user if acting_user and acting_user.is_authenticated else None
    vote.save()
    audit_update(actor=acting_user, obj=vote, before=before, verb="result")
    if result.adopted and vote.body is not None:
        # The vote is the congress approving the body: the same change and audit row as the
        # secretariat's "record approval", inside this transaction, checked once (above).
        congress_services._approve_body(acting_user, vote.body,
                                        note=f"{vote.title}: {result.agree}/{result.base} tán thành")
    return vote


@transaction.atomic(durable=True)
def vote_record_hands(*, acting_user: User | None, vote: Vote, agree: int, disagree: int,
                      other: int) -> Vote:
    """Only the secretariat enters show-of-hands counts."""
    require_role(acting_user, Role.SECRETARIAT)
    vote = Vote.objects.select_for_update(of=("self",)).select_related("congress").get(pk=vote.pk)
    if vote.mode != Vote.Mode.HANDS:
        raise ValidationError(str(VOTE_NOT_HANDS))
    if vote.status == Vote.Status.CLOSED:
        raise ValidationError(str(VOTE_ALREADY_CLOSED).format(
            title=vote.title, at=timezone.localtime(vote.recorded_at).strftime("%H:%M %d/%m/%Y")))
    return _close(vote, acting_user=acting_user, agree=agree, disagree=disagree, other=other)


@transaction.atomic(durable=True)
def vote_open(*, acting_user: User | None, vote: Vote) -> Vote:
    require_role(acting_user, Role.SECRETARIAT)
    vote = Vote.objects.select_for_update().get(pk=vote.pk)
    if vote.mode != Vote.Mode.DEVICE:
        raise ValidationError(str(VOTE_NOT_DEVICE))
    if vote.status != Vote.Status.DRAFT:
        raise ValidationError(str(VOTE_ALREADY_OPEN if vote.status == Vote.Status.OPEN
                                  else VOTE_NOT_OPEN).format(title=vote.title))
    before = snapshot(vote)
    vote.status = Vote.Status.OPEN
    vote.opened_at = timezone.now()
    vote.save(update_fields=["status", "opened_at"])
    audit_update(actor=acting_user, obj=vote, before=before, verb="open")
    return vote


@transaction.atomic(durable=True)
def vote_close(*, acting_user: User | None, vote: Vote) -> Vote:
    require_role(acting_user, Role.SECRETARIAT)
    vote = Vote.objects.select_for_update(of=("self",)).select_related("congress").get(pk=vote.pk)
    if vote.mode != Vote.Mode.DEVICE:
        raise ValidationError(str(VOTE_NOT_DEVICE))
    if vote.status != Vote.Status.OPEN:
        raise ValidationError(str(VOTE_NOT_OPEN).format(title=vote.title))
    return _close(vote, acting_user=acting_user, **selectors.device_counts(vote))


@transaction.atomic(durable=True)
def device_vote_cast(*, acting_user: User | None, vote: Vote, choice: str) -> DeviceVote:
    """One answer per delegate (unique constraint); an open vote, so who chose what is kept."""
    if choice not in DeviceVote.Choice.values:
        raise ValidationError(str(DEVICE_BAD_CHOICE))
    # Lock the vote row: a vote being closed waits for the answers already in progress, and
    # an answer arriving after the close sees it closed (the count never misses one).
    vote = Vote.objects.select_for_update(of=("self",)).select_related("congress").get(pk=vote.pk)
    delegate = selectors.voting_delegate(acting_user, vote.congress)
    if delegate is None:
        raise ValidationError(str(DEVICE_NOT_DELEGATE))
    if vote.mode != Vote.Mode.DEVICE or vote.status != Vote.Status.OPEN:
        raise ValidationError(str(VOTE_NOT_OPEN).format(title=vote.title))
    if not congress_selectors.delegate_is_present(delegate):
        raise ValidationError(str(DEVICE_NOT_PRESENT))
    try:
        with transaction.atomic():
            row = DeviceVote.objects.create(vote=vote, delegate=delegate, choice=choice)
    except IntegrityError as exc:
        raise ValidationError(str(DEVICE_ALREADY)) from exc
    _audit_create(acting_user, row)
    return row


# --- resolution and targets -------------------------------------------------------------------

@transaction.atomic(durable=True)
def resolution_save(*, acting_user: User | None, congress: Congress, title: str, text: str,
                    vote: Vote | None = None, document: Document | None = None,
                    upload: UploadedFile | None = None) -> Resolution:
    """The resolution's title and text; with `upload`, its file too: a new version of
    `document`, or a new draft-resolution document (a bad file changes nothing)."""
    access.require_run(acting_user, congress)
    if upload is not None:
        validate_upload(upload)
        if document is not None:
            _add_version(acting_user, document, upload)
        else:
            document = _create_document(acting_user, congress, title=title,
                                        kind=Document.Kind.DRAFT_RESOLUTION, upload=upload)
    return _save_resolution(acting_user, congress, title=title, text=text, vote=vote, document=document)


def _save_resolution(acting_user: User | None, congress: Congress, *, title: str, text: str,
                     vote: Vote | None = None, document: Document | None = None) -> Resolution:
    resolution = Resolution.objects.filter(congress=congress).first()
    if resolution is None:
        resolution = Resolution.objects.create(congress=congress, title=title.strip(), text=text,
                                               vote=vote, document=document)
        _audit_create(acting_user, resolution)
        return resolution
    before = snapshot(resolution)
    resolution.title, resolution.text = title.strip(), text
    resolution.vote = vote
    if document is not None:
        resolution.document = document
    resolution.save()
    audit_update(actor=acting_user, obj=resolution, before=before)
    return resolution


@transaction.atomic(durable=True)
def target_add(
    *, acting_user: User | None, resolution: Resolution, text: str, metric: str, comparison: str,
    value: Decimal | str, unit: str, period: str, metric_label: str = "", number: int | None = None,
) -> Target:
    access.require_run(acting_user, resolution.congress)
    return _add_target(acting_user, resolution, text=text, metric=metric, comparison=comparison,
                       value=value, unit=unit, period=period, metric_label=metric_label, number=number)


@transaction.atomic(durable=True)
def targets_add(*, acting_user: User | None, congress: Congress,
                rows: list[dict[str, str]]) -> tuple[int, list[str]]:
    """Several targets from the resolution page (the resolution is created if there is none
    yet). A row without text is skipped; a row in error is left out with its message, the
    others are added. Returns how many were added and the messages."""
    access.require_run(acting_user, congress)
    resolution = Resolution.objects.filter(congress=congress).first()
    if resolution is None:
        resolution = _save_resolution(acting_user, congress, title=RESOLUTION_TITLE, text="")
    added, errors = 0, []
    for row in rows:
        if not row["text"].strip():
            continue
        try:
            Decimal(row["value"].replace(",", "."))
        except InvalidOperation:
            errors.append(str(TARGET_VALUE).format(number=added + 1, value=row["value"]))
            continue
        try:
            # Checked before anything is written, so a refused row leaves nothing behind.
            _add_target(acting_user, resolution, text=row["text"], metric=row["metric"],
                        comparison=row["comparison"], value=row["value"], unit=row["unit"],
                        period=row["period"])
            added += 1
        except ValidationError as exc:
            errors.extend(exc.messages)
    return added, errors


def _add_target(
    acting_user: User | None, resolution: Resolution, *, text: str, metric: str, comparison: str,
    value: Decimal | str, unit: str, period: str, metric_label: str = "", number: int | None = None,
) -> Target:
    if number is None:
        number = (resolution.targets.aggregate(m=Max("number"))["m"] or 0) + 1
    try:
        amount = Decimal(str(value).replace(",", "."))
    except ArithmeticError as exc:
        raise ValidationError(str(TARGET_VALUE).format(number=number, value=value)) from exc
    if not amount.is_finite():
        raise ValidationError(str(TARGET_VALUE).format(number=number, value=value))
    target = Target(resolution=resolution, number=number, text=text.strip(), metric=metric,
                    metric_label=metric_label.strip(), comparison=comparison, value=amount,
                    unit=unit, period=period)
    target.full_clean()
    target.save()
    _audit_create(acting_user, target)
    return target


@transaction.atomic(durable=True)
def target_delete(*, acting_user: User | None, target: Target) -> None:
    access.require_run(acting_user, target.resolution.congress)
    audit_delete(actor=acting_user, obj=target)
    target.delete()


# --- discussion -------------------------------------------------------------------------------

def _same_name(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


@transaction.atomic(durable=True)
def contribution_submit(
    *, acting_user: User | None, congress: Congress, title: str, author: str = "", text: str = "",
    organization: Organization | None = None, upload: UploadedFile | None = None,
) -> Contribution:
    """A delegate submits their own contribution: its author is the delegate (a name typed
    must be theirs, empty is theirs) and it names no organization. The presidium (or the
    secretariat) submits under the author it names: a delegate, a grassroots organization,
    a body; the contribution is then linked to a delegate only when it names the submitter."""
    access.require_view(acting_user, congress)
    delegate = congress_selectors.delegate_for_user(acting_user, congress)
    presides = access.can_preside(acting_user, congress)
    if not presides and delegate is None:
        raise PermissionDenied
    own = delegate.member.full_name if delegate is not None else ""
    author = " ".join(author.split()) or own
    if not presides and (not _same_name(author, own) or organization is not None):
        raise ValidationError(str(CONTRIBUTION_NOT_YOURS))
    if not author:
        raise ValidationError(str(CONTRIBUTION_AUTHOR_REQUIRED))
    if delegate is not None and not _same_name(author, own):
        delegate = None
    if not text.strip() and upload is None:
        raise ValidationError(str(CONTRIBUTION_EMPTY))
    if upload is not None:
        validate_upload(upload)
    row = Contribution(congress=congress, title=title.strip(), author=own if delegate else author,
                       organization=organization, delegate=delegate, text=text,
                       submitted_by=acting_user if acting_user and acting_user.is_authenticated else None)
    if upload is not None:
        row.original_name = (upload.name or "")[:255]
        row.file.save(upload.name or "contribution", upload, save=False)
    row.save()
    _audit_create_with_file(acting_user, row)
    return row


@transaction.atomic(durable=True)
def contributions_book_publish(*, acting_user: User | None, congress: Congress) -> DocumentVersion:
    """Put the book of contributions among the congress documents: a new version each time
    it is rebuilt, so the copy that was handed out stays downloadable."""
    access.require_run(acting_user, congress)
    return _publish_book(acting_user, congress)


def _publish_book(acting_user: User | None, congress: Congress) -> DocumentVersion:
    upload = SimpleUploadedFile(f"ky-yeu-tham-luan-{congress.pk}.pdf", pdfs.contributions_book(congress),
                                content_type="application/pdf")
    doc = Document.objects.filter(congress=congress, kind=Document.Kind.CONTRIBUTIONS).first()
    if doc is None:
        doc = _create_document(acting_user, congress, title=str(Document.Kind.CONTRIBUTIONS.label),
                               kind=Document.Kind.CONTRIBUTIONS, upload=upload)
        return doc.versions.get()
    return _add_version(acting_user, doc, upload)


def _next_position(congress: Congress) -> int:
    return (Speech.objects.filter(congress=congress).aggregate(m=Max("position"))["m"] or 0) + 1


@transaction.atomic(durable=True)
def speech_request(*, acting_user: User | None, congress: Congress, topic: str = "") -> Speech:
    """A delegate asks to speak from their device; it lands in the presidium's queue."""
    delegate = congress_selectors.delegate_for_user(acting_user, congress)
    if delegate is None:
        raise ValidationError(str(SPEECH_NOT_DELEGATE))
    if Speech.objects.filter(congress=congress, delegate=delegate,
                             status__in=[Speech.Status.REQUESTED, Speech.Status.QUEUED]).exists():
        raise ValidationError(str(SPEECH_ALREADY_ASKED))
    member = delegate.member
    speech = Speech.objects.create(
        congress=congress, delegate=delegate, speaker=member.full_name,
        affiliation=str(delegate.represents), topic=topic.strip()[:255],
        status=Speech.Status.REQUESTED, position=_next_position(congress),
    )
    _audit_create(acting_user, speech, verb="request")
    return speech


@transaction.atomic(durable=True)
def speech_add(
    *, acting_user: User | None, congress: Congress, speaker: str, affiliation: str = "",
    topic: str = "", minutes: int = 7, contribution: Contribution | None = None,
) -> Speech:
    access.require_preside(acting_user, congress)
    speech = Speech.objects.create(
        congress=congress, speaker=speaker.strip(), affiliation=affiliation.strip(),
        topic=topic.strip(), minutes=minutes, contribution=contribution,
        delegate=contribution.delegate if contribution else None,
        position=_next_position(congress), status=Speech.Status.QUEUED,
    )
    _audit_create(acting_user, speech)
    return speech


def _speech_update(acting_user: User | None, speech: Speech, verb: str, **changes: Any) -> Speech:
    before = snapshot(speech)
    for key, value in changes.items():
        setattr(speech, key, value)
    speech.save()
    audit_update(actor=acting_user, obj=speech, before=before, verb=verb)
    return speech


@transaction.atomic(durable=True)
def speech_accept(*, acting_user: User | None, speech: Speech, minutes: int | None = None) -> Speech:
    access.require_preside(acting_user, speech.congress)
    return _speech_update(acting_user, speech, "accept", status=Speech.Status.QUEUED,
                          minutes=minutes or speech.minutes)


@transaction.atomic(durable=True)
def speech_decline(*, acting_user: User | None, speech: Speech) -> Speech:
    access.require_preside(acting_user, speech.congress)
    return _speech_update(acting_user, speech, "decline", status=Speech.Status.DECLINED)


@transaction.atomic(durable=True)
def speech_move(*, acting_user: User | None, speech: Speech, step: int) -> None:
    """Up (-1) or down (+1) among those still waiting; positions renumbered."""
    access.require_preside(acting_user, speech.congress)
    waiting = list(Speech.objects.filter(
        congress_id=speech.congress_id,
        status__in=[Speech.Status.REQUESTED, Speech.Status.QUEUED]).order_by("position", "id"))
    ids = [s.pk for s in waiting]
    if speech.pk not in ids:
        return
    index = ids.index(speech.pk)
    other = index + step
    if 0 <= other < len(waiting):
        waiting[index], waiting[other] = waiting[other], waiting[index]
    for number, row in enumerate(waiting, start=1):
        if row.position != number:
            _speech_update(acting_user, row, "reorder", position=number)


@transaction.atomic(durable=True)
def speech_set_order(*, acting_user: User | None, congress: Congress, ids: list[int]) -> None:
    """The order after a drag in the queue: `ids` of the waiting speeches, first first."""
    access.require_preside(acting_user, congress)
    rows = {s.pk: s for s in Speech.objects.filter(congress=congress, pk__in=ids)}
    for number, pk in enumerate([i for i in ids if i in rows], start=1):
        if rows[pk].position != number:
            _speech_update(acting_user, rows[pk], "reorder", position=number)


@transaction.atomic(durable=True)
def speech_start(*, acting_user: User | None, speech: Speech) -> Speech:
    """The speaker takes the floor: the server keeps the start time, screens count down."""
    congress = speech.congress
    access.require_preside(acting_user, congress)
    now = timezone.now()
    speaking = Speech.objects.filter(congress=congress, status=Speech.Status.SPEAKING)
    for other in speaking.exclude(pk=speech.pk):
        _speech_update(acting_user, other, "finish", status=Speech.Status.DONE, ended_at=now)
    _speech_update(acting_user, speech, "start", status=Speech.Status.SPEAKING, started_at=now,
                   ended_at=None)
    hall = _hall_for(congress, acting_user)
    before = snapshot(hall)
    hall.current_speech = speech
    hall.save()
    audit_update(actor=acting_user, obj=hall, before=before, verb="current_speech")
    return speech


@transaction.atomic(durable=True)
def speech_finish(*, acting_user: User | None, speech: Speech) -> Speech:
    congress = speech.congress
    access.require_preside(acting_user, congress)
    _speech_update(acting_user, speech, "finish", status=Speech.Status.DONE, ended_at=timezone.now())
    hall = _hall_for(congress, acting_user)
    if hall.current_speech_id == speech.pk:
        before = snapshot(hall)
        hall.current_speech = None
        hall.save()
        audit_update(actor=acting_user, obj=hall, before=before, verb="current_speech")
    return speech
