"""The targets live in daihoi.targets now (its migration 0002 copied the rows)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("proceedings", "0003_vote_number"),
        ("targets", "0002_move_targets_from_proceedings"),
    ]

    operations = [migrations.DeleteModel(name="Target")]
