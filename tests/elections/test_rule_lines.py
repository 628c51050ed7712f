"""The rules an election is counted under, on its page, in the reader's language (issue
14: rule citations have English too); the minutes keep the Vietnamese of the forms."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.utils import translation

from daihoi.elections import selectors

pytestmark = pytest.mark.django_db
VIETNAMESE = re.compile("[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]",
                        re.IGNORECASE)


def test_rule_lines_in_english(make_election: Any) -> None:
    election = make_election()
    with translation.override("en"):
        lines = selectors.rule_lines(election)
    assert lines[1].startswith("Under the Rules on elections in the Party")
    assert any("Article 15" in line for line in lines)
    assert any("no settled rule" in line for line in lines)
    # The Party's document numbers keep their letters (190-QĐ/TW); nothing else Vietnamese.
    leftover = [line for line in lines if VIETNAMESE.search(line.replace("QĐ", ""))]
    assert not leftover, leftover


def test_rule_lines_in_vietnamese(make_election: Any) -> None:
    with translation.override("vi"):
        lines = selectors.rule_lines(make_election())
    assert lines[0] == "Căn cứ Điều lệ Đảng Cộng sản Việt Nam;"
    assert any("190-QĐ/TW Điều 15" in line for line in lines)
