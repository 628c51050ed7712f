"""Benchmark: import 100,000 members from an .xlsx file, on SQLite and on PostgreSQL.

    .venv/bin/python -m bench.import_members            # both databases, 100,000 rows
    .venv/bin/python -m bench.import_members --rows 20000 --only sqlite

The workbook is generated deterministically (seed 2020) in a temporary directory with
plausible Vietnamese names, spread over 77 grassroots organizations and their cells,
which each run creates first. Each database runs in its own process (Django's settings
are read once per process): SQLite in a scratch file, PostgreSQL in the database
`daihoi_bench_import`, created and dropped here. Never touches var/.
Target (issue 2): under 60 s for validation + writing. Also prints the time to export the
same 100,000 members to .xlsx and .csv. The machine is shared: the load average and the
process's CPU time are printed beside the wall-clock figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench._common import migrate, pg_admin, setup_django

PG_BASE = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
PG_DB = "daihoi_bench_import"
PG_URL = f"{PG_BASE}/{PG_DB}"
SEED = 2020

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
          "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trương", "Lương", "Mai", "Tạ", "Cao", "Đoàn", "Lâm"]
MIDDLE_M = ["Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Công", "Xuân", "Ngọc", "Đình", "Quang"]
MIDDLE_F = ["Thị", "Thị Thu", "Thị Ngọc", "Thu", "Ngọc", "Thanh", "Thị Hồng", "Thị Minh", "Bích"]
GIVEN_M = ["An", "Bình", "Cường", "Dũng", "Đạt", "Đức", "Hải", "Hùng", "Huy", "Khoa", "Long", "Minh",
           "Nam", "Nghĩa", "Phong", "Phúc", "Quân", "Sơn", "Tài", "Thắng", "Toàn", "Trung", "Tuấn",
           "Việt", "Vinh"]
GIVEN_F = ["Anh", "Châu", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hoa", "Hương", "Lan", "Linh",
           "Mai", "Ngân", "Nhung", "Oanh", "Phương", "Quỳnh", "Thảo", "Trang", "Tuyết", "Uyên", "Vân",
           "Yến"]
ETHNIC = ["Kinh"] * 18 + ["Tày", "Mường", "Thái", "Nùng", "Khmer", "Hoa"]
EDUCATION = ["Đại học", "Thạc sĩ", "Cao đẳng", "Trung cấp", "Tiến sĩ"]
THEORY = ["Sơ cấp", "Trung cấp", "Cao cấp", ""]
POSITIONS = ["Chuyên viên", "Trưởng phòng", "Phó Trưởng phòng", "Kỹ sư", "Giáo viên", "Bác sĩ",
             "Kế toán", "Nhân viên", ""]
HEADERS = ["STT", "Họ và tên", "Giới tính", "Ngày sinh", "Dân tộc", "Tôn giáo", "Trình độ chuyên môn",
           "Lý luận chính trị", "Số thẻ đảng viên", "Ngày vào Đảng", "Ngày chính thức", "Trạng thái",
           "Tổ chức", "Chức vụ", "Điện thoại", "Email"]


def organizations() -> list[tuple[str, str, str, str | None]]:
    """(code, name, kind, parent code): the bloc committee, 77 grassroots organizations,
    three cells under each grassroots committee."""
    out: list[tuple[str, str, str, str | None]] = [("DBK", "Đảng bộ Khối cơ quan và Doanh nghiệp tỉnh",
                                                     "committee", None)]
    for i in range(1, 78):
        committee = i % 3 != 0
        code = f"CS{i:02d}"
        kind = "grassroots_committee" if committee else "grassroots_cell"
        out.append((code, f"{'Đảng bộ' if committee else 'Chi bộ'} cơ sở số {i}", kind, "DBK"))
        if committee:
            for j in range(1, 4):
                out.append((f"{code}-{j}", f"Chi bộ {j} thuộc {code}", "cell", code))
    return out


def member_cells() -> list[str]:
    """Members sit in the cells and in the grassroots cells (chi bộ cơ sở)."""
    return [code for code, _n, kind, _p in organizations() if kind in ("cell", "grassroots_cell")]


def generate(path: Path, rows: int) -> None:
    from openpyxl import Workbook

    from daihoi.rules.membership import MINIMUM_AGE, add_months, full_member_date

    rnd = random.Random(SEED)
    cells = member_cells()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Đảng viên")
    ws.append(HEADERS)
    today = dt.date(2025, 6, 1)
    for n in range(1, rows + 1):
        female = rnd.random() < 0.42
        name = " ".join([rnd.choice(FAMILY), rnd.choice(MIDDLE_F if female else MIDDLE_M),
                         rnd.choice(GIVEN_F if female else GIVEN_M)])
        birth = dt.date(1950, 1, 1) + dt.timedelta(days=rnd.randrange(0, 365 * 52))
        # Charter Điều 1: 18 or more on the admission date (365 * 18 days falls short by the leap days).
        admitted = add_months(birth, 12 * MINIMUM_AGE) + dt.timedelta(days=rnd.randrange(0, 365 * 20))
        admitted = min(admitted, today - dt.timedelta(days=rnd.randrange(1, 400)))
        probation_over = full_member_date(admitted)
        full = probation_over if probation_over <= today and rnd.random() < 0.97 else None
        ws.append([
            n, name, "Nữ" if female else "Nam", birth, rnd.choice(ETHNIC), "", rnd.choice(EDUCATION),
            rnd.choice(THEORY), f"{n:08d}", admitted, full, "Chính thức" if full else "Dự bị",
            rnd.choice(cells), rnd.choice(POSITIONS), f"09{rnd.randrange(10**8):08d}", "",
        ])
    wb.save(path)


def child(backend: str, path: Path, workdir: Path) -> dict[str, float]:
    """Runs in its own process: sets the database up, creates the organizations, imports."""
    os.environ["DAIHOI_VAR"] = str(workdir / f"var-{backend}")
    if backend == "sqlite":
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    else:
        os.environ["DATABASE_URL"] = PG_URL
    setup_django()
    from daihoi.organizations import imports
    from daihoi.organizations.models import Member, Organization

    migrate()
    by_code: dict[str, Organization] = {}
    for code, name, kind, parent in organizations():
        by_code[code] = Organization.objects.create(
            code=code, name=name, kind=kind, parent=by_code[parent] if parent else None)

    phases: dict[str, float] = {}
    marks: dict[str, float] = {}

    def progress(done: int, total: int | None = None, message: object = None) -> None:
        if message is not None and str(message) not in marks:
            marks[str(message)] = time.perf_counter()

    t0, c0 = time.perf_counter(), time.process_time()
    try:
        result = imports.import_members_file(acting_user=None, path=path, today=dt.date(2025, 6, 1),
                                             progress=progress)
    except imports.ImportRejected as rejected:
        for error in rejected.errors[:20]:
            print(error, file=sys.stderr)
        raise
    total = time.perf_counter() - t0
    phases["cpu"] = time.process_time() - c0
    assert Member.objects.count() == result.created
    # The export of the same register, for the record (issue 2 item 7: export to Excel).
    from daihoi.organizations import exports

    members = Member.objects.order_by("sort_key", "id")
    t1 = time.perf_counter()
    exports.members_xlsx(workdir / f"export-{backend}.xlsx", members)
    phases["export_xlsx"] = time.perf_counter() - t1
    t1 = time.perf_counter()
    with (workdir / f"export-{backend}.csv").open("w", encoding="utf-8") as fh:
        for chunk in exports.members_csv(members):
            fh.write(chunk)
    phases["export_csv"] = time.perf_counter() - t1
    phases["rows"] = result.created
    phases["read+validate"] = result.validate_seconds
    phases["write"] = result.write_seconds
    phases["total"] = total
    return phases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument("--child", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        print(json.dumps(child(args.child, args.file, args.workdir)))
        return

    with tempfile.TemporaryDirectory(prefix="daihoi-bench-import-") as tmp:
        workdir = Path(tmp)
        path = workdir / "members.xlsx"
        t0 = time.perf_counter()
        generate(path, args.rows)
        print(f"generated {args.rows:,} rows in {time.perf_counter() - t0:.1f} s "
              f"({path.stat().st_size / 1e6:.1f} MB)")
        for backend in ("sqlite", "postgres"):
            if args.only and backend != args.only:
                continue
            if backend == "postgres":
                pg_admin(PG_URL, f"DROP DATABASE IF EXISTS {PG_DB}")
                pg_admin(PG_URL, f"CREATE DATABASE {PG_DB}")
            try:
                out = subprocess.run(
                    [sys.executable, "-m", "bench.import_members", "--child", backend,
                     "--file", str(path), "--workdir", str(workdir)],
                    check=True, capture_output=True, text=True,
                )
            except subprocess.CalledProcessError as exc:
                print(exc.stdout, exc.stderr, file=sys.stderr)
                raise
            finally:
                if backend == "postgres":
                    pg_admin(PG_URL, f"DROP DATABASE IF EXISTS {PG_DB}")
            r = json.loads(out.stdout.strip().splitlines()[-1])
            n = r["rows"]
            rv = r["read+validate"]
            print(f"{backend:9s} read+validate {rv:6.1f} s ({n / rv:8,.0f} rows/s)"
                  f"  write {r['write']:6.1f} s ({n / r['write']:8,.0f} rows/s)"
                  f"  total {r['total']:6.1f} s ({n / r['total']:8,.0f} rows/s)"
                  f"  {'OK' if r['total'] < 60 else 'OVER'} target 60 s"
                  f"  [this process's CPU {r['cpu']:.1f} s; load average {os.getloadavg()[0]:.1f}]")
            print(f"{'':9s} export .xlsx {r['export_xlsx']:6.1f} s, .csv {r['export_csv']:6.1f} s")


if __name__ == "__main__":
    main()
