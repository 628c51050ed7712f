"""Demo: a grassroots congress's committee election counted by scanner, one ballot box
scanned and read, a handful of its ballots awaiting the counting committee's review (the
demo login `kiemphieu` sees them at once).

The scans are drawn here, small (150 dpi) and straight from the printed ballot, marked as a
voter marks one (a pen's line through a name, a stamp); bench/scan_deck.py is the full test
deck. Kept to a couple of seconds of `daihoi demo`."""

from __future__ import annotations

import math
import random
from collections.abc import Callable

import cv2
import numpy as np
from django.db.models import Count

from daihoi.core.models import User
from daihoi.elections import services as el_services
from daihoi.elections.models import Decision, Election, Round
from daihoi.elections.scanning import paper, services, tasks
from daihoi.elections.scanning.layout import MM, Layout
from daihoi.elections.scanning.models import ScanBatch
from daihoi.elections.scanning.printing import ballots_pdf
from daihoi.elections.scanning.reader import render_pdf_page
from daihoi.organizations.models import Member, Organization

DPI = 150
BALLOTS = 24
SEATS = 5
CANDIDATES = 6
BLUE = (170, 60, 25)  # BGR
RED = (40, 40, 200)
# The ballots a person must look at, by their place in the stack.
SPECIAL = {3: "family", 9: "unstamped", 14: "short", 18: "write_in", 21: "family"}
COUNTING_NAMES = "Lê Thị Mai\nNguyễn Văn Hải\nTrần Thị Thu"


def _px(lay: Layout, x: float, y: float) -> tuple[int, int]:
    k = DPI / 25.4 / MM
    return round(x * k), round((lay.height - y) * k)


def _stroke(image: np.ndarray, lay: Layout, row: object, rng: random.Random, *,
            upto: float = 1.0) -> None:
    """A pen's line through the name (the first `upto` of it), a little wavy."""
    nx, ny, nw, nh = row.name_box  # type: ignore[attr-defined]
    y = ny + nh * 0.45 + rng.uniform(-1, 1)
    start, end = nx - rng.uniform(1, 4) * MM, nx + nw * upto + rng.uniform(0, 3) * MM
    amp, phase = rng.uniform(0, 1.2), rng.uniform(0, 6.3)
    points = [_px(lay, start + (end - start) * t / 20, y + amp * math.sin(phase + t / 3))
              for t in range(21)]
    cv2.polylines(image, [np.array(points, np.int32)], False, BLUE, 2, cv2.LINE_AA)


def _stamp(image: np.ndarray, lay: Layout) -> None:
    sx, sy, sw, sh = lay.stamp
    centre = _px(lay, sx + sw / 2, sy + sh / 2)
    r = round(12 * DPI / 25.4)
    cv2.circle(image, centre, r, RED, 4, cv2.LINE_AA)
    cv2.circle(image, centre, round(r * 0.7), RED, 2, cv2.LINE_AA)
    cv2.drawMarker(image, centre, RED, cv2.MARKER_STAR, round(r * 0.7), 3)


def _scans(lay: Layout, text: object, rng: random.Random) -> list[tuple[str, np.ndarray]]:
    """BALLOTS scans of the box: most marked plainly, a few a person must look at."""
    page = render_pdf_page(ballots_pdf(text, lay.code, count=1, size=lay.size),  # type: ignore[arg-type]
                           0, DPI)
    out = []
    for i in range(BALLOTS):
        image = page.copy()
        kind = SPECIAL.get(i, "")
        if kind != "unstamped":
            _stamp(image, lay)
        struck = rng.sample(lay.rows, rng.choice([1, 1, 2, 2, 3]))
        for row in struck:
            _stroke(image, lay, row, rng)
        if kind == "family":  # through the family name only: a person decides
            row = next(r for r in lay.rows if r not in struck)
            family = row.name.split()[0]
            _stroke(image, lay, row, rng, upto=len(family) / len(row.name) * 0.9)
        if kind == "short":  # a stroke over a third of the name: doubtful
            row = next(r for r in lay.rows if r not in struck)
            _stroke(image, lay, row, rng, upto=0.3)
        if kind == "write_in":  # a name written under the list
            tx, ty = lay.table[:2]
            points = [_px(lay, tx + 20 * MM + t * 1.5 * MM, ty - 12 * MM + 2 * MM * math.sin(t))
                      for t in range(25)]
            cv2.polylines(image, [np.array(points, np.int32)], False, BLUE, 2, cv2.LINE_AA)
        out.append((f"hom-phieu-1.pdf:{i + 1}", image))
    return out


def build(*, seed: int, log: Callable[[str], None]) -> None:
    if ScanBatch.objects.exists():
        log("Đã có lượt quét phiếu: bỏ qua dữ liệu demo kiểm phiếu bằng máy quét")
        return
    actor = User.objects.filter(is_superuser=True).order_by("id").first()
    if actor is None:
        log("Chưa có tài khoản quản trị: bỏ qua demo kiểm phiếu bằng máy quét")
        return
    rng = random.Random(seed + 50)  # noqa: S311 - demo data, reproducible by design
    # The organization with the most members holds its congress: its committee, by scanner.
    biggest = (Member.objects.values("organization").annotate(n=Count("id"))
               .order_by("-n", "organization").first())
    org = Organization.objects.filter(pk=biggest["organization"]).first() if biggest else None
    pool = list(Member.objects.filter(organization=org).order_by("id")[:40]) if org else []
    if org is None or len(pool) < CANDIDATES:
        log("Quá ít đảng viên cho demo kiểm phiếu bằng máy quét")
        return
    election = el_services.election_create(
        acting_user=actor, organization=org, kind=Election.Kind.COMMITTEE, seats=SEATS,
        title=f"Bầu Ban Chấp hành {org.name} khóa mới", term="2025–2030",
        counting_members=COUNTING_NAMES,
        seats_basis="Đại hội biểu quyết số lượng Ban Chấp hành khóa mới là 5 đồng chí")
    for member in rng.sample(pool, CANDIDATES):
        el_services.candidate_add(acting_user=actor, election=election, member=member)
    el_services.decision_record(
        acting_user=actor, election=election, kind=Decision.Kind.SURPLUS, decided_by="Đại hội",
        text=f"Đại hội biểu quyết thông qua danh sách bầu cử {CANDIDATES} đồng chí")
    round_ = el_services.round_create_first(acting_user=actor, election=election)
    voters = BALLOTS + 2
    el_services.round_setup(acting_user=actor, round_=round_, electorate_convened=voters,
                            excluded=0, electorate_present=voters, ballots_issued=voters)
    el_services.counting_rules_confirm(acting_user=actor, election=election,
                                       open_reasons=["identifying_mark", "write_in"],
                                       blank_approve_ballot="invalid")
    el_services.round_start_counting(acting_user=actor, round_=round_, groups=2)
    group = Round.objects.get(pk=round_.pk).groups.order_by("number")[0]
    batch = services.batch_create(acting_user=actor, group=group, filename="hom-phieu-1.pdf")
    text, layout = paper.layout_of(round_)
    readings = tasks.read_pages(batch, _scans(layout, text, rng))
    services.batch_store(acting_user=actor, batch=batch, readings=readings)
    person = sum(r["status"] != "read" for r in readings)
    log(f"Kiểm phiếu bằng máy quét: {election.title}, hòm 1 quét {len(readings)} phiếu, "
        f"{person} phiếu chờ Ban Kiểm phiếu xem")
