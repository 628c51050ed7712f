from daihoi.meetings.rule_texts import CONFIDENCE_MESSAGES
from daihoi.rules import confidence as c


def test_the_confidence_messages_are_repeated_for_translation() -> None:
    rules = {c.ERR_NEGATIVE, c.ERR_CONVENED, c.ERR_PRESENT, c.ERR_RETURNED, c.ERR_MARKS,
             c.ERR_SHARE, c.ERR_ORDER, *c.CONSEQUENCE_TEXT.values()}
    assert set(CONFIDENCE_MESSAGES) == rules
