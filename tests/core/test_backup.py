"""Backup and restore round trip: every record of every table comes back as it was.

Runs on whichever database the suite uses (SQLite or PostgreSQL): the test database
itself is backed up, changed, and restored, then compared with a snapshot taken before
the change.
"""

from __future__ import annotations

import json
import re
import tempfile
import zipfile
from typing import Any

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.db import connection

from daihoi.core import backup, services
from daihoi.core.audit import audit_update, snapshot
from daihoi.core.models import AuditLog, User
from daihoi.core.roles import Role


def everything() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table Django knows (auto-created m2m tables included), as
    sorted tuples of field values."""
    data = {}
    for model in apps.get_models(include_auto_created=True):
        fields = [f.attname for f in model._meta.concrete_fields]
        rows = model._default_manager.order_by("pk").values_list(*fields)
        data[model._meta.label] = [tuple(json.dumps(v, sort_keys=True, default=str) for v in row)
                                   for row in rows]
    return data


@pytest.fixture
def media(settings, tmp_path):
    root = tmp_path / "media"
    (root / "documents").mkdir(parents=True)
    (root / "documents" / "nghi-quyet.pdf").write_bytes(b"%PDF-1.4 nghi quyet")
    (root / "anh.jpg").write_bytes(bytes(range(256)))
    settings.MEDIA_ROOT = root
    return root


@pytest.mark.django_db(transaction=True)
def test_round_trip_restores_every_record(make_user, make_member, media, tmp_path):
    admin = make_user(Role.ADMIN)
    users = [make_user(role) for role in (Role.OFFICE, Role.DELEGATE, Role.LEADER)]
    members = [make_member(f"Nguyễn Văn {name}") for name in ("An", "Bình", "Cường")]
    services.user_link_member(acting_user=admin, user=users[1], member_id=members[0].pk)
    before = snapshot(members[1])
    members[1].position = "Bí thư"
    members[1].save()
    audit_update(actor=admin, obj=members[1], before=before, verb="edit")
    Session.objects.create(session_key="k" * 32, session_data="x",
                           expire_date="2030-01-01T00:00:00Z")

    original = everything()
    assert sum(len(rows) for rows in original.values()) > 20
    file = tmp_path / "backups" / "daihoi.zip"
    info = backup.backup(file)
    assert info.media_files == 2
    with zipfile.ZipFile(file) as zf:
        names = set(zf.namelist())
    assert {"manifest.json", "media/documents/nghi-quyet.pdf", "media/anh.jpg"} <= names

    # Change everything we can reach: insert, update, delete, relations, files.
    services.user_set_roles(acting_user=admin, user=users[0], roles=[Role.COUNTING])
    services.user_create(acting_user=admin, username="sau-sao-luu", password=None)
    members[2].delete()
    AuditLog.objects.filter(verb="edit").delete()
    User.objects.filter(pk=users[2].pk).update(full_name="Đã sửa")
    (media / "anh.jpg").write_bytes(b"changed")
    (media / "documents" / "nghi-quyet.pdf").unlink()
    (media / "new.txt").write_text("after the backup")
    assert everything() != original

    call_command("restore", str(file), "--yes", stdout=open("/dev/null", "w"))  # noqa: SIM115

    restored = everything()
    for label, rows in original.items():
        assert restored[label] == rows, label
    assert restored == original
    assert (media / "anh.jpg").read_bytes() == bytes(range(256))
    assert (media / "documents" / "nghi-quyet.pdf").read_bytes() == b"%PDF-1.4 nghi quyet"
    assert not (media / "new.txt").exists()
    # The application still works on the restored database.
    services.user_create(acting_user=admin, username="sau-khoi-phuc", password=None)


@pytest.mark.django_db(transaction=True)
def test_backup_command_writes_a_restorable_file(make_user, media, tmp_path, capsys):
    make_user(Role.OFFICE, username="vanphong")
    file = tmp_path / "b.zip"
    call_command("backup", str(file))
    assert "Đã sao lưu" in capsys.readouterr().out
    manifest = backup.read_manifest(file)
    assert manifest["engine"] == connection.vendor
    assert manifest["media_files"] == 2


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    bogus = tmp_path / "x.zip"
    bogus.write_bytes(b"not a zip")
    with pytest.raises(CommandError, match="không phải là tệp sao lưu"):
        call_command("restore", str(bogus), "--yes")


@pytest.mark.django_db
def test_restore_refuses_another_engine(tmp_path):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    file = tmp_path / "other.zip"
    with zipfile.ZipFile(file, "w") as zf:
        zf.writestr("manifest.json", json.dumps(
            {"format": backup.FORMAT, "engine": other, "database": "database.sqlite3"}))
    with pytest.raises(CommandError, match="cùng loại cơ sở dữ liệu"):
        call_command("restore", str(file), "--yes")


@pytest.mark.django_db(transaction=True)
def test_restore_rejects_path_escape_before_touching_anything(media, tmp_path, make_user):
    make_user(Role.OFFICE)
    file = tmp_path / "evil.zip"
    backup.backup(file)
    with zipfile.ZipFile(file, "a") as zf:
        zf.writestr("media/../../escaped.txt", "x")
    make_user(Role.LEADER, username="after")
    current = everything()
    with pytest.raises(backup.BackupError, match="không an toàn"):
        backup.restore(file)
    assert not (tmp_path / "escaped.txt").exists()
    assert (media / "anh.jpg").exists()
    assert everything() == current  # the database was not restored either


def _rewrite(source, target, *, manifest=None, add=(), drop=(), replace=None):
    """A copy of the backup `source` at `target`, crafted: another manifest, members added
    (name, data), members dropped, a member's data replaced."""
    replace = replace or {}
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            if info.filename in drop:
                continue
            if info.filename == "manifest.json" and manifest is not None:
                new.writestr("manifest.json", json.dumps(manifest))
            else:
                new.writestr(info.filename, replace.get(info.filename, old.read(info.filename)))
        for name, data in add:
            new.writestr(name, data)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("escape", ["absolute", "relative"])
def test_restore_never_writes_where_the_manifest_says(media, tmp_path, make_user, monkeypatch,
                                                      escape):
    """A crafted manifest naming "/somewhere/x" or "../../x" as its database: the file the
    old restore wrote there, before it failed, is never written."""
    make_user(Role.OFFICE)
    good = tmp_path / "good.zip"
    backup.backup(good)
    # The restore's scratch folder is made in here, so that "../../x" lands in tmp_path.
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    monkeypatch.setattr(tempfile, "tempdir", str(deep))
    target = tmp_path / "escaped-db" if escape == "absolute" else tmp_path / "a" / "x"
    name = str(target) if escape == "absolute" else "../../x"
    manifest = backup.read_manifest(good)
    db = manifest["database"]
    manifest["database"] = name
    files = manifest.get("files", {})
    if db in files:  # a crafted manifest vouches for its own member
        files[name] = files.pop(db)
    with zipfile.ZipFile(good) as zf:
        data = zf.read(db)
    evil = tmp_path / "evil.zip"
    _rewrite(good, evil, manifest=manifest, drop={db}, add=[(name, data)])
    current = everything()
    with pytest.raises(CommandError, match=re.escape("manifest.json ghi tệp cơ sở dữ liệu")):
        call_command("restore", str(evil), "--yes")
    assert not target.exists()
    assert everything() == current
    assert (media / "anh.jpg").read_bytes() == bytes(range(256))


@pytest.mark.django_db(transaction=True)
def test_restore_checks_sizes_and_checksums_before_writing(media, tmp_path, make_user):
    make_user(Role.OFFICE)
    good = tmp_path / "good.zip"
    backup.backup(good)
    manifest = backup.read_manifest(good)
    assert manifest["files"]["media/anh.jpg"]["size"] == 256
    make_user(Role.LEADER, username="after")
    (media / "anh.jpg").write_bytes(b"changed since")
    current = everything()

    tampered = tmp_path / "tampered.zip"  # same size, other bytes
    _rewrite(good, tampered, replace={"media/anh.jpg": bytes(reversed(range(256)))})
    with pytest.raises(backup.BackupError, match=re.escape(backup.CHECKSUM_MISMATCH.format(
            path=tampered, name="media/anh.jpg"))):
        backup.restore(tampered)

    longer = tmp_path / "longer.zip"
    _rewrite(good, longer, replace={"media/anh.jpg": bytes(range(256)) * 2})
    with pytest.raises(backup.BackupError, match=re.escape("dài 512 byte, manifest.json ghi 256")):
        backup.restore(longer)

    extra = tmp_path / "extra.zip"
    _rewrite(good, extra, add=[("media/extra.txt", b"x")])
    with pytest.raises(backup.BackupError, match="không có trong bản sao lưu"):
        backup.restore(extra)

    missing = tmp_path / "missing.zip"
    _rewrite(good, missing, drop={"media/anh.jpg"})
    with pytest.raises(backup.BackupError, match=re.escape("thiếu mục media/anh.jpg")):
        backup.restore(missing)

    stray = tmp_path / "stray.zip"
    _rewrite(good, stray, add=[("../outside.txt", b"x")])
    with pytest.raises(backup.BackupError, match="không có trong bản sao lưu"):
        backup.restore(stray)

    assert everything() == current
    assert (media / "anh.jpg").read_bytes() == b"changed since"
    assert not (tmp_path / "outside.txt").exists()
    backup.restore(good)  # the untouched file still restores
    assert (media / "anh.jpg").read_bytes() == bytes(range(256))
