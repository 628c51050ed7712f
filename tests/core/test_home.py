import pytest
from django.urls import reverse

from daihoi.core.roles import Role


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "shown", "hidden"), [
    (Role.DELEGATE, "proceedings:now", "elections:list"),
    (Role.COUNTING, "elections:list", "congress:checkin_current"),
    (Role.SECRETARIAT, "congress:checkin_current", "evoting:manage_list"),
])
def test_home_lists_the_work_of_each_role(client_as, role, shown, hidden):
    body = client_as(role).get(reverse("home")).content.decode()
    assert f'href="{reverse(shown)}"' in body
    assert f'href="{reverse(hidden)}"' not in body


@pytest.mark.django_db
def test_office_home_is_the_dashboard(client_as):
    response = client_as(Role.OFFICE).get(reverse("home"))
    assert "Tổng quan Đảng bộ" in response.content.decode()
