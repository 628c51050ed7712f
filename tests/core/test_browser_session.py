import pytest

from daihoi.core.roles import Role
from tests.conftest import screenshot


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_login_then_session_warning_appears_before_expiry(login_page, settings):
    # A short session so that the warning shows within the test: it must appear, count
    # down, and the "continue" button must hide it again.
    settings.SESSION_COOKIE_AGE = 124
    settings.SESSION_RENEW_EVERY = 60
    settings.SESSION_EXPIRY_WARNING = 62
    page = login_page(Role.OFFICE)
    banner = page.locator("#session-warning")
    banner.wait_for(state="visible", timeout=8000)
    assert int(banner.locator(".countdown").inner_text()) <= 62
    screenshot(page, "session-warning")
    banner.locator("button").click()
    banner.wait_for(state="hidden")
