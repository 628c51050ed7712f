"""Suggested machine form of resolution targets, from the articles' own sentences."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from daihoi.congress.proceedings.targets_parser import suggest_targets


def _forms(text: str) -> list[tuple[str, str, Decimal, str, str]]:
    return [(t.metric, t.comparison, t.value, t.unit, t.period) for t in suggest_targets(text)]


def test_share_good_and_excellent_per_year() -> None:
    text = "Hằng năm có trên 95% đảng viên hoàn thành tốt nhiệm vụ, trong đó 20% hoàn thành xuất sắc"
    assert _forms(text) == [
        ("share_good_or_better", ">", Decimal("95"), "%", "year"),
        ("share_excellent", ">=", Decimal("20"), "%", "year"),
    ]


def test_admissions_per_term_and_per_year() -> None:
    text = "kết nạp từ 750 đảng viên trở lên trong nhiệm kỳ, bình quân 150/năm"
    assert _forms(text) == [
        ("admitted", ">=", Decimal("750"), "people", "term"),
        ("admitted", ">=", Decimal("150"), "people", "year"),
    ]


def test_grassroots_organizations_share() -> None:
    text = "Hằng năm có 90% trở lên tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ"
    assert _forms(text) == [("orgs_good_or_better", ">=", Decimal("90"), "%", "year")]


def test_vietnamese_number_writing_and_term_years_ignored() -> None:
    text = "Trong nhiệm kỳ 2020-2025 kết nạp 1.000 đảng viên"
    assert _forms(text) == [("admitted", ">=", Decimal("1000"), "people", "term")]
    assert _forms("Hằng năm trên 92,5% đảng viên hoàn thành tốt nhiệm vụ")[0][2] == Decimal("92.5")


def test_private_enterprise_organizations() -> None:
    text = "Thành lập mới ít nhất 10 tổ chức đảng trong doanh nghiệp tư nhân trong nhiệm kỳ"
    assert _forms(text) == [("private_enterprise_orgs", ">=", Decimal("10"), "organizations", "term")]


def test_decomposed_unicode_input_same_result() -> None:
    import unicodedata

    text = "Hằng năm có trên 95% đảng viên hoàn thành tốt nhiệm vụ"
    assert _forms(unicodedata.normalize("NFD", text)) == _forms(text)


def test_nothing_recognised() -> None:
    assert suggest_targets("Tăng cường công tác kiểm tra, giám sát") == []
    assert _forms("Phấn đấu 5 chương trình mới") == [("other", ">=", Decimal("5"), "people", "year")]

_WORDS = {"trên": ">", "từ": ">=", "ít nhất": ">=", "dưới": "<", "không quá": "<="}


@given(value=st.integers(1, 99), word=st.sampled_from(sorted(_WORDS)))
def test_any_share_and_comparison_word(value: int, word: str) -> None:
    text = f"Hằng năm có {word} {value}% đảng viên hoàn thành tốt nhiệm vụ"
    assert _forms(text) == [("share_good_or_better", _WORDS[word], Decimal(value), "%", "year")]
