"""Visitor statistics without a write that can lock on the request path.

A counted page view appends one line to a buffer file of this process and this minute
(`<VAR>/portal-hits/<YYYYMMDDHHMM>-<pid>.log`; one short write with O_APPEND, no lock,
no database). The worker's roll-up task (tasks.visits_roll_up, every minute) takes the
files of minutes already over, adds them to the day's figures (VisitDay, ArticleDay,
Article.views, OnlineVisitor) in one transaction, and deletes them. Days are
Asia/Ho_Chi_Minh days (the committee's), whatever the server's TIME_ZONE: a view at 23:59
counts for that day, one at 00:01 for the next.

The files are per machine: where several application servers run, each needs the worker
beside it (`daihoi serve --with-worker`) or a shared folder (PORTAL_HITS_DIR).

Bots are left out before anything is written (visitors.is_bot), and the hit is sent by
the page's script (portal.js), which crawlers mostly do not run.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone

from daihoi.portal.models import Article, ArticleDay, OnlineVisitor, VisitDay

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
ONLINE_WINDOW = dt.timedelta(minutes=5)
FIGURES_CACHE_SECONDS = 20


def hits_dir() -> Path:
    return Path(getattr(settings, "PORTAL_HITS_DIR", None) or settings.VAR_DIR / "portal-hits")


def _minute(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).strftime("%Y%m%d%H%M")


def record_hit(*, visitor: str, article_id: int | None, at: dt.datetime | None = None) -> None:
    """Append one view to this process's buffer for this minute."""
    at = at or timezone.now()
    folder = hits_dir()
    path = folder / f"{_minute(at)}-{os.getpid()}.log"
    line = f"{at.timestamp():.3f}\t{visitor}\t{article_id or ''}\n".encode()
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    except FileNotFoundError:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(fd, line)  # one write under PIPE_BUF: whole, never interleaved
    finally:
        os.close(fd)


def local_day(at: dt.datetime) -> dt.date:
    return at.astimezone(LOCAL).date()


def roll_up(*, now: dt.datetime | None = None) -> int:
    """Fold every buffer file of a minute before `now`'s into the figures; returns the
    number of views added. Two workers may run it at once: a file is claimed by renaming."""
    now = now or timezone.now()
    current = _minute(now)
    folder = hits_dir()
    if not folder.exists():
        return 0
    days: Counter[dt.date] = Counter()
    article_days: Counter[tuple[int, dt.date]] = Counter()
    seen: dict[str, float] = {}
    claimed: list[Path] = []
    for path in sorted(folder.glob("*.log")):
        if path.name[:12] >= current:
            continue
        work = path.with_suffix(".rolling")
        try:
            path.rename(work)
        except FileNotFoundError:
            continue  # another worker took it
        claimed.append(work)
        for raw in work.read_text(encoding="utf-8", errors="replace").splitlines():
            parts = raw.split("\t")
            if len(parts) != 3:
                continue
            try:
                ts = float(parts[0])
            except ValueError:
                continue
            day = local_day(dt.datetime.fromtimestamp(ts, tz=dt.UTC))
            days[day] += 1
            if parts[2].isdigit():
                article_days[(int(parts[2]), day)] += 1
            seen[parts[1]] = max(ts, seen.get(parts[1], 0.0))
    if not claimed:
        return 0
    with transaction.atomic():
        for day, n in days.items():
            VisitDay.objects.get_or_create(day=day)
            VisitDay.objects.filter(day=day).update(visits=F("visits") + n)
        existing = set(
            Article.objects.filter(pk__in={a for a, _d in article_days}).values_list("pk", flat=True)
        )
        for (article_id, day), n in article_days.items():
            if article_id not in existing:
                continue
            ArticleDay.objects.get_or_create(article_id=article_id, day=day)
            ArticleDay.objects.filter(article_id=article_id, day=day).update(views=F("views") + n)
            Article.objects.filter(pk=article_id).update(views=F("views") + n)
        OnlineVisitor.objects.bulk_create(
            [
                OnlineVisitor(visitor=v, last_seen=dt.datetime.fromtimestamp(ts, tz=dt.UTC))
                for v, ts in seen.items()
            ],
            update_conflicts=True,
            unique_fields=["visitor"],
            update_fields=["last_seen"],
        )
        OnlineVisitor.objects.filter(last_seen__lt=now - dt.timedelta(hours=1)).delete()
    for work in claimed:
        work.unlink(missing_ok=True)
    cache.delete(_FIGURES_KEY)
    return sum(days.values())


@dataclass(frozen=True)
class Figures:
    total: int
    online: int
    today: int
    yesterday: int


_FIGURES_KEY = "portal:figures"


def figures(*, now: dt.datetime | None = None, cached: bool = True) -> Figures:
    """The footer's counter: total views, visitors seen in the last five minutes, views
    today and yesterday (Asia/Ho_Chi_Minh days). Cached a few seconds per process."""
    if cached and now is None:
        hit = cache.get(_FIGURES_KEY)
        if hit is not None:
            return Figures(*hit)
    now = now or timezone.now()
    today = local_day(now)
    by_day = dict(
        VisitDay.objects.filter(day__in=[today, today - dt.timedelta(days=1)]).values_list("day", "visits")
    )
    out = Figures(
        total=VisitDay.objects.aggregate(n=Sum("visits"))["n"] or 0,
        online=OnlineVisitor.objects.filter(last_seen__gte=now - ONLINE_WINDOW).count(),
        today=by_day.get(today, 0),
        yesterday=by_day.get(today - dt.timedelta(days=1), 0),
    )
    if cached:
        cache.set(_FIGURES_KEY, (out.total, out.online, out.today, out.yesterday), FIGURES_CACHE_SECONDS)
    return out
