"""The review's sentences in both languages (targets.phrases): the Vietnamese as the articles
write them, the English from the catalogue, numbers as each language prints them."""

from __future__ import annotations

from fractions import Fraction

import pytest
from django.utils import translation

from daihoi.rules import targets as tg
from daihoi.rules.targets import Aggregate, Status
from daihoi.targets import phrases


@pytest.mark.parametrize(("lang", "want"), [
    ("vi", ["vượt 25,1% so với mục tiêu", "vượt 25% so với mục tiêu", "đạt 75,7% kế hoạch năm",
            "đạt và vượt 5/7 chỉ tiêu", "đạt và vượt 1/1 chỉ tiêu"]),
    ("en", ["25.1% above the target", "25% above the target", "75.7% of the year's plan",
            "met or exceeded 5 of 7 targets", "met or exceeded 1 of 1 target"]),
])
def test_the_articles_figures(lang: str, want: list[str]) -> None:
    # "kết nạp được 1001 đảng viên, vượt 25% so với mục tiêu" (800 for the term); "kết nạp 227
    # quần chúng ưu tú vào Đảng (đạt 75,6% kế hoạch năm)": 227/300 half up is 75,7
    with translation.override(lang):
        assert [phrases.progress(">=", 1001, 800), phrases.progress(">=", 1000, 800),
                phrases.progress(">=", 227, 300, plan=True),
                phrases.count(5, 7), phrases.count(1, 1)] == want


@pytest.mark.parametrize(("lang", "want"), [
    ("vi", ["hằng năm đều đạt trên 90% (thấp nhất 92,4%)", "năm 2021 chưa đạt (thấp nhất 11,9%)",
            "bình quân 296 người/năm, vượt 48% so với mục tiêu",
            "1.001 người, vượt 25,1% so với mục tiêu", "", "từ 1.000 người trở lên",
            "đạt 80,1% kế hoạch năm"]),
    ("en", ["above 90% every year (lowest 92.4%)", "not met in 2021 (lowest 11.9%)",
            "296 people a year on average, 48% above the target",
            "1,001 people, 25.1% above the target", "", "1,000 people or more",
            "reached 80.1% of the year's plan"]),
])
def test_the_review_sentences(lang: str, want: list[str]) -> None:
    each = tg.evaluate_yearly(">", 90, [(2020, 94), (2021, Fraction(924, 10))])
    failed = tg.evaluate_yearly(">=", 15, [(2020, 16), (2021, Fraction(119, 10))])
    mean = tg.evaluate_yearly(">=", 200, [(2020, 290), (2021, 302)], Aggregate.MEAN)
    term = tg.evaluate_term(">=", 800, 1001, Fraction(1))
    plan = tg.evaluate_term(">=", 100, Fraction(8008, 100), Fraction(1, 2))
    with translation.override(lang):
        people = "người" if lang == "vi" else "people"
        got = [phrases.target(">", 90, each, percent_unit=True),
               phrases.target(">=", 15, failed, percent_unit=True),
               phrases.target(">=", 200, mean, percent_unit=False, unit=people, aggregate=Aggregate.MEAN),
               phrases.target(">=", 800, term, percent_unit=False, unit=people, period="term"),
               phrases.target(">=", 1, tg.Evaluation(Status.NO_DATA, None, None), percent_unit=True),
               phrases.comparison(">=", f"{phrases.number(1000)} {people}"),
               phrases.target(">=", 100, plan, percent_unit=True, period="term", plan=True)]
    assert got == want
