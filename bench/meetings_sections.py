"""How long reading a draft and carrying its comments take: `python -m bench.meetings_sections`.

A draft of N sections (headings and 80 to 200 words each) written as DOCX with python-docx,
read back into sections (`meetings.sections.read_docx`), and matched against a second
version in which a fifth of the sections are renamed, a tenth moved, a tenth changed by a
sentence, one split and one deleted (`meetings.sections.match`, difflib on words). Pure:
no database (the service adds one insert per section and per comment)."""

from __future__ import annotations

import argparse
import random
import statistics
import time

from daihoi.meetings import sections as s

# Syllables of a report's prose: common ones often, the rest rarely (a real report has a
# few thousand distinct syllables; repeating 40 of them would make every section alike).
COMMON = ["công", "tác", "xây", "dựng", "đảng", "tổ", "chức", "cơ", "sở", "viên", "lãnh", "đạo",
          "chỉ", "thực", "hiện", "nhiệm", "vụ", "chính", "trị", "kiểm", "tra", "giám", "sát", "kỷ",
          "luật", "dân", "vận", "đoàn", "thể", "tiêu", "nghị", "quyết", "đại", "hội"]
RARE = [a + b for a in "bcdghklmnpqrstvx" for b in ("an", "inh", "ương", "ọc", "ữu", "ai", "ếp",
                                                     "oàn", "ặc", "ơi", "ung", "ười")]
WORDS = COMMON * 4 + RARE


def draft(n: int, rng: random.Random) -> list[s.Section]:
    return [s.Section(f"{i + 1}. {' '.join(rng.choices(WORDS, k=5)).capitalize()}",
                      " ".join(rng.choices(WORDS, k=rng.randint(80, 200))) + ".")
            for i in range(n)]


def revise(old: list[s.Section], rng: random.Random) -> list[s.Section]:
    new = list(old)
    for i in rng.sample(range(len(new)), len(new) // 5):
        new[i] = s.Section(new[i].heading + " (sửa tên)", new[i].text)
    for i in rng.sample(range(len(new)), len(new) // 10):
        new[i] = s.Section(new[i].heading, new[i].text + " Bổ sung một câu về kết quả năm.")
    half = len(new[0].text) // 2
    new[0:1] = [s.Section(new[0].heading, new[0].text[:half]),
                s.Section("Tách ra", new[0].text[half:])]
    del new[-1]
    for _ in range(len(new) // 10):
        new.insert(rng.randrange(len(new)), new.pop(rng.randrange(len(new))))
    return new


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sections", type=int, nargs="*", default=[20, 60, 150])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rng = random.Random(7)
    print(f"{'sections':>8} {'write docx':>11} {'read docx':>10} {'match':>9}"
          "  matched certain/uncertain/gone")
    for n in args.sections:
        old = draft(n, rng)
        new = revise(old, rng)
        writes, reads, matches = [], [], []
        for _ in range(args.repeat):
            t = time.perf_counter()
            data = s.write_docx(new)
            writes.append(time.perf_counter() - t)
            t = time.perf_counter()
            parsed = s.read_docx(data)
            reads.append(time.perf_counter() - t)
            t = time.perf_counter()
            result = s.match(old, parsed)
            matches.append(time.perf_counter() - t)
        certain = sum(1 for m in result if m.certain)
        gone = sum(1 for m in result if m.new is None)
        print(f"{n:>8} {statistics.median(writes) * 1000:>9.0f}ms {statistics.median(reads) * 1000:>8.0f}ms "
              f"{statistics.median(matches) * 1000:>7.0f}ms  {certain}/{len(result) - certain - gone}/{gone}")


if __name__ == "__main__":
    main()
