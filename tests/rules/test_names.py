"""Vietnamese name order and search folding (daihoi.rules.names, no Django)."""

from hypothesis import given
from hypothesis import strategies as st

from daihoi.rules.names import NameOrder, fold, sort_key, sorted_names, split_name


def test_split_family_middle_given():
    parts = split_name("  Nguyễn   Thị Hồng  Hạnh ")
    assert (parts.family, parts.middle, parts.given) == ("Nguyễn", "Thị Hồng", "Hạnh")


def test_fold_removes_diacritics_and_d_stroke():
    assert fold("Nguyễn Văn Đức") == "nguyen van duc"
    assert fold("LÊ THỊ THU HỒNG") == "le thi thu hong"


def test_sorted_by_given_name_first():
    names = ["Trần Văn Bình", "Nguyễn Văn An", "Lê Thị Châu"]
    assert sorted_names(names) == ["Nguyễn Văn An", "Trần Văn Bình", "Lê Thị Châu"]


def test_vietnamese_letters_follow_the_vietnamese_alphabet():
    # a < ă < â < b; d < đ < e; o < ô < ơ; u < ư
    order = ["Lê An", "Lê Ăn", "Lê Ân", "Lê Bảo", "Lê Dung", "Lê Đức", "Lê Em",
             "Lê Oanh", "Lê Ôn", "Lê Ơn", "Lê Uyên", "Lê Ưng"]
    assert sorted_names(list(reversed(order))) == order


def test_tones_only_break_ties_in_dictionary_order():
    # ngang, huyền, hỏi, ngã, sắc, nặng
    order = ["Lê Ma", "Lê Mà", "Lê Mả", "Lê Mã", "Lê Má", "Lê Mạ"]
    assert sorted_names(order[::-1]) == order
    # the letters decide before any tone: "Án" before "Anh"
    assert sorted_names(["Lê Anh", "Lê Án"]) == ["Lê Án", "Lê Anh"]


def test_equal_given_names_family_then_middle_by_default():
    """RULES.md: between equal given names the state's rule takes the family name, then the
    middle name (the default): Lê Văn An before Trần Anh An, although Anh < Văn."""
    names = ["Trần Anh An", "Lê Văn An", "Lê Thị An"]
    assert sorted_names(names) == ["Lê Thị An", "Lê Văn An", "Trần Anh An"]
    assert sorted_names(names, NameOrder.FAMILY_THEN_MIDDLE) == sorted_names(names)


def test_equal_given_names_middle_then_family_when_chosen():
    """The other order of the parameter: middle name first, so Trần Anh An comes first."""
    names = ["Lê Văn An", "Trần Anh An", "Lê Thị An"]
    assert sorted_names(names, NameOrder.MIDDLE_THEN_FAMILY) == [
        "Trần Anh An", "Lê Thị An", "Lê Văn An"]
    assert (sort_key("Trần Anh An", NameOrder.MIDDLE_THEN_FAMILY)
            < sort_key("Lê Văn An", NameOrder.MIDDLE_THEN_FAMILY))
    assert sort_key("Trần Anh An") > sort_key("Lê Văn An")


@given(st.lists(st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạ ", min_size=1), min_size=1))
def test_sort_key_is_digits_only(names):
    # digits compare the same under every database collation
    assert all(sort_key(n).isdigit() or sort_key(n) == "" for n in names)


@given(st.text(alphabet="aăâđêôơưàáảãạ ", min_size=1))
def test_fold_is_ascii_and_idempotent(name):
    folded = fold(name)
    assert folded.isascii()
    assert fold(folded) == folded
