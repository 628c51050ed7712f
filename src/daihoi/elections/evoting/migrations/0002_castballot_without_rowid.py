"""SQLite: store the ballots WITHOUT ROWID, i.e. in the order of their random UUID key, so a
dump never lists them in the order they were cast (see models.py). PostgreSQL has no such
table layout: there the mixer (services.ballots_mix) does the work.

Django's SQLite schema editor rebuilds a table without this clause when a later migration
alters it: tests/evoting/test_unlinkability.py checks the clause is still there."""

from __future__ import annotations

from typing import Any

from django.db import migrations

TABLE = "evoting_castballot"


def without_rowid(apps: Any, schema_editor: Any) -> None:
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE type='table' AND name=%s", [TABLE])
        (create_sql,) = cursor.fetchone()
        if "WITHOUT ROWID" in create_sql.upper():
            return
        cursor.execute("SELECT sql FROM sqlite_master WHERE type='index' AND tbl_name=%s "
                       "AND sql IS NOT NULL", [TABLE])
        index_sql = [row[0] for row in cursor.fetchall()]
        cursor.execute(f'SELECT COUNT(*) FROM "{TABLE}"')
        if cursor.fetchone()[0]:
            raise RuntimeError("evoting_castballot is not empty: rebuild it by hand")
        cursor.execute(f'DROP TABLE "{TABLE}"')
        cursor.execute(create_sql + " WITHOUT ROWID")
        for sql in index_sql:
            cursor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("evoting", "0001_initial")]
    operations = [migrations.RunPython(without_rowid, migrations.RunPython.noop)]
