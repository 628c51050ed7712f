"""Demo data of the extraction part: congresses of other organizations, read from the
made-up articles in demo_articles/ (texts of our own, not the shared samples), two saved as
records (one with a correction), the rest left in the review queue."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from daihoi.core.models import User
from daihoi.extraction import mapping, services
from daihoi.extraction.models import Article

ARTICLES = Path(__file__).parent / "demo_articles"


def build(*, seed: int, log: Callable[[str], None]) -> None:
    office = (
        User.objects.filter(username="vanphong").first() or User.objects.filter(is_superuser=True).first()
    )
    if office is None or Article.objects.exists():
        return
    files = sorted(ARTICLES.glob("*.txt"))
    for i, path in enumerate(files):
        article = services.article_create(acting_user=office, data=path.read_bytes(), filename=path.name)
        if i < len(files) - 1 and article.proposed.get("kind") == "congress":
            values = mapping.fields_of(article.proposed)
            note = ""
            if i == 0 and values.get("members_represented"):
                values["members_qualifier"] = "exact"
                note = "Số đảng viên theo báo cáo chính trị của Đại hội (không phải 'hơn')."
            services.record_save(acting_user=office, values=values, article=article, note=note)
    log(f"extraction: {len(files)} bài báo mẫu")
