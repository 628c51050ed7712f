"""Migration 0008 makes the stored sort keys again in the rule set's default order (equal
given names: family, then middle name)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from daihoi.rules.names import NameOrder, sort_key

pytestmark = pytest.mark.django_db(transaction=True)


def test_stale_keys_are_made_again() -> None:
    executor = MigrationExecutor(connection)
    before = [("organizations", "0007_member_ceremony_date")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    Organization = old.get_model("organizations", "Organization")
    Member = old.get_model("organizations", "Member")
    cell = Organization.objects.create(name="Chi bộ Thử", kind="cell")
    names = ["Trần Văn An", "Lê Minh An"]
    for name in names:
        Member.objects.create(full_name=name, gender="male", date_of_birth="1980-01-01",
                              admission_date="2005-05-19", status="full", organization=cell,
                              search_name=name.lower(),
                              sort_key=sort_key(name, NameOrder.MIDDLE_THEN_FAMILY))
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    from daihoi.organizations.models import Member as Current

    keys = dict(Current.objects.values_list("full_name", "sort_key"))
    assert keys == {n: sort_key(n, NameOrder.FAMILY_THEN_MIDDLE) for n in names}
    # Lê before Trần: the family name decides between the two An.
    assert list(Current.objects.order_by("sort_key").values_list("full_name", flat=True)) == [
        "Lê Minh An", "Trần Văn An"]
