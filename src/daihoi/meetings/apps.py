from collections.abc import Callable
from typing import Any

from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "daihoi.meetings"
    label = "meetings"
    verbose_name = "Hội nghị cấp ủy"

    def load_demo(self, *, seed: int, log: Callable[[str], None]) -> None:
        """This part's demo data (`daihoi demo` calls each app's in INSTALLED_APPS order)."""
        from daihoi.meetings import demo

        demo.build(seed=seed, log=log)

    def ready(self) -> None:
        # A conference of a committee votes as that committee: the elections app asks the
        # registry (elections/electorate.py), never this app. The first session's finder
        # serves the elections linked to a congress's committee election; this one serves
        # the elections linked to a conference (ConferenceElection).
        from daihoi.elections import electorate as registry
        from daihoi.elections.models import Election
        from daihoi.meetings import electorate

        registry.register(Election.Electorate.COMMITTEE_CONFERENCE, electorate.find)

        # The appraisal caps a member disciplined in the year (Quy định 124 Điều 12) and asks
        # its hook who was; the discipline records are kept here.
        from daihoi.appraisal.hooks import register_discipline_source

        register_discipline_source(disciplined_members)

        # The member's record page (organizations) shows their disciplines, to the
        # inspection committee and the office only; organizations asks core's registry.
        from daihoi.core import registry as core_registry

        core_registry.register_member_panel(key="disciplines", order=50,
                                            template="meetings/_member_disciplines.html",
                                            context=member_disciplines_panel)


def disciplined_members(member_ids: list[int], year: int) -> list[int]:
    """The members given with a discipline decided in `year` that is not self-corrected."""
    from daihoi.meetings.selectors import disciplines_in_year

    return [pk for pk, rows in disciplines_in_year(member_ids, year).items()
            if any(not d.self_corrected for d in rows)]


def member_disciplines_panel(request: Any, member: Any) -> dict[str, Any] | None:
    """The member's discipline records, newest first, for the inspection committee and the
    office (DESIGN: "only the inspection committee and the office see these records");
    None for anyone else, so the page shows nothing of them, not even that there are none."""
    from daihoi.meetings.models import Discipline
    from daihoi.meetings.selectors import can_see_inspection

    if not can_see_inspection(request.user):
        return None
    return {"disciplines": list(Discipline.objects.filter(member_id=member.pk)
                                .select_related("inspection").order_by("-decided_on", "-id"))}
