import pytest

from daihoi.core.models import AuditLog, User
from daihoi.core.roles import Role
from tests.conftest import screenshot


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_admin_creates_account_then_reads_its_history(login_page):
    page = login_page(Role.ADMIN)
    nav = page.locator("nav.mainnav")
    nav.get_by_text("Hệ thống").click()  # the menu's group (issue 14: one row of groups)
    nav.get_by_role("link", name="Tài khoản").click()
    page.locator("a.button.primary", has_text="Tạo tài khoản").click()
    form = page.locator("#user-form")
    form.locator("#id_username").fill("thuky2")
    form.locator("#id_full_name").fill("Đặng Thị Thu")
    form.get_by_label("Ban Tổ chức Đại hội / Đoàn Thư ký").check()
    form.locator("button[type=submit]").click()
    password = page.locator(".temp-password code").inner_text()
    screenshot(page, "core-user-created")
    user = User.objects.get(username="thuky2")
    assert user.check_password(password)
    assert user.role_names() == {"secretariat"}

    page.goto("/audit/")
    row = page.locator("table.audit-table > tbody > tr").first
    assert "Đặng Thị Thu" in row.inner_text()
    screenshot(page, "core-audit-log")
    row.get_by_role("link", name="Đặng Thị Thu").click()
    page.wait_for_url("**/audit/core.user/*/")
    assert page.locator("h1").inner_text().endswith("Đặng Thị Thu")
    assert AuditLog.objects.filter(verb="user_create", object_id=str(user.pk)).exists()
