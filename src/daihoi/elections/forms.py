"""The input of the elections pages, parsed here and nowhere else: the views read no request
data of their own. The pages' own forms (the entry screen's fetch calls, the tally sheet, the
round's buttons) are hand-written HTML: these forms keep their field names, and a value the
page cannot send (a letter in a number, an unknown action) is a form error, never a 500."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from daihoi.elections import electorate, selectors
from daihoi.elections.models import Candidate, CountingGroup, Election
from daihoi.organizations.models import Member, Organization
from daihoi.rules import counting as rules
from daihoi.rules.rulesets import DEFAULT, INVALID_REASON_INFO, RuleSet

ERR_WHOLE_NUMBERS = _("Chỉ nhập số nguyên không âm.")


class ElectionForm(forms.Form):
    title = forms.CharField(label=_("Tên cuộc bầu cử"), max_length=255)
    kind = forms.ChoiceField(label=_("Loại bầu cử"), choices=Election.Kind.choices)
    organization = forms.ModelChoiceField(label=_("Cấp ủy triệu tập"),
                                          queryset=Organization.objects.all())
    congress = forms.IntegerField(label=_("Đại hội"), required=False,
                                  widget=forms.Select(choices=[]))
    # Empty: as the kind says (the committee's first session for the standing committee,
    # secretary, deputies, inspection committee and chair; the congress otherwise).
    electorate = forms.ChoiceField(label=_("Hình thức"), required=False,
                                   choices=[("", _("Theo loại bầu cử")), *Election.Electorate.choices])
    seats = forms.IntegerField(label=_("Số lượng bầu"), min_value=1)
    seats_basis = forms.CharField(label=_("Căn cứ biểu quyết số lượng"), required=False,
                                  help_text=_("Ví dụ: Nghị quyết Đại hội biểu quyết số lượng "
                                              "Ban Chấp hành 28 đồng chí"))
    seats_vote_id = forms.TypedChoiceField(label=_("Biểu quyết của Đại hội về số lượng"),
                                           required=False, coerce=int, empty_value=None)
    # A confidence ballot is set up by a committee's confidence vote (meetings), not here.
    ballot_format = forms.ChoiceField(label=_("Mẫu phiếu"), choices=[
        c for c in Election.BallotFormat.choices if c[0] != Election.BallotFormat.CONFIDENCE])
    term = forms.CharField(label=_("Nhiệm kỳ"), required=False, max_length=40)
    counting_members = forms.CharField(
        label=_("Ban Kiểm phiếu (mỗi dòng một người, trưởng ban trước)"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Để trống nếu Đại hội đã có Ban Kiểm phiếu trong hệ thống."))
    surplus_max_share = forms.CharField(label=_("Số dư tối đa"),
                                        initial=DEFAULT.to_dict()["surplus_max_share"])
    proposal_surplus_min_share = forms.CharField(
        label=_("Số dư đề án từ"), initial=DEFAULT.to_dict()["proposal_surplus_min_share"])
    proposal_surplus_max_share = forms.CharField(
        label=_("Số dư đề án đến"), initial=DEFAULT.to_dict()["proposal_surplus_max_share"])
    floor_nomination_min_share = forms.CharField(
        label=_("Đề cử tại đại hội: cần hơn (tỷ lệ số dự đại hội)"),
        initial=DEFAULT.to_dict()["floor_nomination_min_share"])

    RULE_FIELDS = ("surplus_max_share", "proposal_surplus_min_share", "proposal_surplus_max_share",
                   "floor_nomination_min_share")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["congress"].widget.choices = [("", "—")] + [
            (c.pk, str(c)) for c in selectors.congresses().select_related("organization")[:50]]
        vote_field = self.fields["seats_vote_id"]
        assert isinstance(vote_field, forms.ChoiceField)
        vote_field.choices = [("", "—"), *electorate.seat_vote_choices()]

    def clean_congress(self) -> Any:
        """The congress record (None when none is chosen or the id is of no congress)."""
        pk = self.cleaned_data.get("congress")
        return selectors.congresses().filter(pk=pk).first() if pk else None

    def rule_overrides(self) -> dict[str, str]:
        defaults = RuleSet().to_dict()
        return {k: self.cleaned_data[k].strip() for k in self.RULE_FIELDS
                if self.cleaned_data[k].strip() and self.cleaned_data[k].strip() != defaults[k]}


class FirstSessionForm(forms.Form):
    """Who of the newly elected committee is present at its first session."""

    present = forms.TypedMultipleChoiceField(label=_("Có mặt"), coerce=int, required=False,
                                             widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, mandates: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["present"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(m.pk, m.full_name) for m in mandates]


class CandidateForm(forms.Form):
    member = forms.IntegerField(required=False, widget=forms.HiddenInput)
    full_name = forms.CharField(label=_("Họ và tên"), required=False, max_length=120)
    nomination = forms.ChoiceField(label=_("Nguồn"), choices=Candidate.Nomination.choices)
    opinion_agree = forms.IntegerField(label=_("Số phiếu đồng ý giới thiệu"), required=False,
                                       min_value=0)
    opinion_attending = forms.IntegerField(label=_("Số đại biểu dự đại hội"), required=False,
                                           min_value=0)

    def clean_member(self) -> Member | None:
        """The member record chosen in the register lookup, or None (a name typed in)."""
        pk = self.cleaned_data.get("member")
        return Member.objects.filter(pk=pk).first() if pk else None


class DecisionForm(forms.Form):
    decided_by = forms.CharField(label=_("Cơ quan quyết định"), initial=_("Đoàn Chủ tịch"))
    decided_at = forms.DateTimeField(label=_("Thời điểm"), required=False,
                                     widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    text = forms.CharField(label=_("Nội dung quyết định"), widget=forms.Textarea(attrs={"rows": 3}))


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Lý do rút"))
    approved_by = forms.CharField(label=_("Đoàn Chủ tịch chấp thuận"), initial=_("Đoàn Chủ tịch"))


class SetupForm(forms.Form):
    electorate_convened = forms.IntegerField(label=_("Số được triệu tập"), min_value=1)
    excluded = forms.IntegerField(label=_("Số được trừ khi tính tỷ lệ"), min_value=0, initial=0)
    electorate_present = forms.IntegerField(label=_("Số có mặt lúc bỏ phiếu"), min_value=0,
                                            required=False)
    ballots_issued = forms.IntegerField(label=_("Số phiếu phát ra"), min_value=0)
    double_entry = forms.BooleanField(label=_("Nhập mỗi phiếu hai lần (hai người đối chiếu)"),
                                      required=False)


class AlternatesForm(forms.Form):
    seats = forms.IntegerField(label=_("Số đại biểu dự khuyết"), min_value=1)
    seats_basis = forms.CharField(label=_("Căn cứ biểu quyết số lượng"), required=False)


class MemberLookupForm(forms.Form):
    q = forms.CharField(required=False, max_length=120)


class BallotsPdfForm(forms.Form):
    """?size=A5|A4&copies=N: an unknown size is A5, copies not a whole number is the default."""

    size = forms.CharField(required=False)
    copies = forms.CharField(required=False)

    def clean_size(self) -> str:
        return "A4" if (self.cleaned_data.get("size") or "").upper() == "A4" else "A5"

    def clean_copies(self) -> int | None:
        raw = (self.cleaned_data.get("copies") or "").strip()
        return int(raw) if raw.isdigit() and int(raw) > 0 else None


class EntryNumberForm(forms.Form):
    """Which entry of a double entry (1 or 2); anything else is the first."""

    entry = forms.CharField(required=False)

    def clean_entry(self) -> int:
        return 2 if self.cleaned_data.get("entry") == "2" else 1


class BallotEntryForm(EntryNumberForm):
    """One ballot from the entry screen: the lines as typed (the service reads them and says
    what is wrong with them), and the three flags ("1" for set)."""

    marks = forms.CharField(required=False, strip=False)
    void = forms.CharField(required=False, strip=False)
    unstamped = forms.CharField(required=False)
    identifying_mark = forms.CharField(required=False)
    write_in = forms.CharField(required=False)
    # The ballot's idempotency key, made by the entry screen (a UUID); a retry sends it again.
    key = forms.UUIDField(required=False)

    FLAGS = ("unstamped", "identifying_mark", "write_in")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for flag in self.FLAGS:
            data[flag] = data.get(flag) == "1"
        return data


class ResolveForm(forms.Form):
    """The third look at a mismatch: the position, and reading 1 or 2 to take, or the
    paper's reading typed in."""

    position = forms.IntegerField(min_value=1)
    take = forms.CharField(required=False)
    marks = forms.CharField(required=False)
    void = forms.CharField(required=False)
    unstamped = forms.BooleanField(required=False)
    identifying_mark = forms.BooleanField(required=False)
    write_in = forms.BooleanField(required=False)

    def clean_take(self) -> int | None:
        take = self.cleaned_data.get("take")
        return int(take) if take in ("1", "2") else None


class BallotLookupForm(EntryNumberForm):
    """Call up ballot N of the group's stack (its number in the group)."""

    position = forms.IntegerField(min_value=1, required=False)


class BallotCorrectForm(forms.Form):
    """A saved ballot corrected (its reading typed again) or voided (no ballot)."""

    action = forms.ChoiceField(choices=[("correct", "correct"), ("void", "void"),
                                        ("restore", "restore")])
    marks = forms.CharField(required=False)
    void = forms.CharField(required=False)
    unstamped = forms.BooleanField(required=False)
    identifying_mark = forms.BooleanField(required=False)
    write_in = forms.BooleanField(required=False)


class GroupDoneForm(forms.Form):
    done = forms.CharField(required=False)

    def clean_done(self) -> bool:
        return self.cleaned_data.get("done") == "1"


class PublishForm(forms.Form):
    published = forms.CharField(required=False)

    def clean_published(self) -> bool:
        return (self.cleaned_data.get("published") or "1") == "1"


class RoundStepForm(forms.Form):
    """The round's buttons: open voting, start counting with N ballot groups and M tally-sheet
    groups, add a group, close the count."""

    ACTIONS = ("open", "count", "group", "finalize")

    action = forms.ChoiceField(choices=[(a, a) for a in ACTIONS])
    groups = forms.IntegerField(required=False, min_value=0, max_value=50)
    sheet_groups = forms.IntegerField(required=False, min_value=0, max_value=50)
    mode = forms.ChoiceField(required=False, choices=CountingGroup.Mode.choices)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("groups") is None:
            data["groups"] = 1
        if data.get("sheet_groups") is None:
            data["sheet_groups"] = 0
        data["mode"] = data.get("mode") or CountingGroup.Mode.BALLOTS
        return data


class TallySheetForm(forms.Form):
    """A group's tally sheet: `v<candidate id>` per candidate in ballot order, `r_<reason>`
    per invalid reason, `ballots_collected`; an empty box is 0."""

    ballots_collected = forms.IntegerField(required=False, min_value=0)

    def __init__(self, *args: Any, candidates: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = list(candidates)
        for c in self.candidates:
            self.fields[f"v{c.pk}"] = forms.IntegerField(required=False, min_value=0)
        for r in rules.InvalidReason:
            self.fields[f"r_{r}"] = forms.IntegerField(required=False, min_value=0)

    def totals(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {"ballots_collected": d.get("ballots_collected") or 0,
                "invalid_by_reason": {str(r): d.get(f"r_{r}") or 0 for r in rules.InvalidReason},
                "votes": [d.get(f"v{c.pk}") or 0 for c in self.candidates]}

    def raw(self) -> dict[str, Any]:
        """What was typed, to show the sheet again with its error."""
        return {"ballots_collected": self.data.get("ballots_collected"),
                "invalid_by_reason": {str(r): self.data.get(f"r_{r}") for r in rules.InvalidReason},
                "votes": [self.data.get(f"v{c.pk}") for c in self.candidates]}


class NextRoundForm(DecisionForm):
    """The presidium's decision on the proposed further round (or to stop): the names kept
    (`candidate`, ids of the proposal), names added by the congress, one a line."""

    action = forms.CharField(required=False)
    candidate = forms.TypedMultipleChoiceField(required=False, coerce=int)
    added = forms.CharField(required=False, widget=forms.Textarea)

    def __init__(self, *args: Any, proposal: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["candidate"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(c.pk, c.full_name) for c in (proposal.candidates if proposal else [])]

    def clean_added(self) -> list[str]:
        return [n for n in (self.cleaned_data.get("added") or "").splitlines() if n.strip()]

    @property
    def stops(self) -> bool:
        return self.cleaned_data.get("action") == "stop"


class CountingRulesForm(forms.Form):
    """RULES.md (open): before counting, the counting committee says which open invalid
    reasons it applies, and how a multi-name agree/disagree ballot marked for nobody counts."""

    open_reasons = forms.MultipleChoiceField(
        label=_("Áp dụng các trường hợp phiếu không hợp lệ chưa có quy định"), required=False,
        widget=forms.CheckboxSelectMultiple)
    blank_approve_ballot = forms.ChoiceField(
        label=_("Phiếu đồng ý / không đồng ý nhiều tên không đánh dấu đồng ý ai"),
        choices=[(rules.BlankApproveBallot.INVALID, _("Không hợp lệ")),
                 (rules.BlankApproveBallot.VALID, _("Hợp lệ, không tính cho ai"))])
    confirmed_by = forms.CharField(label=_("Ban Kiểm phiếu xác nhận"), max_length=255,
                                   initial=_("Ban Kiểm phiếu"))

    def __init__(self, *args: Any, election: Election | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["open_reasons"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(str(r), INVALID_REASON_INFO[r].label)
                         for r in selectors.open_invalid_reasons()]
        if election is not None and not self.is_bound:
            ruleset = selectors.ruleset_of(election)
            self.initial.setdefault("open_reasons", [str(r) for r in selectors.open_invalid_reasons()
                                                     if r in ruleset.invalid_reasons])
            self.initial.setdefault("blank_approve_ballot", str(ruleset.blank_approve_ballot))
