"""Backup and restore of all the data: the database and the uploaded files.

A backup is one .zip file:

    manifest.json       format, database engine, time, application version, file counts,
                        and each member's size and SHA-256 ("files")
    database.sqlite3    SQLite: a copy made with SQLite's online backup API, or
    database.pgdump     PostgreSQL: `pg_dump -Fc` (custom format, for pg_restore)
    media/...           every file under MEDIA_ROOT (uploaded documents, photos)

Both database copies are consistent snapshots taken while the application runs: SQLite's
backup API copies the pages under its own locking, pg_dump runs in one repeatable-read
transaction. Restore expects the server to be stopped (see docs/operations.md): it
replaces every table, so a request running meanwhile would see half of the old world.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, connections

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_NAME = "database.sqlite3"
PG_NAME = "database.pgdump"
MEDIA_PREFIX = "media/"

NOT_A_BACKUP = "{path} không phải là tệp sao lưu của daihoi (thiếu manifest.json)."
WRONG_FORMAT = "{path}: định dạng sao lưu {found} không được hỗ trợ (cần {expected})."
WRONG_ENGINE = (
    "{path} là bản sao lưu {found}, còn cơ sở dữ liệu đang dùng là {expected}: "
    "hãy khôi phục vào cùng loại cơ sở dữ liệu."
)
TOOL_MISSING = (
    "Không tìm thấy chương trình {tool} (cần cho PostgreSQL). Cài gói postgresql-client "
    "cùng phiên bản với máy chủ, hoặc đặt biến PG_BIN_DIR tới thư mục chứa {tool}."
)
TOOL_FAILED = "{tool} thất bại (mã {code}): {stderr}"
UNSUPPORTED_ENGINE = "Chưa hỗ trợ sao lưu cơ sở dữ liệu loại {engine}."
CORRUPT_SQLITE = "Bản sao cơ sở dữ liệu trong {path} bị hỏng: {detail}"
CORRUPT_ZIP = "Tệp sao lưu {path} bị hỏng ở mục {detail}."
UNSAFE_MEMBER = "{path} chứa đường dẫn không an toàn: {name}"
BAD_DATABASE_NAME = "{path}: manifest.json ghi tệp cơ sở dữ liệu {name}, cần {expected}."
MISSING_MEMBER = "{path} thiếu mục {name}."
UNEXPECTED_MEMBER = "{path} chứa mục không có trong bản sao lưu: {name}"
DUPLICATE_MEMBER = "{path} chứa mục {name} hai lần."
SIZE_MISMATCH = "{path}: mục {name} dài {found} byte, manifest.json ghi {expected}."
CHECKSUM_MISMATCH = "{path}: mục {name} không khớp mã kiểm tra SHA-256 trong manifest.json."
COUNT_MISMATCH = "{path} có {found} tệp đính kèm, manifest.json ghi {expected}."
NO_SPACE = "Không đủ chỗ trống để khôi phục {path}: cần {needed} byte, còn {free} byte."


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, for the operator."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    engine: str
    media_files: int
    size: int


Log = Callable[[str], None]


def _quiet(_msg: str) -> None:
    pass


def engine_name() -> str:
    vendor = connection.vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(UNSUPPORTED_ENGINE.format(engine=vendor))
    return vendor


def _tool(name: str) -> str:
    directory = os.environ.get("PG_BIN_DIR")
    candidates = [Path(directory) / name] if directory else []
    found = shutil.which(name)
    if found:
        candidates.append(Path(found))
    candidates.append(Path("/usr/bin") / name)
    for path in candidates:
        if path.is_file() and os.access(path, os.X_OK):
            return str(path)
    raise BackupError(TOOL_MISSING.format(tool=name))


def _pg_env_and_args() -> tuple[dict[str, str], list[str]]:
    """Connection options for pg_dump/pg_restore from the live connection's settings (so a
    test database is the one dumped, not the production one named in DATABASE_URL)."""
    params = connection.settings_dict
    env = dict(os.environ)
    args: list[str] = []
    if params.get("HOST"):
        args += ["--host", str(params["HOST"])]
    if params.get("PORT"):
        args += ["--port", str(params["PORT"])]
    if params.get("USER"):
        args += ["--username", str(params["USER"])]
    if params.get("PASSWORD"):
        # Through the environment, never the command line (visible in `ps`).
        env["PGPASSWORD"] = str(params["PASSWORD"])
    sslmode = (params.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = str(sslmode)
    args += ["--no-password"]
    return env, args


def _run(tool: str, args: list[str], env: dict[str, str]) -> None:
    result = subprocess.run([tool, *args], env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(TOOL_FAILED.format(tool=Path(tool).name, code=result.returncode,
                                             stderr=result.stderr.strip()[-2000:]))


def _dump_sqlite(target: Path) -> None:
    connection.ensure_connection()
    source = connection.connection
    dest = sqlite3.connect(target)
    try:
        with dest:
            source.backup(dest)
    finally:
        dest.close()


def _dump_postgresql(target: Path) -> None:
    env, args = _pg_env_and_args()
    _run(_tool("pg_dump"), [*args, "--format=custom", "--no-owner", "--no-privileges",
                            "--file", str(target), str(connection.settings_dict["NAME"])], env)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("daihoi")
    except PackageNotFoundError:
        return "unknown"


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _file_entry(path: Path) -> dict[str, Any]:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return {"size": path.stat().st_size, "sha256": digest.hexdigest()}


def backup(path: str | os.PathLike[str], *, log: Log = _quiet) -> BackupInfo:
    """Write a complete backup to `path` (written beside it, then renamed into place, so a
    failed backup never leaves a half file under the final name)."""
    target = Path(path).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    engine = engine_name()
    with tempfile.TemporaryDirectory(prefix="daihoi-backup-", dir=target.parent) as tmp:
        work = Path(tmp)
        db_name = SQLITE_NAME if engine == "sqlite" else PG_NAME
        log(f"Sao lưu cơ sở dữ liệu ({engine})…")
        if engine == "sqlite":
            _dump_sqlite(work / db_name)
        else:
            _dump_postgresql(work / db_name)
        media = _media_root()
        media_files = sorted(p for p in media.rglob("*") if p.is_file()) if media.is_dir() else []
        manifest = {
            "format": FORMAT, "engine": engine, "database": db_name,
            "created_at": dt.datetime.now(dt.UTC).isoformat(), "version": _version(),
            "media_files": len(media_files),
        }
        partial = work / "backup.zip"
        files: dict[str, dict[str, Any]] = {}
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as zf:
            zf.write(work / db_name, db_name)
            files[db_name] = _file_entry(work / db_name)
            log(f"Sao lưu {len(media_files)} tệp đính kèm…")
            for file in media_files:
                name = MEDIA_PREFIX + file.relative_to(media).as_posix()
                zf.write(file, name)
                files[name] = _file_entry(file)
            # Last, so that it can name every member it vouches for.
            zf.writestr(MANIFEST, json.dumps({**manifest, "files": files}, indent=2))
        os.replace(partial, target)
    return BackupInfo(path=target, engine=engine, media_files=len(media_files),
                      size=target.stat().st_size)


def read_manifest(path: str | os.PathLike[str]) -> dict[str, Any]:
    source = Path(path)
    try:
        with zipfile.ZipFile(source) as zf:
            return dict(json.loads(zf.read(MANIFEST)))
    except (KeyError, zipfile.BadZipFile, FileNotFoundError, json.JSONDecodeError) as exc:
        raise BackupError(NOT_A_BACKUP.format(path=source)) from exc


def _check_sqlite(path: Path, source: Path) -> None:
    check = sqlite3.connect(path)
    try:
        result = check.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise BackupError(CORRUPT_SQLITE.format(path=source, detail=exc)) from exc
    finally:
        check.close()
    if result != "ok":
        raise BackupError(CORRUPT_SQLITE.format(path=source, detail=result))


def _restore_sqlite(dump: Path) -> None:
    # Through SQLite's backup API into the live database rather than moving files: the
    # database may be in WAL mode, and a file moved over it beside an old -wal file would
    # be corrupted. The copy is written under SQLite's exclusive lock, all or nothing.
    connection.ensure_connection()
    source = sqlite3.connect(dump)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


def _restore_postgresql(dump: Path) -> None:
    env, args = _pg_env_and_args()
    connections.close_all()  # our own open connection would hold locks on the tables
    _run(_tool("pg_restore"), [
        *args, "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
        "--exit-on-error", "--dbname", str(connection.settings_dict["NAME"]), str(dump),
    ], env)


def _media_relpath(name: str, source: Path) -> Path | None:
    if not name.startswith(MEDIA_PREFIX):
        return None
    rest = name[len(MEDIA_PREFIX):].removesuffix("/")  # a folder entry ends with "/"
    if not rest:
        return Path()
    parts = rest.split("/")
    if "\\" in rest or "\0" in rest or any(part in {"", ".", ".."} for part in parts):
        raise BackupError(UNSAFE_MEMBER.format(path=source, name=name))
    return Path(*parts)


def _inside(path: Path, folder: Path) -> Path:
    """`path`, once checked to resolve inside `folder` (the one place a restore writes)."""
    resolved = path.resolve()
    if not resolved.is_relative_to(folder.resolve()):
        raise BackupError(UNSAFE_MEMBER.format(path=folder, name=path))
    return resolved


def _validate(zf: zipfile.ZipFile, manifest: dict[str, Any], source: Path, engine: str) -> str:
    """Check the whole archive before anything is written: the members' names, that each
    is listed with its size and checksum (when the manifest has them, as every backup made
    since this check does), that the zip is not corrupt, and that it fits on the disk.
    Returns the database member's name."""
    expected = SQLITE_NAME if engine == "sqlite" else PG_NAME
    db_name = manifest.get("database")
    if db_name != expected:
        # Never a path from the file: the name is one of two constants.
        raise BackupError(BAD_DATABASE_NAME.format(path=source, name=db_name, expected=expected))
    listed = manifest.get("files")
    if listed is not None and not isinstance(listed, dict):
        raise BackupError(NOT_A_BACKUP.format(path=source))
    seen: set[str] = set()
    media_count = 0
    total = 0
    for info in zf.infolist():
        name = info.filename
        if name in seen:
            raise BackupError(DUPLICATE_MEMBER.format(path=source, name=name))
        seen.add(name)
        if name == MANIFEST:
            continue
        is_media = _media_relpath(name, source) is not None
        if info.is_dir() and is_media:
            continue
        if not is_media and name != db_name:
            raise BackupError(UNEXPECTED_MEMBER.format(path=source, name=name))
        media_count += is_media
        total += info.file_size
        if listed is not None:
            entry = listed.get(name)
            if not isinstance(entry, dict):
                raise BackupError(UNEXPECTED_MEMBER.format(path=source, name=name))
            if entry.get("size") != info.file_size:
                raise BackupError(SIZE_MISMATCH.format(path=source, name=name,
                                                       found=info.file_size,
                                                       expected=entry.get("size")))
        digest = hashlib.sha256()
        try:
            # Reading to the end also checks the zip's own CRC and declared size.
            with zf.open(info) as member:
                for chunk in iter(lambda: member.read(1 << 20), b""):
                    digest.update(chunk)
        except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
            raise BackupError(CORRUPT_ZIP.format(path=source, detail=name)) from exc
        if listed is not None and digest.hexdigest() != listed[name].get("sha256"):
            raise BackupError(CHECKSUM_MISMATCH.format(path=source, name=name))
    if db_name not in seen:
        raise BackupError(MISSING_MEMBER.format(path=source, name=db_name))
    if listed is not None:
        for name in listed:
            if name not in seen:
                raise BackupError(MISSING_MEMBER.format(path=source, name=name))
    if "media_files" in manifest and manifest["media_files"] != media_count:
        raise BackupError(COUNT_MISMATCH.format(path=source, found=media_count,
                                                expected=manifest["media_files"]))
    # The database copy and the media both sit on disk during the restore.
    media_parent = _media_root().parent
    media_parent.mkdir(parents=True, exist_ok=True)
    for folder in {Path(tempfile.gettempdir()), media_parent}:
        free = shutil.disk_usage(folder).free
        if free < total:
            raise BackupError(NO_SPACE.format(path=source, needed=total, free=free))
    return expected


def _extract_media(zf: zipfile.ZipFile, source: Path) -> int:
    """Unpack media/ beside MEDIA_ROOT, then swap the folders (the old one is removed only
    once the new one is in place)."""
    media = _media_root()
    media.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".media-restore-", dir=media.parent))
    count = 0
    try:
        for info in zf.infolist():
            if not info.filename.startswith(MEDIA_PREFIX) or info.is_dir():
                continue
            rel = _media_relpath(info.filename, source)
            assert rel is not None
            out = _inside(staging / rel, staging)
            out.parent.mkdir(parents=True, exist_ok=True)
            with zf.open(info) as src, open(out, "wb") as dst:
                shutil.copyfileobj(src, dst)
            count += 1
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    old = None
    if media.exists():
        old = media.with_name(f".{media.name}-old-{os.getpid()}")
        os.replace(media, old)
    os.replace(staging, media)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return count


def restore(path: str | os.PathLike[str], *, log: Log = _quiet) -> dict[str, Any]:
    """Replace all the data with the backup at `path`. The server must be stopped."""
    source = Path(path).resolve()
    manifest = read_manifest(source)
    if manifest.get("format") != FORMAT:
        raise BackupError(WRONG_FORMAT.format(path=source, found=manifest.get("format"),
                                              expected=FORMAT))
    engine = engine_name()
    if manifest.get("engine") != engine:
        raise BackupError(WRONG_ENGINE.format(path=source, found=manifest.get("engine"),
                                              expected=engine))
    with zipfile.ZipFile(source) as zf, tempfile.TemporaryDirectory(prefix="daihoi-restore-") as tmp:
        # Check the whole file before touching anything: a bad member found half way
        # would leave the new database beside the old files.
        db_name = _validate(zf, manifest, source, engine)
        scratch = Path(tmp)
        dump = _inside(scratch / db_name, scratch)
        with zf.open(db_name) as src, open(dump, "wb") as dst:
            shutil.copyfileobj(src, dst)
        log(f"Khôi phục cơ sở dữ liệu ({engine})…")
        if engine == "sqlite":
            _check_sqlite(dump, source)
            _restore_sqlite(dump)
        else:
            _restore_postgresql(dump)
        log("Khôi phục tệp đính kèm…")
        count = _extract_media(zf, source)
    manifest["media_restored"] = count
    return manifest
