"""The targets move here from congress.proceedings: each row copied with its congress (the one
of its resolution) and its primary key; then proceedings 0004 drops its table."""

from django.db import migrations


def copy(apps, schema_editor):  # type: ignore[no-untyped-def]
    Old = apps.get_model("proceedings", "Target")
    New = apps.get_model("targets", "Target")
    rows = [New(id=t.id, congress_id=t.resolution.congress_id, number=t.number, text=t.text,
                metric=t.metric, metric_label=t.metric_label, comparison=t.comparison,
                value=t.value, unit=t.unit, period=t.period)
            for t in Old.objects.select_related("resolution").order_by("id")]
    New.objects.bulk_create(rows)
    if rows and schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("SELECT setval(pg_get_serial_sequence('targets_target', 'id'), "
                           "(SELECT MAX(id) FROM targets_target))")


def copy_back(apps, schema_editor):  # type: ignore[no-untyped-def]
    Old = apps.get_model("proceedings", "Target")
    New = apps.get_model("targets", "Target")
    Resolution = apps.get_model("proceedings", "Resolution")
    by_congress = {r.congress_id: r.id for r in Resolution.objects.all()}
    Old.objects.bulk_create([
        Old(id=t.id, resolution_id=by_congress[t.congress_id], number=t.number, text=t.text,
            metric=t.metric, metric_label=t.metric_label, comparison=t.comparison, value=t.value,
            unit=t.unit, period=t.period)
        for t in New.objects.order_by("id") if t.congress_id in by_congress])
    New.objects.all().delete()  # back where they were: a later forward run copies them again


class Migration(migrations.Migration):
    dependencies = [
        ("targets", "0001_initial"),
        ("proceedings", "0003_vote_number"),
    ]

    operations = [migrations.RunPython(copy, copy_back)]
