"""The messages of rules/confidence.py, for makemessages: the rules import no Django and lie
outside this app's directory, so their texts are repeated here to be collected and given
English (tests/meetings/test_texts.py keeps the two the same)."""

from django.utils.translation import gettext_noop

CONFIDENCE_MESSAGES = [
    gettext_noop('Số {field} không được âm (nhập {value}).'),
    gettext_noop('Số được triệu tập phải lớn hơn 0 (nhập {value}).'),
    gettext_noop('Số có mặt ({present}) lớn hơn số được triệu tập ({convened}).'),
    gettext_noop('Số phiếu thu về ({returned}) lớn hơn số có mặt ({present}).'),
    gettext_noop('{name}: tổng số phiếu ba mức ({total}) lớn hơn số phiếu thu về ({returned}).'),
    gettext_noop('Tỷ lệ «{name}» phải là một phân số trong khoảng (0, 1], nhập «{value}».'),
    gettext_noop('Tỷ lệ miễn nhiệm ({relieve}) phải lớn hơn tỷ lệ xem xét ({review}).'),
    gettext_noop('Không thuộc trường hợp phải xem xét'),
    gettext_noop('Quá 1/2 đến dưới 2/3 tín nhiệm thấp: không quy hoạch, bổ nhiệm vào chức vụ cao hơn; cấp có thẩm quyền xem xét cho thôi giữ chức vụ hoặc bỏ phiếu tín nhiệm (Quy định 96-QĐ/TW, Điều 11 khoản 2)'),  # noqa: E501
    gettext_noop('Từ 2/3 trở lên tín nhiệm thấp: cho thôi giữ chức vụ, bố trí công tác khác thấp hơn, không chờ hết nhiệm kỳ (Quy định 96-QĐ/TW, Điều 11 khoản 3)'),  # noqa: E501
]
