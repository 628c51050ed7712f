"""The receipt records the electorate's voter key instead of a congress delegate, so e-voting
serves any electorate (the committee's first session has no delegates)."""

from django.db import migrations, models


def keys_from_delegates(apps, schema_editor):  # type: ignore[no-untyped-def]
    receipt = apps.get_model("evoting", "VoterReceipt")
    for row in receipt.objects.only("pk", "delegate_id").iterator():
        receipt.objects.filter(pk=row.pk).update(voter=f"delegate:{row.delegate_id}")


class Migration(migrations.Migration):

    dependencies = [
        ("evoting", "0003_castballot_evote_ballot_unmixed"),
    ]

    operations = [
        migrations.AddField(
            model_name="voterreceipt",
            name="voter",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(keys_from_delegates, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="voterreceipt", name="evote_receipt_once"),
        migrations.RemoveField(model_name="voterreceipt", name="delegate"),
        migrations.AddConstraint(
            model_name="voterreceipt",
            constraint=models.UniqueConstraint(fields=("round", "voter"),
                                               name="evote_receipt_once_per_voter"),
        ),
    ]
