"""Demo: the targets of the last congress's resolution (the 17th, for the term that began five
years before this one), entered directly as for a congress held before the system, the
figures parsed from the resolution's words by the congress's parser; one target the records
cannot measure (the cells' thematic meetings), with the values the office entered."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from django.db import transaction

from daihoi.congress.models import Congress
from daihoi.congress.proceedings.targets_parser import suggest_targets
from daihoi.targets.models import Target, TargetValue

TEXTS = [
    ("Hằng năm có trên 90% tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên", None),
    ("Hằng năm có trên 90% đảng viên hoàn thành tốt nhiệm vụ trở lên, trong đó 15% hoàn thành xuất sắc "
     "nhiệm vụ", None),
    ("Kết nạp từ 1.000 đảng viên trở lên trong nhiệm kỳ", None),
    ("Kết nạp bình quân 200 đảng viên mỗi năm", None),
    ("Hằng năm kết nạp đảng viên đạt 100% kế hoạch năm", Target.Metric.ADMITTED_PLAN),
    ("Thành lập mới 10 tổ chức đảng trong doanh nghiệp ngoài khu vực nhà nước trong nhiệm kỳ", None),
    ("Hằng năm có trên 90% chi bộ kết nạp được đảng viên mới", Target.Metric.CELLS_ADMITTING),
    ("Hằng năm 100% chi bộ tổ chức sinh hoạt chuyên đề ít nhất mỗi quý một lần", Target.Metric.OTHER),
]


@transaction.atomic
def build(*, seed: int, log: Callable[[str], None]) -> None:
    past = Congress.objects.filter(ordinal=17).order_by("starts_on").first()
    if past is None or Target.objects.filter(congress=past).exists():
        log("Không có đại hội nhiệm kỳ trước hoặc đã có chỉ tiêu: bỏ qua dữ liệu demo chỉ tiêu")
        return
    targets: list[Target] = []
    for text, metric in TEXTS:
        for sg in suggest_targets(text):
            targets.append(Target(congress=past, number=len(targets) + 1, text=sg.text,
                                  metric=metric or sg.metric, comparison=sg.comparison, value=sg.value,
                                  unit=Target.Unit.PERCENT if metric else sg.unit, period=sg.period))
    Target.objects.bulk_create(targets)
    entered = Target.objects.filter(congress=past, metric=Target.Metric.OTHER).order_by("number").last()
    if entered is not None:
        for year, value in zip(range(past.term_start, past.term_end), (96, 98, 100, 100), strict=False):
            TargetValue.objects.create(target=entered, value=Decimal(value), as_of=dt.date(year, 12, 31),
                                       year=year, source="Báo cáo của Ban Tổ chức Đảng ủy Khối")
    log(f"{len(targets)} chỉ tiêu Nghị quyết Đại hội lần thứ {past.ordinal_roman}")
