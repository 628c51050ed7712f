"""The register's order between equal given names became family then middle name (RULES.md:
the state's rule, now the rule set's default `name_order`); the stored keys are made again.
Ballots already printed keep their own order: candidates' keys are not touched."""

from django.db import migrations

from daihoi.rules.names import NameOrder, sort_key


def rekey(apps, schema_editor):
    Member = apps.get_model("organizations", "Member")
    batch = []
    for member in Member.objects.only("id", "full_name", "sort_key").iterator(chunk_size=2000):
        key = sort_key(member.full_name, NameOrder.FAMILY_THEN_MIDDLE)
        if key != member.sort_key:
            member.sort_key = key
            batch.append(member)
        if len(batch) >= 2000:
            Member.objects.bulk_update(batch, ["sort_key"])
            batch = []
    Member.objects.bulk_update(batch, ["sort_key"])


class Migration(migrations.Migration):
    dependencies = [("organizations", "0007_member_ceremony_date")]
    operations = [migrations.RunPython(rekey, migrations.RunPython.noop)]
