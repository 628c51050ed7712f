# ruff: noqa: E501 - the articles' Vietnamese prose reads better unbroken
"""The portal's demo: categories, a banner, the pages a state portal carries, events, a
dozen articles in the register of the committee's news pages (three with photos), a few
approved reader comments and ratings, and a month of visitor figures."""

from __future__ import annotations

import datetime as dt
import io
import random
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from daihoi.portal import content, stats
from daihoi.portal.models import (
    Article,
    ArticleDay,
    Banner,
    Category,
    Comment,
    Contact,
    Event,
    Page,
    Photo,
    Rating,
    Revision,
    VisitDay,
)
from daihoi.portal.visitors import keyed_hash
from daihoi.rules.names import fold

CATEGORIES = [
    ("Tin hoạt động", "tin-hoat-dong"),
    ("Xây dựng Đảng", "xay-dung-dang"),
    ("Đại hội Đảng các cấp", "dai-hoi-dang-cac-cap"),
    ("Văn bản - Chỉ đạo", "van-ban-chi-dao"),
]

BANNER = (
    "Nhiệt liệt chào mừng kỷ niệm 5 năm thành lập Đảng bộ Khối Cơ quan và Doanh nghiệp tỉnh "
    "(17/7/2019 - 17/7/2024); 113 năm Ngày Bác Hồ ra đi tìm đường cứu nước (5/6/1911 - 5/6/2024)"
)

# (category, title, summary, paragraphs, author, source, photo caption or "")
ARTICLES = [
    (
        "dai-hoi-dang-cac-cap",
        "Khai mạc Đại hội đại biểu Đảng bộ Khối lần thứ I, nhiệm kỳ 2020 - 2025",
        "Sáng ngày 20/8/2020, Đảng bộ Khối khai mạc trọng thể Đại hội đại biểu lần thứ I với sự tham dự của "
        "246 đại biểu chính thức.",
        [
            "Sáng ngày 20/8/2020, Đảng bộ Khối Cơ quan và Doanh nghiệp tỉnh khai mạc trọng thể Đại hội đại biểu "
            "lần thứ I, nhiệm kỳ 2020 - 2025 với sự tham dự của 246 đại biểu chính thức đại diện cho hơn 4.500 "
            "đảng viên thuộc 77 tổ chức cơ sở đảng trong toàn Đảng bộ.",
            "Đại hội đã tập trung đánh giá kết quả thực hiện Nghị quyết Đại hội nhiệm kỳ trước. Công tác lãnh "
            "đạo thực hiện nhiệm vụ chính trị đã đạt được kết quả quan trọng; cán bộ, đảng viên tích cực học tập, "
            "rèn luyện, nâng cao năng lực, trình độ.",
        ],
        "Ngọc Ánh",
        "Ban Tuyên giáo Đảng ủy Khối",
        "Quang cảnh Đại hội.",
    ),
    (
        "dai-hoi-dang-cac-cap",
        "Đại hội Chi bộ Sở Tư pháp nhiệm kỳ 2020 - 2025 thành công tốt đẹp",
        "Đại hội là đại hội điểm của Đảng bộ Khối, rút kinh nghiệm cho các chi bộ cơ sở.",
        [
            "Thực hiện Kế hoạch của Ban Thường vụ Đảng ủy Khối, Chi bộ Sở Tư pháp tổ chức Đại hội nhiệm kỳ "
            "2020 - 2025. Đại hội đã thảo luận, thông qua Báo cáo chính trị và bầu Chi ủy khóa mới gồm 5 đồng chí.",
            "Phát biểu chỉ đạo, đồng chí Phó Bí thư Đảng ủy Khối ghi nhận sự chuẩn bị chu đáo của Chi bộ và đề "
            "nghị tiếp tục nâng cao chất lượng sinh hoạt chi bộ.",
        ],
        "Minh Thư",
        "",
        "",
    ),
    (
        "xay-dung-dang",
        "Hội nghị Ban Chấp hành Đảng bộ Khối lần thứ 11",
        "Hội nghị thảo luận Báo cáo sơ kết giữa nhiệm kỳ và kết quả 6 tháng đầu năm 2023.",
        [
            "Chiều 6/7, Ban Chấp hành Đảng bộ Khối tổ chức Hội nghị lần thứ 11 để thảo luận, cho ý kiến vào Dự "
            "thảo Báo cáo sơ kết giữa nhiệm kỳ thực hiện Nghị quyết Đại hội Đảng bộ Khối lần thứ I.",
            "Các đại biểu thống nhất đánh giá: Đảng bộ Khối cơ bản đạt và vượt 5/7 chỉ tiêu Đại hội đề ra; trong "
            "6 tháng đầu năm đã kết nạp 227 quần chúng ưu tú vào Đảng (đạt 75,6% kế hoạch năm).",
        ],
        "Ngọc Ánh",
        "",
        "Các đại biểu dự Hội nghị.",
    ),
    (
        "xay-dung-dang",
        "Kết nạp đảng viên là công nhân, người lao động trong doanh nghiệp ngoài nhà nước",
        "Hội nghị chuyên đề về công tác phát triển đảng viên trong các loại hình doanh nghiệp.",
        [
            "Ban Thường vụ Đảng ủy Khối tổ chức hội nghị chuyên đề về công tác phát triển đảng viên là công "
            "nhân, người lao động trong các loại hình doanh nghiệp.",
            "Hội nghị đề ra giải pháp tạo nguồn, bồi dưỡng quần chúng ưu tú, vận động thành lập tổ chức đảng, "
            "tổ chức chính trị - xã hội trong doanh nghiệp ngoài khu vực nhà nước.",
        ],
        "Hồng Nhung",
        "",
        "",
    ),
    (
        "tin-hoat-dong",
        "Ký kết chương trình phối hợp giữa Ban Thường vụ Đảng ủy Khối và Liên đoàn Lao động tỉnh",
        "Chương trình phối hợp công tác giai đoạn 2023 - 2025.",
        [
            "Ban Thường vụ Đảng ủy Khối và Ban Thường vụ Liên đoàn Lao động tỉnh ký kết chương trình phối hợp "
            "công tác giai đoạn 2023 - 2025, tập trung vào công tác tuyên truyền, phát triển đảng viên và chăm lo "
            "đời sống người lao động.",
            "Hai bên thống nhất định kỳ 6 tháng sơ kết, đánh giá kết quả thực hiện.",
        ],
        "Văn Hùng",
        "",
        "Lãnh đạo hai bên ký kết chương trình phối hợp.",
    ),
    (
        "tin-hoat-dong",
        "Tổ chức đợt sinh hoạt chính trị “Sáng mãi niềm tin theo Đảng”",
        "Đợt sinh hoạt chính trị trong các doanh nghiệp có tổ chức đảng trực thuộc.",
        [
            "Đảng ủy Khối tổ chức đợt sinh hoạt chính trị “Sáng mãi niềm tin theo Đảng” trong các doanh nghiệp có "
            "tổ chức đảng trực thuộc, nhằm củng cố niềm tin của cán bộ, đảng viên và người lao động.",
            "Đợt sinh hoạt gắn với việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.",
        ],
        "Thu Hà",
        "",
        "",
    ),
    (
        "van-ban-chi-dao",
        "Hướng dẫn kiểm điểm, đánh giá, xếp loại chất lượng tổ chức đảng và đảng viên năm 2024",
        "Ban Thường vụ Đảng ủy Khối ban hành hướng dẫn kiểm điểm, đánh giá cuối năm.",
        [
            "Căn cứ quy định của Trung ương, Ban Thường vụ Đảng ủy Khối hướng dẫn các tổ chức cơ sở đảng tiến hành "
            "kiểm điểm, đánh giá, xếp loại chất lượng tổ chức đảng và đảng viên năm 2024.",
            "Việc đánh giá bảo đảm thực chất, khách quan, công khai, gắn với kết quả thực hiện nhiệm vụ chính "
            "trị của từng cơ quan, đơn vị, doanh nghiệp.",
        ],
        "",
        "Văn phòng Đảng ủy Khối",
        "",
    ),
    (
        "van-ban-chi-dao",
        "Kế hoạch tổ chức đại hội đảng các cấp nhiệm kỳ 2025 - 2030",
        "Kế hoạch của Ban Thường vụ Đảng ủy Khối về đại hội chi bộ, đảng bộ cơ sở.",
        [
            "Thực hiện Chỉ thị của Bộ Chính trị về đại hội đảng bộ các cấp, Ban Thường vụ Đảng ủy Khối ban hành "
            "kế hoạch tổ chức đại hội chi bộ, đảng bộ cơ sở nhiệm kỳ 2025 - 2030.",
            "Đại hội cấp cơ sở hoàn thành trước ngày 30/6/2025; mỗi loại hình chọn một đơn vị làm đại hội điểm.",
        ],
        "",
        "Văn phòng Đảng ủy Khối",
        "",
    ),
    (
        "tin-hoat-dong",
        "Hội nghị học tập, quán triệt Chủ đề công tác năm của Tỉnh ủy",
        "Các cấp ủy cơ sở quán triệt chủ đề “Giữ vững kỷ cương, tăng cường trách nhiệm, đổi mới, sáng tạo, "
        "hiệu quả thực chất”.",
        [
            "Đảng ủy Khối tổ chức hội nghị trực tuyến học tập, quán triệt Chủ đề công tác năm của Ban Chấp hành "
            "Đảng bộ tỉnh đến các tổ chức cơ sở đảng trực thuộc.",
            "Hội nghị đề nghị các cấp ủy cụ thể hóa chủ đề bằng chương trình, kế hoạch sát với thực tiễn đơn vị.",
        ],
        "Ngọc Ánh",
        "",
        "",
    ),
    (
        "xay-dung-dang",
        "Ủy ban Kiểm tra Đảng ủy Khối sơ kết công tác kiểm tra, giám sát 6 tháng đầu năm",
        "Công tác kiểm tra, giám sát và thi hành kỷ luật được thực hiện nghiêm túc, đúng quy trình.",
        [
            "Ủy ban Kiểm tra Đảng ủy Khối sơ kết công tác kiểm tra, giám sát 6 tháng đầu năm và triển khai nhiệm "
            "vụ 6 tháng cuối năm.",
            "Các cuộc kiểm tra, giám sát theo chương trình được thực hiện đúng tiến độ, góp phần giữ nghiêm kỷ "
            "cương, kỷ luật của Đảng.",
        ],
        "Quốc Bảo",
        "",
        "",
    ),
    (
        "tin-hoat-dong",
        "Trao Huy hiệu Đảng đợt 19/5 cho đảng viên lão thành",
        "Nhân kỷ niệm Ngày sinh Chủ tịch Hồ Chí Minh, Đảng ủy Khối trao Huy hiệu 30, 40, 50 năm tuổi Đảng.",
        [
            "Nhân dịp kỷ niệm Ngày sinh Chủ tịch Hồ Chí Minh, Đảng ủy Khối tổ chức trao Huy hiệu Đảng cho các đảng "
            "viên được tặng Huy hiệu 30, 40, 50 năm tuổi Đảng.",
            "Thay mặt các đảng viên, đồng chí được nhận Huy hiệu 50 năm tuổi Đảng bày tỏ niềm vinh dự, tự hào "
            "và hứa tiếp tục giữ gìn phẩm chất người đảng viên.",
        ],
        "Thu Hà",
        "",
        "Trao Huy hiệu Đảng cho các đảng viên.",
    ),
    (
        "dai-hoi-dang-cac-cap",
        "Bế mạc Đại hội Đảng bộ Khối: bầu Ban Chấp hành khóa mới gồm 28 đồng chí",
        "Đại hội bầu Ban Chấp hành khóa mới và Đoàn đại biểu dự Đại hội Đảng bộ tỉnh.",
        [
            "Sau thời gian làm việc khẩn trương, nghiêm túc, Đại hội đại biểu Đảng bộ Khối đã hoàn thành chương "
            "trình đề ra.",
            "Đại hội đã bầu Ban Chấp hành nhiệm kỳ 2020 - 2025 gồm 28 đồng chí; bầu Đoàn đại biểu dự Đại hội cấp "
            "trên gồm 52 đại biểu chính thức và 3 dự khuyết.",
        ],
        "Ngọc Ánh",
        "Ban Tuyên giáo Đảng ủy Khối",
        "",
    ),
]

PAGES = [
    (
        "chuc-nang-nhiem-vu",
        "Chức năng, nhiệm vụ",
        "<p>Đảng ủy Khối Cơ quan và Doanh nghiệp tỉnh là cơ quan lãnh đạo của Đảng bộ Khối giữa hai kỳ đại "
        "hội; lãnh đạo các tổ chức cơ sở đảng trong các cơ quan, đơn vị sự nghiệp và doanh nghiệp của tỉnh.</p>"
        "<ul><li>Lãnh đạo thực hiện nhiệm vụ chính trị, xây dựng Đảng và hệ thống chính trị;</li>"
        "<li>Công tác tổ chức, cán bộ, đảng viên; kiểm tra, giám sát;</li>"
        "<li>Công tác tuyên giáo, dân vận.</li></ul>",
    ),
    (
        "so-do-to-chuc",
        "Sơ đồ tổ chức",
        "<h2>Ban Chấp hành Đảng bộ Khối</h2><ul><li>Ban Thường vụ Đảng ủy Khối<ul><li>Văn phòng Đảng ủy Khối</li>"
        "<li>Ban Tổ chức</li><li>Ban Tuyên giáo</li><li>Ủy ban Kiểm tra</li></ul></li>"
        "<li>Các đảng bộ cơ sở, chi bộ cơ sở trực thuộc</li></ul>",
    ),
    (
        "lien-he",
        "Liên hệ",
        "<p>Văn phòng Đảng ủy Khối Cơ quan và Doanh nghiệp tỉnh.</p>"
        '<p>Điện thoại: 0275.3822 365 · Thư điện tử: <a href="mailto:vanphong@example.vn">vanphong@example.vn</a></p>',
    ),
]
CONTACTS = [
    ("Nguyễn Thị Hồng Hạnh", "Bí thư Đảng ủy Khối", "0275.3822 365", ""),
    ("Trần Văn Minh", "Chánh Văn phòng Đảng ủy Khối", "0275.3822 251", "vanphong@example.vn"),
    (
        "Lê Thị Thu",
        "Chuyên viên Văn phòng, phụ trách cổng thông tin",
        "0275.3822 403",
        "congthongtin@example.vn",
    ),
]
COMMENTS = [
    ("Nguyễn Văn An", "Đại hội thành công tốt đẹp, chúc Đảng bộ Khối nhiệm kỳ mới đạt nhiều thắng lợi."),
    ("Trần Thị Bình", "Bài viết đầy đủ, cảm ơn Ban biên tập."),
]


def _photo(seed: int, caption: str) -> content.ProcessedPhoto:
    rng = random.Random(seed)  # noqa: S311 - demo data, reproducible by design
    image = Image.new("RGB", (1200, 800), (155, 17, 17))
    draw = ImageDraw.Draw(image)
    for i in range(12):
        y = rng.randint(0, 800)
        draw.rectangle([0, y, 1200, y + rng.randint(10, 60)], fill=(200, 40 + i * 10, 30))
    draw.text((40, 720), fold(caption)[:60], fill=(255, 230, 160))
    out = io.BytesIO()
    image.save(out, "PNG")
    return content.process_photo(out.getvalue(), name="demo.png")


def _draft_closed_congress(category: Category) -> bool:
    """The office's draft of the last closed congress's news, from its records."""
    from daihoi.portal import drafting, selectors

    congress = selectors.closed_congresses().first()
    if congress is None:
        return False
    text = drafting.draft(drafting.congress_records(congress))
    now = timezone.now()
    with transaction.atomic():
        a = Article.objects.create(
            category=category,
            slug=f"du-thao-dai-hoi-{congress.pk}",
            status=Article.Status.DRAFT,
            title=text["title"],
            summary=text["summary"],
            body=content.sanitize(text["body"]),
            search_text=content.search_text(text["title"], text["summary"], text["body"]),
            drafted_from=drafting.DRAFT_SOURCE.format(pk=congress.pk),
            created_at=now,
            updated_at=now,
        )
        Revision.objects.create(article=a, number=1, changes={}, note="Soạn từ hồ sơ đại hội")
    return True


def build(*, seed: int, log: Callable[[str], None]) -> None:
    rng = random.Random(seed)  # noqa: S311 - demo data, reproducible by design
    now = timezone.now()
    with transaction.atomic():
        cats = {
            slug: Category.objects.create(name=name, slug=slug, order=i)
            for i, (name, slug) in enumerate(CATEGORIES)
        }
        Banner.objects.create(text=BANNER)
        for i, (slug, title, body) in enumerate(PAGES):
            page = Page.objects.create(slug=slug, title=title, body=content.sanitize(body), order=i)
            if slug == "lien-he":
                for j, (name, role, phone, email) in enumerate(CONTACTS):
                    Contact.objects.create(
                        page=page, full_name=name, title=role, phone=phone, email=email, order=j
                    )
        Event.objects.create(
            title="Hội nghị Ban Chấp hành Đảng bộ Khối lần thứ 12",
            starts_at=now + dt.timedelta(days=7),
            place="Hội trường Đảng ủy Khối",
        )
        Event.objects.create(
            title="Lớp bồi dưỡng lý luận chính trị cho đảng viên mới",
            starts_at=now + dt.timedelta(days=14),
            place="Trường Chính trị tỉnh",
        )
        articles = []
        for i, (cat, title, summary, paragraphs, author, source, caption) in enumerate(ARTICLES):
            body = content.sanitize("".join(f"<p>{p}</p>" for p in paragraphs))
            published = now - dt.timedelta(days=len(ARTICLES) - i, hours=rng.randint(0, 8))
            a = Article.objects.create(
                category=cats[cat],
                title=title,
                slug=f"{fold(title).replace(' ', '-')[:90].strip('-')}-{i + 1}".replace(",", "")
                .replace(":", "")
                .replace("“", "")
                .replace("”", "")
                .replace("/", "-"),
                summary=summary,
                body=body,
                author=author,
                source=source,
                status=Article.Status.PUBLISHED,
                publish_at=published,
                search_text=content.search_text(title, summary, body),
                created_at=published,
                updated_at=published,
            )
            Revision.objects.create(article=a, number=1, changes={"status": [None, "published"]}, note="Demo")
            if caption:
                p = _photo(seed + i, caption)
                Photo.objects.create(article=a, caption=caption, data=p.data, width=p.width, height=p.height)
            articles.append(a)
        for name, text in COMMENTS:
            Comment.objects.create(
                article=articles[0],
                name=name,
                email="ban.doc@example.vn",
                text=text,
                status=Comment.Status.APPROVED,
                address=keyed_hash("address", "demo"),
            )
        Comment.objects.create(
            article=articles[2],
            name="Lê Văn Cường",
            email="doc.gia@example.vn",
            text="Đề nghị đăng toàn văn báo cáo sơ kết.",
            address=keyed_hash("address", "demo2"),
        )
        for n, stars in enumerate((5, 5)):
            Rating.objects.create(
                article=articles[0],
                visitor=keyed_hash("visitor", f"demo{n}"),
                address=keyed_hash("address", f"demo{n}"),
                stars=stars,
            )
        today = stats.local_day(now)
        for d in range(30, 0, -1):
            day = today - dt.timedelta(days=d)
            VisitDay.objects.create(day=day, visits=rng.randint(300, 800))
            for a in rng.sample(articles, 4):
                ArticleDay.objects.create(article=a, day=day, views=rng.randint(5, 60))
    drafted = _draft_closed_congress(cats["dai-hoi-dang-cac-cap"])
    log(
        f"Cổng thông tin: {len(ARTICLES)} bài viết, {len(CATEGORIES)} chuyên mục, 1 băng rôn"
        + (", 1 bản nháp soạn từ hồ sơ đại hội đã bế mạc" if drafted else "")
    )
    from daihoi.portal import tasks

    tasks.ensure_roll_up()
