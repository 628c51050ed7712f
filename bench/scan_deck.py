"""A test deck for the ballot reader: the project's own ballots, marked as people mark them.

Issue 20 item 5. Prints the ballot of a SPEC (as `daihoi ballots` does), renders it at the
scan's resolution, and marks it as voters do: strokes straight, wavy, double, partial over
most of the name, slightly off the line, blue or black, ballpoint or felt pen, light or hard;
a stroke through the family name only (a person must decide), scribbles and written-in
names, the stamp (or none: a photocopy); then scans it: rotation up to ±5°, upside down,
150–300 dpi, noise, streaks, grey scans, JPEG. Each ballot carries its truth:

    struck      names struck through (a person would say so)
    unsure      names whose mark a person must look at (the machine may not decide them)
    flags       {"write_in", "mark", "unstamped"} that must be raised
    refuse      a page that must be refused (another round's ballot, a blank page)

`python -m bench.scan_deck --count 20 --out DIR` writes images and truth.json to look at.
"""

from __future__ import annotations

import argparse
import json
import math
import random
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from daihoi.elections.scanning import cli as scan_cli
from daihoi.elections.scanning import reader
from daihoi.elections.scanning.layout import APPROVE, MM, Layout
from daihoi.elections.scanning.printing import ballots_pdf

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
          "Dương", "Lý", "Huỳnh", "Phan", "Trịnh"]
MIDDLE = ["Văn", "Thị", "Minh", "Quốc", "Ngọc", "Thanh", "Hữu", "Đức", "Thu", "Xuân"]
GIVEN = ["An", "Bình", "Châu", "Dũng", "Hồng", "Lan", "Mai", "Phát", "Sơn", "Tùng", "Việt",
         "Hòa", "Khánh", "Long", "Nga", "Quang", "Thắng", "Yến", "Hạnh", "Tuấn"]

INKS = {"black": (30, 30, 30), "blue": (170, 60, 25), "lightblue": (200, 110, 60)}  # BGR
STAMP_RED = (40, 40, 200)
BOX_MARKS = ["tick", "cross", "fill"]


def spec_for(names: int, seed: int, title: str = "Bầu Ban Chấp hành Đảng bộ khóa XV",
             form: str = "strike") -> dict[str, Any]:
    rng = random.Random(seed)
    chosen: set[str] = set()
    while len(chosen) < names:
        chosen.add(f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}")
    return {"seats": max(1, names - 3), "electorate_convened": 300, "excluded": 0,
            "ballots_issued": 300, "title": title, "organization": "Đảng bộ phường Bến Nghé",
            "candidates": sorted(chosen), "ballot_format": form}


@dataclass
class Ballot:
    image: np.ndarray
    struck: list[str] = field(default_factory=list)
    unsure: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    refuse: bool = False
    kinds: list[str] = field(default_factory=list)
    dpi: int = 200
    jpeg: int | None = None
    styles: dict[str, str] = field(default_factory=dict)  # name -> how it was marked
    # The agree/disagree form: name -> "agree" | "disagree" | "both" | "none" (every line).
    boxes: dict[str, str] | None = None

    def truth(self) -> dict[str, Any]:
        return {"struck": self.struck, "unsure": self.unsure, "flags": sorted(self.flags),
                "refuse": self.refuse, "kinds": self.kinds, "dpi": self.dpi, "jpeg": self.jpeg,
                "styles": self.styles, "boxes": self.boxes}

    def encoded(self) -> bytes:
        if self.jpeg:
            ok, data = cv2.imencode(".jpg", self.image, [cv2.IMWRITE_JPEG_QUALITY, self.jpeg])
        else:
            ok, data = cv2.imencode(".png", self.image, [cv2.IMWRITE_PNG_COMPRESSION, 1])
        assert ok
        return data.tobytes()


class Deck:
    """Ballots of one SPEC (and, for refusals, of another)."""

    def __init__(self, spec: dict[str, Any] | None, other: dict[str, Any] | None = None, *,
                 ballot: tuple[Any, Layout] | None = None):
        self.spec = spec
        self.text, self.layout = ballot if ballot is not None else scan_cli.spec_ballot(spec)
        self.other = other
        self._template: reader.Template | None = None

    def template(self) -> reader.Template:
        if self._template is None:
            self._template = reader.Template.from_layout(
                self.layout, clean=reader.render_clean(self.text, self.layout))
        return self._template

    @cache  # noqa: B019 (a deck lives as long as the run)
    def page(self, dpi: int, other: bool = False) -> np.ndarray:
        if other and self.other is not None:
            text, lay = scan_cli.spec_ballot(self.other)
        else:
            text, lay = self.text, self.layout
        data = ballots_pdf(text, lay.code, count=1, size=lay.size)
        return reader.render_pdf_page(data, 0, dpi)

    def ballot(self, rng: random.Random, *, kind: str | None = None) -> Ballot:
        dpi = rng.choice([150, 200, 200, 240, 300])
        px = dpi / 25.4  # pixels a millimetre
        roll = rng.random()
        if kind is None:
            kind = ("blank" if roll < 0.004 else "other" if roll < 0.012 else "ballot")
        if kind == "blank":
            h, w = self.page(dpi).shape[:2]
            image = np.full((h, w, 3), 250, np.uint8)
            b = Ballot(image, refuse=True, kinds=["blank"], dpi=dpi)
            return self._scan(b, rng, px)
        image = self.page(dpi, other=kind == "other").copy()
        b = Ballot(image, dpi=dpi, kinds=[kind])
        if kind == "other":
            b.refuse = True
        lay = self.layout
        ink_name = rng.choice(["black", "blue", "blue", "lightblue"])
        color = INKS[ink_name]
        felt = rng.random() < 0.25
        width_mm = rng.uniform(0.7, 1.2) if felt else rng.uniform(0.3, 0.55)
        pressure = rng.uniform(0.5, 1.0)
        b.kinds += [ink_name, "felt" if felt else "ballpoint"]
        if kind == "ballot":
            if rng.random() < 0.015:
                b.flags.append("unstamped")
                b.kinds.append("unstamped")
            else:
                self._stamp(image, lay, rng, px)
            share = rng.choice([0.1, 0.3, 0.5, 0.7])
            if lay.ballot_format == APPROVE:
                b.boxes = {}
                for row in lay.rows:
                    choice = rng.choices(["agree", "disagree", "both", "none"],
                                         weights=[100 - 100 * share, 100 * share, 1, 2])[0]
                    b.boxes[row.name] = choice
                    how = rng.choices(BOX_MARKS, weights=[45, 40, 15])[0]
                    b.styles[row.name] = f"{choice}:{how}"
                    if choice == "disagree":
                        b.struck.append(row.name)
                    for box in {"agree": [row.agree], "disagree": [row.disagree],
                                "both": [row.agree, row.disagree], "none": []}[choice]:
                        self._box(image, lay, box, how, rng, px, color, width_mm, pressure)
                    b.kinds.append(how)
            for row in (lay.rows if lay.ballot_format != APPROVE else []):
                if rng.random() >= share:
                    continue
                style = rng.choices(
                    ["straight", "wavy", "double", "partial", "miss", "family"],
                    weights=[50, 15, 10, 10, 12, 0.8])[0]
                if style == "family":
                    b.unsure.append(row.name)
                else:
                    b.struck.append(row.name)
                b.kinds.append(style)
                b.styles[row.name] = style
                self._strike(image, lay, row, style, rng, px, color, width_mm, pressure)
            if rng.random() < 0.006:
                b.flags.append("write_in")
                b.kinds.append("write_in")
                self._write_in(image, lay, rng, px, color, width_mm, pressure)
            if rng.random() < 0.006:
                b.flags.append("mark")
                b.kinds.append("scribble")
                self._scribble(image, lay, rng, px, color, width_mm, pressure)
        else:
            self._stamp(image, lay, rng, px)
        return self._scan(b, rng, px)

    def make_approve(self, boxes: dict[str, tuple[str, str]], *, dpi: int = 150,
                     ink: str = "blue", seed: int = 1, upside_down: bool = False) -> Ballot:
        """One agree/disagree ballot (the tests): `boxes` maps a name to (which box:
        "agree" | "disagree" | "both" | "none", how: "tick" | "cross" | "fill")."""
        rng = random.Random(seed)
        px = dpi / 25.4
        image = self.page(dpi).copy()
        lay = self.layout
        self._stamp(image, lay, rng, px)
        for row in lay.rows:
            choice, how = boxes.get(row.name, ("none", "tick"))
            for box in {"agree": [row.agree], "disagree": [row.disagree],
                        "both": [row.agree, row.disagree], "none": []}[choice]:
                self._box(image, lay, box, how, rng, px, INKS[ink], 0.45, 0.9)
        if upside_down:
            image = cv2.rotate(image, cv2.ROTATE_180)
        return Ballot(image, struck=[n for n, (c, _) in boxes.items() if c == "disagree"],
                      dpi=dpi, boxes={r.name: boxes.get(r.name, ("none", ""))[0]
                                      for r in lay.rows})

    def make(self, strokes: dict[str, str], *, dpi: int = 150, ink: str = "black",
             felt: bool = False, pressure: float = 0.9, stamp: bool = True,
             write_in: bool = False, scribble: bool = False, angle: float = 0.0,
             upside_down: bool = False, other: bool = False, seed: int = 1) -> Ballot:
        """One ballot marked as told (the tests): `strokes` maps a name to its style."""
        rng = random.Random(seed)
        px = dpi / 25.4
        image = self.page(dpi, other=other).copy()
        lay = self.layout
        color, width_mm = INKS[ink], (1.0 if felt else 0.4)
        if stamp:
            self._stamp(image, lay, rng, px)
        for row in lay.rows:
            if row.name in strokes:
                self._strike(image, lay, row, strokes[row.name], rng, px, color, width_mm,
                             pressure)
        if write_in:
            self._write_in(image, lay, rng, px, color, width_mm, pressure)
        if scribble:
            self._scribble(image, lay, rng, px, color, width_mm, pressure)
        if upside_down:
            image = cv2.rotate(image, cv2.ROTATE_180)
        if angle:
            h, w = image.shape[:2]
            pad = int(0.06 * max(h, w))
            image = cv2.copyMakeBorder(image, pad, pad, pad, pad, cv2.BORDER_CONSTANT,
                                       value=(245, 245, 245))
            m = cv2.getRotationMatrix2D((image.shape[1] / 2, image.shape[0] / 2), angle, 1.0)
            image = cv2.warpAffine(image, m, image.shape[1::-1], borderValue=(245, 245, 245))
        return Ballot(image, struck=[n for n, s in strokes.items() if s != "family"],
                      unsure=[n for n, s in strokes.items() if s == "family"], dpi=dpi)

    # --- marking ------------------------------------------------------------------------
    @staticmethod
    def _to_px(lay: Layout, x: float, y: float, px: float) -> tuple[float, float]:
        return x / MM * px, (lay.height - y) / MM * px

    def _draw(self, image: np.ndarray, points: list[tuple[float, float]], color: tuple[int, ...],
              width_px: float, pressure: float, rng: random.Random) -> None:
        """A pen line through `points` (pixels): ink multiplies the paper, lighter if light."""
        h, w = image.shape[:2]
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        pad = int(width_px * 2 + 4)
        x0, y0 = max(int(min(xs)) - pad, 0), max(int(min(ys)) - pad, 0)
        x1, y1 = min(int(max(xs)) + pad, w), min(int(max(ys)) + pad, h)
        if x1 <= x0 or y1 <= y0:
            return
        mask = np.zeros((y1 - y0, x1 - x0), np.uint8)
        shift = 4
        pts = np.array([[(x - x0) * 16, (y - y0) * 16] for x, y in points], np.int32)
        cv2.polylines(mask, [pts], False, 255, max(1, round(width_px)), cv2.LINE_AA, shift)
        alpha = mask.astype(np.float32) / 255 * pressure
        if pressure < 0.8:  # a light ballpoint skips
            grain = np.random.default_rng(rng.randrange(1 << 30)).random(alpha.shape)
            alpha *= (grain > 0.25 * (1 - pressure)).astype(np.float32)
        region = image[y0:y1, x0:x1].astype(np.float32)
        ink = np.array(color, np.float32) / 255
        region *= 1 - alpha[..., None] * (1 - ink)
        image[y0:y1, x0:x1] = region.astype(np.uint8)

    def _strike(self, image: np.ndarray, lay: Layout, row: Any, style: str,
                rng: random.Random, px: float, color: tuple[int, ...], width_mm: float,
                pressure: float) -> None:
        nx, ny, nw, nh = row.name_box
        rh = row.box[3]
        start, end = nx - rng.uniform(-0.03, 0.25) * nw, nx + nw * (1 + rng.uniform(-0.03, 0.3))
        if style == "partial":
            if rng.random() < 0.5:
                start = nx + rng.uniform(0.05, 0.25) * nw
            else:
                end = nx + rng.uniform(0.75, 0.95) * nw
        if style == "family":
            family = row.name.split()[0]
            from reportlab.pdfbase.pdfmetrics import stringWidth

            fw = stringWidth(family, "DejaVuSans-Bold", row.font_size)
            start, end = nx - rng.uniform(0, 2) * MM, nx + fw + rng.uniform(0, 1) * MM
        mid = ny + nh * 0.45
        offset = rh * (rng.uniform(-0.28, 0.28) if style == "miss" else rng.uniform(-0.1, 0.1))
        slope = math.tan(math.radians(rng.uniform(-1.5, 1.5)))
        lines = [0.0] if style != "double" else [-rh * 0.12, rh * 0.12]
        for dy in lines:
            points = []
            steps = 24
            amp = rh * rng.uniform(0.08, 0.18) if style == "wavy" else rh * 0.015
            freq = rng.uniform(4, 9)
            phase = rng.uniform(0, 6.3)
            for i in range(steps + 1):
                t = i / steps
                x = start + (end - start) * t
                y = mid + offset + dy + slope * (x - start) + amp * math.sin(phase + t * freq)
                points.append(self._to_px(lay, x, y, px))
            self._draw(image, points, color, width_mm * px, pressure, rng)

    def _box(self, image: np.ndarray, lay: Layout, box: Any, how: str, rng: random.Random,
             px: float, color: tuple[int, ...], width_mm: float, pressure: float) -> None:
        """A box of the agree/disagree form marked as voters mark it: a tick, a cross (the
        form's "(X)"), or filled in; a little off the box's centre, never tidy."""
        bx, by, bw, bh = box
        cx = bx + bw / 2 + rng.uniform(-0.2, 0.2) * bw
        cy = by + bh / 2 + rng.uniform(-0.12, 0.12) * bh
        r = min(bw, bh) * rng.uniform(0.22, 0.34)

        def p(dx: float, dy: float) -> tuple[float, float]:
            return self._to_px(lay, cx + dx * r, cy + dy * r, px)

        if how == "tick":
            lines = [[p(-1, 0.1), p(-0.35, -0.8), p(1.1, 1.0)]]
        elif how == "cross":
            lines = [[p(-1, -1), p(1, 1)], [p(-1, 1), p(1, -1)]]
        else:  # filled in: a zigzag over the box's middle
            lines = [[p(-1 + 0.25 * k, 0.8 if k % 2 else -0.8) for k in range(9)]]
        for line in lines:
            jitter = [(x + rng.uniform(-0.6, 0.6), y + rng.uniform(-0.6, 0.6)) for x, y in line]
            self._draw(image, jitter, color, max(width_mm, 0.4) * px, max(pressure, 0.6), rng)

    def _stamp(self, image: np.ndarray, lay: Layout, rng: random.Random, px: float) -> None:
        sx, sy, sw, sh = lay.stamp
        cx, cy = self._to_px(lay, sx + sw / 2 + rng.uniform(-4, 4) * MM,
                             sy + sh / 2 + rng.uniform(-3, 3) * MM, px)
        r = rng.uniform(11, 14) * px
        layer = np.zeros(image.shape[:2], np.uint8)
        cv2.circle(layer, (int(cx), int(cy)), int(r), 255, max(2, int(0.8 * px)), cv2.LINE_AA)
        cv2.circle(layer, (int(cx), int(cy)), int(r * 0.72), 255, max(1, int(0.4 * px)),
                   cv2.LINE_AA)
        for k in range(28):  # the lettering round the ring
            a = k / 28 * 2 * math.pi
            p = (int(cx + r * 0.86 * math.cos(a)), int(cy + r * 0.86 * math.sin(a)))
            cv2.circle(layer, p, max(1, int(0.5 * px)), 255, -1)
        cv2.drawMarker(layer, (int(cx), int(cy)), 255, cv2.MARKER_STAR, int(r * 0.6),
                       max(1, int(0.5 * px)))
        strength = rng.uniform(0.5, 0.95)
        ys, xs = np.nonzero(layer)
        if not len(ys):
            return
        y0, y1, x0, x1 = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
        alpha = layer[y0:y1, x0:x1].astype(np.float32) / 255 * strength
        ink = np.array(STAMP_RED, np.float32) / 255
        region = image[y0:y1, x0:x1].astype(np.float32)
        image[y0:y1, x0:x1] = (region * (1 - alpha[..., None] * (1 - ink))).astype(np.uint8)

    def _handwriting(self, image: np.ndarray, lay: Layout, x: float, y: float, length: float,
                     rng: random.Random, px: float, color: tuple[int, ...], width_mm: float,
                     pressure: float) -> None:
        points = []
        steps = int(length / MM * 3)
        for i in range(steps + 1):
            t = i / steps
            xx = x + length * t + rng.uniform(-0.5, 0.5) * MM
            yy = y + 2.2 * MM * math.sin(t * length / MM * 1.7) + rng.uniform(-0.6, 0.6) * MM
            points.append(self._to_px(lay, xx, yy, px))
        self._draw(image, points, color, max(width_mm, 0.35) * px, max(pressure, 0.6), rng)

    def _write_in(self, image: np.ndarray, lay: Layout, rng: random.Random, px: float,
                  color: tuple[int, ...], width_mm: float, pressure: float) -> None:
        tx, ty = lay.table[:2]
        self._handwriting(image, lay, tx + rng.uniform(15, 40) * MM, ty - rng.uniform(10, 14) * MM,
                          rng.uniform(30, 55) * MM, rng, px, color, width_mm, pressure)

    def _scribble(self, image: np.ndarray, lay: Layout, rng: random.Random, px: float,
                  color: tuple[int, ...], width_mm: float, pressure: float) -> None:
        # A signature beside the title, or in the margin.
        x = rng.uniform(lay.width * 0.55, lay.width * 0.8)
        y = lay.title_y + rng.uniform(-2, 8) * MM
        self._handwriting(image, lay, x, y, rng.uniform(15, 25) * MM, rng, px, color,
                          width_mm, pressure)

    # --- scanning -----------------------------------------------------------------------
    def _scan(self, b: Ballot, rng: random.Random, px: float) -> Ballot:
        image = b.image
        h, w = image.shape[:2]
        if rng.random() < 0.1:
            image = cv2.rotate(image, cv2.ROTATE_180)
            b.kinds.append("upside_down")
        angle = rng.uniform(-5, 5)
        pad = int(0.06 * max(h, w))
        bed = rng.randint(225, 255)
        canvas = cv2.copyMakeBorder(image, pad, pad, pad, pad, cv2.BORDER_CONSTANT,
                                    value=(bed, bed, bed))
        ch, cw = canvas.shape[:2]
        m = cv2.getRotationMatrix2D((cw / 2 + rng.uniform(-10, 10), ch / 2), angle,
                                    rng.uniform(0.985, 1.015))
        m[0, 2] += rng.uniform(-pad / 2, pad / 2)
        m[1, 2] += rng.uniform(-pad / 2, pad / 2)
        image = cv2.warpAffine(canvas, m, (cw, ch), flags=cv2.INTER_LINEAR,
                               borderMode=cv2.BORDER_CONSTANT, borderValue=(bed, bed, bed))
        # The scanner: a little blur, paper tone, noise, sometimes a streak.
        if rng.random() < 0.5:
            image = cv2.GaussianBlur(image, (3, 3), rng.uniform(0.3, 0.9))
        image = cv2.convertScaleAbs(image, alpha=rng.uniform(0.9, 1.0))
        noise = np.empty(image.shape[:2], np.int16)
        cv2.setRNGSeed(rng.randrange(1 << 30))
        cv2.randn(noise, 0, rng.uniform(1, 7))
        image = cv2.add(image, cv2.merge([noise, noise, noise]), dtype=cv2.CV_8U)
        if rng.random() < 0.08:
            x = rng.randrange(image.shape[1])
            v = rng.randint(60, 170)
            image[:, x: x + rng.choice([1, 2])] = v
            b.kinds.append("streak")
        if rng.random() < 0.2:
            image = cv2.cvtColor(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), cv2.COLOR_GRAY2BGR)
            b.kinds.append("grey")
        b.image = image
        b.jpeg = rng.randint(60, 95) if rng.random() < 0.6 else None
        return b


def judge(reading: dict[str, Any], truth: dict[str, Any]) -> dict[str, Any]:
    """Compare one reading with the truth: errors (silent misreadings) and flags."""
    errors = []
    if truth["refuse"]:
        if reading["status"] != "refused":
            errors.append("not refused")
        return {"errors": errors, "flagged": True, "rows_flagged": 0, "clean": False}
    if reading["status"] == "refused":
        return {"errors": [], "flagged": True, "rows_flagged": 0, "clean": not (
            truth["unsure"] or truth["flags"]), "refused": True}
    if truth.get("boxes") is not None:
        return _judge_boxes(reading, truth)
    decided_struck = set(reading["struck"])
    doubtful = set(reading["doubtful"])
    truth_struck = set(truth["struck"])
    unsure = set(truth["unsure"])
    for name in unsure - doubtful:
        errors.append(f"decided {name} (a person must)")
    for name in (truth_struck - decided_struck - doubtful):
        errors.append(f"missed stroke {name}")
    for name in (decided_struck - truth_struck - unsure):
        errors.append(f"false stroke {name}")
    for flag in truth["flags"]:
        if flag not in reading["flags"] and not (flag in ("write_in", "mark")
                                                 and {"write_in", "mark"} & set(reading["flags"])):
            errors.append(f"missed {flag}")
    clean = not (unsure or truth["flags"])
    return {"errors": errors, "flagged": reading["status"] != "read",
            "rows_flagged": len(doubtful - unsure), "clean": clean}


def _judge_boxes(reading: dict[str, Any], truth: dict[str, Any]) -> dict[str, Any]:
    """The agree/disagree form: each line read as the box marked, a line marked in both
    boxes or neither counted for nobody (190-QĐ/TW Điều 30 khoản 1), or left to a person."""
    errors = []
    doubtful = set(reading["doubtful"])
    for name, marked in truth["boxes"].items():
        found = ("agree" if name in reading.get("agree", []) else
                 "disagree" if name in reading.get("disagree", []) else
                 "doubtful" if name in doubtful else "void")
        expected = marked if marked in ("agree", "disagree") else "void"
        if found not in (expected, "doubtful"):
            errors.append(f"{name}: {marked} read as {found}")
    for flag in truth["flags"]:
        if flag not in reading["flags"]:
            errors.append(f"missed {flag}")
    clean = not truth["flags"]
    return {"errors": errors, "flagged": reading["status"] != "read",
            "rows_flagged": len(doubtful), "clean": clean}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=20)
    parser.add_argument("--names", type=int, default=12)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--out", required=True)
    options = parser.parse_args()
    out = Path(options.out)
    out.mkdir(parents=True, exist_ok=True)
    spec = spec_for(options.names, options.seed)
    deck = Deck(spec, other=spec_for(options.names, options.seed, title="Bầu Bí thư"))
    (out / "spec.json").write_text(json.dumps(spec, ensure_ascii=False, indent=1))
    rng = random.Random(options.seed)
    truth = {}
    for i in range(options.count):
        b = deck.ballot(rng)
        name = f"{i:05d}.{'jpg' if b.jpeg else 'png'}"
        (out / name).write_bytes(b.encoded())
        truth[name] = b.truth()
    (out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1))
    print(f"{options.count} ballots in {out}")


if __name__ == "__main__":
    main()
