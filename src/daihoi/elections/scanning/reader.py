"""Reading a scanned ballot: which names are struck, which rows a person must look at.

Pure (NumPy and OpenCV, no Django): the application's worker, `daihoi scan` and the bench
call the same `read_ballot`. Issue 20 item 2; the rules it applies are 190-QĐ/TW Điều 15
(the voter strikes through the whole name; the ballot bears the convening committee's stamp)
and Điều 30 khoản 1 (agree/disagree form: one box a line). The machine decides only what it
is sure of: a write-in, an identifying mark and a missing stamp are flags for the counting
committee, never the machine's decision.

How it reads (after VotingWorks' VxSuite: a score per target, two thresholds):
1. find the ArUco markers (corner ids 0–3, two code markers) on a reduced grey image;
2. refuse the page when there are no markers (not a ballot), or when the code markers do not
   spell this round's code (another election or round);
3. warp the page onto the canonical ballot (PX_PER_MM pixels a millimetre) with the
   homography from the markers' corners: rotation, skew, scale and upside down at once;
4. ink = darker than the clean ballot, rendered from the same PDF, by more than a margin;
   the clean ballot is moved onto the scan row by row (and above and below the list) to a
   tenth of a pixel, then widened by one, and scanner streaks are removed;
5. each row's score is the share of the printed name's width that a stroke crosses: where
   it shows, and the gaps between where the line running on lies under the printed
   letters (ink over print shows nothing); score ≥ definite: struck, unless the stroke is
   not seen past the family name; ≥ marginal: doubtful;
6. ink elsewhere: below the list → write_in, anywhere else → mark; almost none in the
   stamp area → unstamped.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from daihoi.elections.scanning.layout import (
    APPROVE,
    CORNER_IDS,
    MM,
    Layout,
    Rect,
    code_from_ids,
    code_text,
)

PX_PER_MM = 6.0
SCALE = PX_PER_MM / MM  # canonical pixels per PDF point
DETECT_PX_PER_MM = 3.6  # the reduced image the markers are looked for in (about 90 dpi)
RENDER_DPI = 200  # PDF pages of a scan batch are rendered at this resolution

READ, DOUBTFUL, REFUSED = "read", "doubtful", "refused"
WRITE_IN, MARK, UNSTAMPED = "write_in", "mark", "unstamped"

REASON_NOT_A_BALLOT = "không tìm thấy dấu định vị: không phải phiếu bầu của hệ thống"
REASON_TWO_BALLOTS = "có hơn một phiếu trên trang"
REASON_NO_CODE = "không đọc được mã lần bầu trên phiếu"
REASON_OTHER_ROUND = "phiếu của cuộc bầu cử hoặc lần bầu khác (mã {found}, cần {expected})"
REASON_GEOMETRY = "dấu định vị không khớp hình phiếu (phiếu bị gập, rách hoặc quét lệch)"


class ReadError(Exception):
    """A file that cannot be opened as a scan (one line)."""


@dataclass(frozen=True)
class Thresholds:
    """The round's parameters (issue 20: defaults measured on the test deck).

    Measured with `python -m bench.scan --ballots 500` (seed 2025, the calibration deck; the
    accuracy run uses another seed): rows struck through scored 0.471 at the lowest (0.529
    at the 0.1st percentile), kept rows 0.000 at the highest, strokes through the family name
    only up to 0.43. `definite` lies under the lowest struck row, `marginal` over the
    highest kept one with room for a tick or a slip of the pen; a family-name stroke above
    `definite` is held back by `family`. The agree/disagree form's boxes: unmarked 0.000 at
    the highest, marked 0.026 at the lowest (a thin tick), the two box thresholds between.
    """

    definite: float = 0.42  # share of the name crossed: struck at or above
    marginal: float = 0.08  # doubtful at or above, below definite
    # How far past the family name (a share of the rest of the name) a struck name's stroke
    # must be seen to reach: a stroke through the family name only is a person's decision.
    family: float = 0.25
    ink: int = 40  # darker than the clean ballot by this much (0–255): ink
    bridge_mm: float = 2.5  # a stroke is followed up to twice this before and after the name
    stamp: float = 0.02  # share of the stamp area inked: stamped at or above
    stray_px: int = 60  # ink pixels outside the rows (after removing specks): flagged
    box_definite: float = 0.012  # approve form: share of a box inked
    box_marginal: float = 0.003

    @classmethod
    def default(cls) -> Thresholds:
        return cls()


@dataclass
class RowReading:
    number: int
    name: str
    score: float
    state: str  # "struck" | "kept" | "doubtful"; approve form: "agree" | "disagree" | ...
    box: tuple[int, int, int, int]  # x, y, w, h in canonical pixels (for the review crop)


@dataclass
class Reading:
    status: str
    struck: list[str] = field(default_factory=list)
    doubtful: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    reason: str | None = None
    rows: list[RowReading] = field(default_factory=list)
    agree: list[str] = field(default_factory=list)
    disagree: list[str] = field(default_factory=list)
    upside_down: bool = False
    image: np.ndarray | None = None  # the canonical (warped) ballot, colour, for review
    code: int | None = None  # the round's code the page bears (when the markers spell one)
    sheet: str = ""  # the layout it was read with: "A5" | "A4"

    def to_json(self, *, approve: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {"status": self.status, "struck": self.struck,
                                "doubtful": self.doubtful, "flags": self.flags,
                                "reason": self.reason}
        if approve:
            data["agree"] = self.agree
            data["disagree"] = self.disagree
        return data

    def details(self) -> list[dict[str, Any]]:
        return [{"number": r.number, "name": r.name, "score": round(r.score, 3),
                 "state": r.state, "box": list(r.box)} for r in self.rows]


def _px(rect: Rect, height: float) -> tuple[int, int, int, int]:
    """A layout rectangle (points, origin bottom left) in canonical pixels (origin top left)."""
    x, y, w, h = rect
    return (round(x * SCALE), round((height - y - h) * SCALE), round(w * SCALE),
            round(h * SCALE))


@dataclass
class Template:
    """What the reader knows of the round's ballot: its layout and its clean image."""

    layout: Layout
    clean_dark: np.ndarray  # darkness (0 white – 255 black) of the clean ballot, widened 1 px
    clean_raw: np.ndarray  # darkness of the clean ballot as printed (for alignment)
    size: tuple[int, int]  # canonical width, height in pixels
    marker_points: dict[int, np.ndarray]  # id -> 4 × 2 corners (TL, TR, BR, BL) in pixels
    rows: list[tuple[int, int, int, int]]
    names: list[tuple[int, int, int, int]]
    family_x: list[int]  # where each name's first word (the family name) ends, in pixels
    stamp: tuple[int, int, int, int]
    table: tuple[int, int, int, int]

    @classmethod
    def from_layout(cls, layout: Layout, *, clean: np.ndarray) -> Template:
        h = layout.height
        size = (round(layout.width * SCALE), round(layout.height * SCALE))
        if clean.shape[:2] != (size[1], size[0]):
            clean = cv2.resize(clean, size, interpolation=cv2.INTER_AREA)
        dark = 255 - clean
        if CLEAN_WIDEN > 1:
            dark = cv2.dilate(dark, np.ones((CLEAN_WIDEN, CLEAN_WIDEN), np.uint8))
        clean = np.ascontiguousarray(clean)
        points = {}
        for marker_id, (mx, my, mw, mh) in layout.markers.items():
            # Pixel centres at integers (OpenCV's convention): an edge lies half a pixel off.
            x, y = mx * SCALE - 0.5, (h - my - mh) * SCALE - 0.5
            w, hh = mw * SCALE, mh * SCALE
            points[marker_id] = np.array([[x, y], [x + w, y], [x + w, y + hh], [x, y + hh]],
                                         np.float32)
        return cls(layout=layout, clean_dark=dark, clean_raw=255 - clean,
                   size=size, marker_points=points,
                   rows=[_px(r.box, h) for r in layout.rows],
                   names=[_px(r.name_box, h) for r in layout.rows],
                   family_x=[round((r.name_box[0] + _family_width(r)) * SCALE)
                             for r in layout.rows],
                   stamp=_px(layout.stamp, h), table=_px(layout.table, h))


def _family_width(row: Any) -> float:
    """The printed width of a name's first word, the family name (points)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from daihoi.elections.scanning.layout import FONT_BOLD

    family = row.name.split(" ")[0]
    return min(stringWidth(family, FONT_BOLD, row.font_size), row.name_box[2])


def render_clean(text: Any, layout: Layout) -> np.ndarray:
    """The clean ballot in grey at the canonical resolution, rendered from its own PDF."""
    from reportlab.pdfgen.canvas import Canvas

    from daihoi.elections.scanning.printing import draw_ballot

    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=(layout.width, layout.height), invariant=1)
    draw_ballot(c, text, layout)
    c.showPage()
    c.save()
    return render_pdf_page(buffer.getvalue(), 0, SCALE * 72, grey=True)


def render_pdf_page(data: bytes, index: int, dpi: float, *, grey: bool = False) -> np.ndarray:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        page = document[index]
        bitmap = page.render(scale=dpi / 72, grayscale=grey)
        array = bitmap.to_numpy().copy()
    finally:
        document.close()
    if grey:
        return array[:, :, 0] if array.ndim == 3 else array
    return array[:, :, :3] if array.shape[2] == 4 else array  # BGR(A) as OpenCV wants


def load_pages(path: str, *, dpi: float = RENDER_DPI) -> list[tuple[str, np.ndarray]]:
    """(source, image) of each page of a scan file: a PDF (`file:page`), a TIFF or an image."""
    file = Path(path)
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise ReadError(exc.strerror or str(exc)) from None
    return load_bytes(data, name=path, dpi=dpi)


def load_bytes(data: bytes, *, name: str, dpi: float = RENDER_DPI) -> list[tuple[str, np.ndarray]]:
    if data[:5] == b"%PDF-":
        import pypdfium2 as pdfium

        try:
            document = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            raise ReadError(str(exc)) from None
        pages = []
        try:
            for i in range(len(document)):
                bitmap = document[i].render(scale=dpi / 72)
                array = bitmap.to_numpy()
                pages.append((f"{name}:{i + 1}", np.ascontiguousarray(array[:, :, :3])))
        finally:
            document.close()
        return pages
    buffer = np.frombuffer(data, np.uint8)
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        ok, images = cv2.imdecodemulti(buffer, cv2.IMREAD_COLOR)
        if not ok or not images:
            raise ReadError("không phải ảnh TIFF đọc được")
        if len(images) == 1:
            return [(name, images[0])]
        return [(f"{name}:{i + 1}", im) for i, im in enumerate(images)]
    image = cv2.imdecode(buffer, cv2.IMREAD_COLOR)
    if image is None:
        raise ReadError("không phải ảnh hay PDF đọc được")
    return [(name, image)]


_DETECTOR: Any = None


def _detector() -> Any:
    global _DETECTOR
    if _DETECTOR is None:
        dictionary = cv2.aruco.getPredefinedDictionary(cv2.aruco.DICT_4X4_1000)
        params = cv2.aruco.DetectorParameters()
        # One thresholding pass (the markers are big and black on white paper): fast.
        params.adaptiveThreshWinSizeMin = 13
        params.adaptiveThreshWinSizeMax = 13
        params.adaptiveThreshWinSizeStep = 10
        params.cornerRefinementMethod = cv2.aruco.CORNER_REFINE_CONTOUR
        _DETECTOR = cv2.aruco.ArucoDetector(dictionary, params)
    return _DETECTOR


def _px_per_mm(image: np.ndarray, template: Template) -> float:
    """The scan's resolution, from its size (the sheet fills the scan, give or take)."""
    h, w = image.shape[:2]
    long_side = max(h, w)
    return long_side / (max(template.layout.width, template.layout.height) / MM)


def read_ballot(image: np.ndarray, template: Template | list[Template],
                thresholds: Thresholds | None = None, *, keep_image: bool = False) -> Reading:
    """Read one page (a BGR or grey image) as a ballot of `template`'s round; given several
    templates (the round's ballot on A5 and on A4), as the one whose code the page bears."""
    if isinstance(template, list):
        first, *rest = template
        reading = read_ballot(image, first, thresholds, keep_image=keep_image)
        if reading.status != REFUSED:
            return reading
        # The markers spell another of the templates' codes, or they were not found where
        # and at the size this sheet has them (an A4 page read as A5): the others are tried.
        for other in rest:
            if reading.code in (None, other.layout.code):
                again = read_ballot(image, other, thresholds, keep_image=keep_image)
                if again.status != REFUSED:
                    return again
        return reading
    t = thresholds or Thresholds.default()
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
    image, grey = _without_streaks(image, grey)
    factor = min(1.0, DETECT_PX_PER_MM / max(_px_per_mm(grey, template), 1e-6))
    small = (cv2.resize(grey, None, fx=factor, fy=factor, interpolation=cv2.INTER_LINEAR)
             if factor < 1.0 else grey)
    corners, ids, _ = _detector().detectMarkers(small)
    if ids is None or len(ids) == 0:
        return Reading(REFUSED, reason=REASON_NOT_A_BALLOT)
    found: dict[int, list[np.ndarray]] = {}
    for marker_id, quad in zip(ids.ravel().tolist(), corners, strict=True):
        found.setdefault(int(marker_id), []).append((quad.reshape(4, 2) + 0.5) / factor - 0.5)
    if any(len(v) > 1 for k, v in found.items() if k in CORNER_IDS):
        return Reading(REFUSED, reason=REASON_TWO_BALLOTS)
    if factor < 1.0:
        found = _refined(grey, found, factor)
    corner_ids = [k for k in CORNER_IDS if k in found]
    if len(corner_ids) < 3:
        return Reading(REFUSED, reason=REASON_NOT_A_BALLOT)
    src = np.concatenate([found[k][0] for k in corner_ids]).astype(np.float32)
    dst = np.concatenate([template.marker_points[k] for k in corner_ids])
    homography, _ = cv2.findHomography(src, dst, 0)
    if homography is None:
        return Reading(REFUSED, reason=REASON_GEOMETRY)
    projected = cv2.perspectiveTransform(src.reshape(-1, 1, 2), homography).reshape(-1, 2)
    if float(np.abs(projected - dst).max()) > 2.5 * PX_PER_MM:
        return Reading(REFUSED, reason=REASON_GEOMETRY)
    # The code: the two other markers, left and right by where they land on the ballot.
    others = [(k, q) for k, qs in found.items() if k not in CORNER_IDS for q in qs]
    placed = []
    for marker_id, quad in others:
        centre = cv2.perspectiveTransform(quad.mean(axis=0).reshape(1, 1, 2).astype(np.float32),
                                          homography).reshape(2)
        if centre[1] > template.size[1] * 0.85:  # the code sits at the bottom, in the middle
            placed.append((float(centre[0]), marker_id))
    placed.sort()
    if len(placed) != 2:
        return Reading(REFUSED, reason=REASON_NO_CODE)
    code = code_from_ids(placed[0][1], placed[1][1])
    if code != template.layout.code:
        return Reading(REFUSED, code=code, reason=REASON_OTHER_ROUND.format(
            found="?" if code is None else code_text(code),
            expected=code_text(template.layout.code)))
    # Now all six markers: a closer fit, and one marker found wrong cannot pull it far.
    code_quads = [found[placed[0][1]][0], found[placed[1][1]][0]]
    src_all = np.concatenate([src, *[q.astype(np.float32) for q in code_quads]])
    dst_all = np.concatenate([dst, template.marker_points[placed[0][1]],
                              template.marker_points[placed[1][1]]])
    refined, _ = cv2.findHomography(src_all, dst_all, cv2.RANSAC, 0.5 * PX_PER_MM)
    if refined is not None:
        homography = refined
    # Where the top left corner marker went tells a sheet fed upside down (for the record).
    upside_down = bool(homography[1, 1] < 0) if 0 in found else False
    # Coloured ink shows darkest in its weakest channel: one channel is warped, not three.
    if image.ndim == 3:
        b, g, r = cv2.split(image)
        least = cv2.min(cv2.min(b, g), r)
    else:
        least = image
    warped = cv2.warpPerspective(least, homography, template.size, flags=cv2.INTER_LINEAR,
                                 borderMode=cv2.BORDER_CONSTANT, borderValue=255)
    reading = _read_warped(warped, template, t)
    reading.upside_down = upside_down
    reading.code, reading.sheet = code, template.layout.size
    if keep_image:
        reading.image = cv2.warpPerspective(image, homography, template.size,
                                            flags=cv2.INTER_LINEAR,
                                            borderMode=cv2.BORDER_CONSTANT,
                                            borderValue=(255, 255, 255))
    return reading


def _without_streaks(image: np.ndarray, grey: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A scanner's streak (dust on its glass: a line down the whole page in the feed
    direction) painted over with the column beside it, before anything is read."""
    h, w = grey.shape
    dark = (grey < 200).view(np.uint8)
    counts = cv2.reduce(dark, 0, cv2.REDUCE_SUM, dtype=cv2.CV_32S).ravel()
    streaks = np.flatnonzero(counts > 0.85 * h)
    if not len(streaks) or len(streaks) > w // 20:  # none, or a dark page: leave it
        return image, grey
    image, grey = image.copy(), grey.copy()
    bad = set(streaks.tolist())
    for x in streaks:
        src = next((x + d for d in (-2, 2, -3, 3, -4, 4, -6, 6)
                    if 0 <= x + d < w and x + d not in bad), None)
        if src is not None:
            image[:, x] = image[:, src]
            grey[:, x] = grey[:, src]
    return image, grey


def _refined(grey: np.ndarray, found: dict[int, list[np.ndarray]], factor: float
             ) -> dict[int, list[np.ndarray]]:
    """The markers' corners found again on the scan itself, to a fraction of its pixel,
    around where the reduced image put them (a pixel there is two or three of the scan's)."""
    keys = [(k, i) for k, qs in found.items() for i in range(len(qs))]
    points = np.concatenate([found[k][i] for k, i in keys]).astype(np.float32).reshape(-1, 1, 2)
    half = max(2, round(1.0 / factor))
    criteria = (cv2.TERM_CRITERIA_EPS + cv2.TERM_CRITERIA_MAX_ITER, 20, 0.05)
    refined = cv2.cornerSubPix(grey, points, (half, half), (-1, -1), criteria).reshape(-1, 4, 2)
    out: dict[int, list[np.ndarray]] = {k: list(qs) for k, qs in found.items()}
    for (k, i), quad in zip(keys, refined, strict=True):
        # A corner pulled further than the window (by a stroke or a stain beside it) is
        # left where the reduced image put it.
        moved = np.linalg.norm(quad - found[k][i], axis=1) <= 2 * half
        out[k][i] = np.where(moved[:, None], quad, found[k][i])
    return out


def _ink(warped: np.ndarray, template: Template, t: Thresholds
         ) -> tuple[np.ndarray, np.ndarray]:
    """Boolean ink added to the clean ballot, on the canonical image, and the clean ballot's
    darkness as aligned on this scan."""
    if warped.ndim == 3:  # coloured ink shows darkest in its weakest channel
        b, g, r = cv2.split(warped)
        least = cv2.min(cv2.min(b, g), r)
    else:
        least = warped  # the weakest channel already
    least = cv2.blur(least, (2, 2))
    paper = float(np.percentile(least[:: 8, :: 8], 75))
    paper = max(paper, 96.0)
    dark = 255.0 - np.minimum(least.astype(np.float32) * (255.0 / paper), 255.0)
    clean = _aligned_clean(dark, template)
    ink = (dark - clean) > t.ink
    # A pen's line is wider than a pixel; the edge of a printed letter off by one is not.
    if OPEN_PX > 1:
        ink = cv2.morphologyEx(ink.astype(np.uint8), cv2.MORPH_OPEN,
                               np.ones((OPEN_PX, OPEN_PX), np.uint8)) > 0
    # Scanner streaks: a thin line along the whole sheet in the feed direction.
    h, w = ink.shape
    as_u8 = ink.view(np.uint8)
    columns = cv2.reduce(as_u8, 0, cv2.REDUCE_SUM, dtype=cv2.CV_32S).ravel() > 0.6 * h
    if columns.any():
        ink[:, columns] = False
    rows = cv2.reduce(as_u8, 1, cv2.REDUCE_SUM, dtype=cv2.CV_32S).ravel() > 0.93 * w
    if rows.any():
        ink[rows, :] = False
    # The sheet's own edge and the markers are not the voter's.
    edge = round(2.5 * PX_PER_MM)
    ink[:edge, :] = ink[-edge:, :] = False
    ink[:, :edge] = ink[:, -edge:] = False
    return ink, clean


STRAY_CLEAR = 11  # pixels (odd): the print widened by this for ink outside the rows
CLEAN_WIDEN = 3  # the clean print widened (pixels), for registration
OPEN_PX = 2  # ink narrower than this (pixels) is dropped
MAX_SHIFT = 4  # pixels the markers may leave the print off by, after warping


def _best_shift(scan: np.ndarray, clean: np.ndarray) -> float:
    """The shift (−MAX_SHIFT..MAX_SHIFT, to a tenth of a pixel) of `clean` that best
    matches profile `scan`."""
    n = scan.size - 2 * MAX_SHIFT
    if n <= 0:
        return 0.0
    a = scan[MAX_SHIFT: MAX_SHIFT + n] - scan.mean()
    scores = np.empty(2 * MAX_SHIFT + 1)
    for i, d in enumerate(range(-MAX_SHIFT, MAX_SHIFT + 1)):
        b = clean[MAX_SHIFT - d: MAX_SHIFT - d + n]
        scores[i] = float(np.dot(a, b - b.mean()))
    i = int(scores.argmax())
    best = float(i - MAX_SHIFT)
    if 0 < i < scores.size - 1:  # the peak between pixels: a parabola through three
        left, mid, right = scores[i - 1], scores[i], scores[i + 1]
        curve = left - 2 * mid + right
        if curve < 0:
            best += float(np.clip(0.5 * (left - right) / curve, -0.5, 0.5))
    return best


def _aligned_clean(dark: np.ndarray, template: Template) -> np.ndarray:
    """The clean ballot moved, row by row and to a tenth of a pixel, onto the scan: the
    row's rules (down) and its printed name and rules (across) tell the last pixel or two
    the markers leave (a warped sheet, blur, JPEG), which would otherwise show as ink along
    every letter's edge."""
    m = MAX_SHIFT
    raw = template.clean_raw.astype(np.float32)
    tx, _ty, tw, _th = template.table
    _hx, hy, _hw, hh = _px(template.layout.header, template.layout.height)
    # Across: the header row's vertical rules (nobody writes there).
    dx = _best_shift(dark[hy + 2: hy + hh - 2, tx - m: tx + tw + m].mean(axis=0),
                     raw[hy + 2: hy + hh - 2, tx - m: tx + tw + m].mean(axis=0))
    out = np.roll(template.clean_dark, (0, round(dx)), axis=(0, 1)).astype(np.float32)
    num_w = round(12 * MM * SCALE)

    def move(y0: int, y1: int, x0: int, x1: int, dx: float, dy: float) -> None:
        """out[y0:y1, x0:x1] from the clean ballot moved by (dx, dy), then widened."""
        pad = m + CLEAN_WIDEN
        patch = raw[max(y0 - pad, 0): y1 + pad, max(x0 - pad, 0): x1 + pad]
        top, left = y0 - max(y0 - pad, 0), x0 - max(x0 - pad, 0)
        shift = np.array([[1, 0, dx], [0, 1, dy]], np.float32)
        moved = cv2.warpAffine(patch, shift, (patch.shape[1], patch.shape[0]),
                               flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
        if CLEAN_WIDEN > 1:
            moved = cv2.dilate(moved, np.ones((CLEAN_WIDEN, CLEAN_WIDEN), np.uint8))
        out[y0:y1, x0:x1] = moved[top: top + y1 - y0, left: left + x1 - x0]

    def shift_of(y0: int, y1: int, x0: int, x1: int) -> tuple[float, float]:
        region, clean = dark[y0:y1, x0:x1], raw[y0:y1, x0:x1]
        return (_best_shift(region.mean(axis=0), clean.mean(axis=0)),
                _best_shift(region.mean(axis=1), clean.mean(axis=1)))

    for rx, ry, rw, rh in template.rows:
        # Down: the row's rules in the number column (and the row's far end).
        cols = np.r_[rx + 3: rx + num_w - 3, rx + rw - 30: rx + rw - 3]
        y0, y1 = ry - m - 3, ry + rh + m + 3
        dy = _best_shift(dark[y0:y1][:, cols].mean(axis=1), raw[y0:y1][:, cols].mean(axis=1))
        # Across: the name and the column rules, inside the row.
        row_dx = _best_shift(dark[ry + 3: ry + rh - 3, rx - m: rx + rw + m].mean(axis=0),
                             raw[ry + 3: ry + rh - 3, rx - m: rx + rw + m].mean(axis=0))
        move(ry - 2, ry + rh + 2, rx - m, rx + rw + m, row_dx, dy)
    # Above and below the list (the title, the note, the markers), where ink is looked for
    # too: each moved as a whole, the stamp (red, dark in the weakest channel) left out of
    # the measure.
    h, w = dark.shape
    edge = round(2.5 * PX_PER_MM)
    sx, _sy, sw, _sh = template.stamp
    right_of_stamp = min(sx + sw + round(8 * PX_PER_MM), w - 2 * edge)
    if hy - 2 - edge > 2 * m + 2:
        dx_top, dy_top = shift_of(edge, hy - 2, right_of_stamp, w - edge)
        move(0, hy - 2, 0, w, dx_top, dy_top)
    below = template.table[1] + template.table[3] + 2
    if h - edge - below > 2 * m + 2:
        dx_low, dy_low = shift_of(below, h - edge, edge, w - edge)
        move(below, h, 0, w, dx_low, dy_low)
    return out


PRINTED = 60  # darkness of the clean ballot (widened) taken as printed
MIN_RUN = 3  # columns: a run of ink narrower than this is a printed letter's edge, not a pen
ON_LINE = 3.0  # pixels: a narrow piece this close to the stroke's line is part of it
EXPLAINED = 0.8  # share of a gap's columns that must lie under print for it to be bridged


def _stroke(band: np.ndarray, printed: np.ndarray, x0: int, x1: int, bridge: int
            ) -> np.ndarray:
    """The columns of a row's band a pen's stroke crosses: the columns it shows in, and the
    gaps between them where the line running on from one piece to the next lies under the
    printed letters (black ink over black print shows nothing, so a stroke across a name is
    seen only between and inside the letters); a gap across white paper is a real gap."""
    h, w = band.shape
    columns = np.asarray(band.any(axis=0), np.uint8)
    covered = np.zeros(w, bool)
    lo, hi = max(x0 - 2 * bridge, 0), min(x1 + 2 * bridge, w)
    edges = np.flatnonzero(np.diff(np.r_[0, columns[lo:hi], 0]))
    pieces = [(lo + a, lo + b) for a, b in zip(edges[::2], edges[1::2], strict=True)]
    if not any(b - a >= MIN_RUN for a, b in pieces):
        return covered
    ys = np.arange(h, dtype=np.float32)[:, None]
    weights = band.astype(np.float32)

    def height(a: int, b: int) -> float:
        cols = weights[:, a:b]
        total = float(cols.sum())
        return float((cols * ys).sum()) / total if total else h / 2

    # A piece narrower than MIN_RUN (the stroke seen between two letters) counts only when
    # it lies on the line of the stroke's wider pieces: a letter's edge off by a pixel does
    # not make a stroke of itself.
    solid = [(a, b) for a, b in pieces if b - a >= MIN_RUN]
    line = np.array([height(a, b) for a, b in solid])
    middles = np.array([(a + b) / 2 for a, b in solid])
    runs = []
    for a, b in pieces:
        if b - a < MIN_RUN:
            near = float(np.interp((a + b) / 2, middles, line))
            if abs(height(a, b) - near) > ON_LINE:
                continue
        runs.append((a, b))
    previous = None
    for a, b in runs:
        covered[a:b] = True
        if previous is not None:
            pa, pb = previous
            gap = a - pb
            if gap > 0:
                y_from = height(max(pb - 3, pa), pb)
                y_to = height(a, min(a + 3, b))
                xs = np.arange(pb, a)
                path = np.rint(y_from + (y_to - y_from) * (xs - pb + 1) / (gap + 1)).astype(int)
                under = np.zeros(gap, bool)
                for dy in (-2, -1, 0, 1, 2):
                    yy = np.clip(path + dy, 0, h - 1)
                    under |= printed[yy, xs]
                if float(under.mean()) >= EXPLAINED:
                    covered[pb:a] = True
        previous = (a, b)
    return covered


def _read_warped(warped: np.ndarray, template: Template, t: Thresholds) -> Reading:
    ink, clean = _ink(warped, template, t)
    # Ink away from the print (a mark, a word) is looked for a little away from it, where
    # the last of the registration error cannot reach.
    printed_wide = cv2.dilate((clean > 48).astype(np.uint8),
                              np.ones((STRAY_CLEAR, STRAY_CLEAR), np.uint8)) > 0
    lay = template.layout
    approve = lay.ballot_format == APPROVE
    reading = Reading(READ)
    inset = round(0.7 * PX_PER_MM)
    bridge = round(t.bridge_mm * PX_PER_MM)
    accounted = np.zeros_like(ink)
    for row, (rx, ry, rw, rh), (nx, _, nw, _) in zip(lay.rows, template.rows, template.names,
                                                    strict=True):
        band = ink[ry + inset: ry + rh - inset, rx: rx + rw]
        accounted[ry: ry + rh, rx: rx + rw] = True
        if approve and row.agree and row.disagree:
            scores = []
            for rect in (row.agree, row.disagree):
                bx, by, bw, bh = _px(rect, lay.height)
                box = ink[by + inset: by + bh - inset, bx + inset: bx + bw - inset]
                scores.append(float(box.mean()) if box.size else 0.0)
            _agree, _disagree = scores
            marked = [s >= t.box_definite for s in scores]
            unsure = [t.box_marginal <= s < t.box_definite for s in scores]
            if any(unsure):
                state = "doubtful"
                reading.doubtful.append(row.name)
            elif marked[0] and not marked[1]:
                state = "agree"
                reading.agree.append(row.name)
            elif marked[1] and not marked[0]:
                state = "disagree"
                reading.disagree.append(row.name)
                reading.struck.append(row.name)
            else:
                state = "both" if all(marked) else "none"  # the line does not count (Điều 30)
            reading.rows.append(RowReading(row.number, row.name, max(scores), state,
                                           (rx, ry, rw, rh)))
            continue
        printed = clean[ry + inset: ry + rh - inset, rx: rx + rw] > PRINTED
        covered = _stroke(band, printed, nx - rx, nx - rx + nw, bridge)
        score = float(covered[nx - rx: nx - rx + nw].mean()) if nw > 0 else 0.0
        # Ink in the row away from the name (a tick, a word) with no stroke: a person looks.
        # (well inside the row: a neighbour's stroke grazing the rule is not this row's)
        deep = round(1.6 * PX_PER_MM) - inset
        y0 = ry + inset + deep
        away = band[deep: band.shape[0] - deep] & ~printed_wide[
            y0: y0 + band.shape[0] - 2 * deep, rx: rx + rw]
        away[:, max(nx - rx - bridge, 0): nx - rx + nw + bridge] = False
        away_px = int(away.sum())
        # 190-QĐ/TW Điều 15: the whole name is struck. A stroke seen no further than the
        # family name (the rest may be hidden under the letters, never all of it) is a
        # person's decision.
        fx = template.family_x[len(reading.rows)] - rx
        end = nx - rx + nw
        found = np.flatnonzero(covered[nx - rx: end + 2 * bridge])
        reach = int(nx - rx + found[-1]) if len(found) else nx - rx - 1
        if score >= t.definite and reach < fx + t.family * (end - fx):
            state = "doubtful"
            reading.doubtful.append(row.name)
        elif score >= t.definite:
            state = "struck"
            reading.struck.append(row.name)
        elif score >= t.marginal or away_px > t.stray_px:
            state = "doubtful"
            reading.doubtful.append(row.name)
        else:
            state = "kept"
        reading.rows.append(RowReading(row.number, row.name, score, state, (rx, ry, rw, rh)))
    # The stamp area (and its surroundings, where a stamp spills over).
    sx, sy, sw, sh = template.stamp
    stamp_ink = float(ink[sy: sy + sh, sx: sx + sw].mean())
    if stamp_ink < t.stamp:
        reading.flags.append(UNSTAMPED)
    spill = round(8 * PX_PER_MM)
    accounted[max(sy - spill, 0): sy + sh + spill, max(sx - spill, 0): sx + sw + spill] = True
    stray = ink & ~accounted & ~printed_wide
    for quad in template.marker_points.values():
        lo = quad.min(axis=0).astype(int) - 3
        hi = quad.max(axis=0).astype(int) + 3
        stray[max(int(lo[1]), 0): int(hi[1]), max(int(lo[0]), 0): int(hi[0])] = False
    stray = cv2.morphologyEx(stray.astype(np.uint8), cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))
    tx, ty, tw, th = template.table
    below = stray[ty + th:, tx: tx + tw]
    if int(below.sum()) > t.stray_px:
        reading.flags.append(WRITE_IN)
    stray[ty + th:, tx: tx + tw] = 0
    if int(stray.sum()) > t.stray_px:
        reading.flags.append(MARK)
    if reading.doubtful or reading.flags:
        reading.status = DOUBTFUL
    return reading
