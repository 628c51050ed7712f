"""On PostgreSQL, a trigram index on the folded name: the register's search is a
substring match (LIKE '%nguyen van a%'), which a B-tree cannot serve; with 100,000
members the count of a search then reads the index instead of the whole table.
pg_trgm is a trusted extension (PostgreSQL 13+), so the database owner may create it;
where it cannot be created the search still works, only slower."""

from django.db import migrations, transaction


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            schema_editor.execute(
                "CREATE INDEX IF NOT EXISTS member_search_trgm ON organizations_member "
                "USING gin (search_name gin_trgm_ops)"
            )
    except Exception as exc:  # noqa: BLE001 - an optional speed-up, never a blocker
        print(f"\n  pg_trgm unavailable, member search without trigram index: {exc}")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS member_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("organizations", "0004_member_member_admitted")]
    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
