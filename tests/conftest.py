"""Shared fixtures: users by role, and a real headless Chromium for the browser tests."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from daihoi.core.models import User
from daihoi.core.roles import Role
from daihoi.core.services import user_create

PASSWORD = "correct-horse-9"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@pytest.fixture(autouse=True)
def _vietnamese_first() -> Iterator[None]:
    """Every test starts in the first language: a request in English activates English for
    the thread, and the test client runs requests in the test's own thread."""
    from django.utils import translation

    translation.activate("vi")
    yield
    translation.activate("vi")


@pytest.fixture
def make_user(db: None) -> Callable[..., User]:
    counter = iter(range(1, 10_000))

    def make(*roles: Role | str, username: str | None = None, full_name: str = "") -> User:
        name = username or f"user{next(counter)}-{'-'.join(str(r) for r in roles) or 'none'}"
        return user_create(acting_user=None, username=name, password=PASSWORD,
                           full_name=full_name or name, roles=roles)

    return make


@pytest.fixture
def client_as(client: Any, make_user: Callable[..., User]) -> Callable[..., Any]:
    """`client_as(Role.OFFICE)` returns the test client logged in as a new user of that role."""

    def login(*roles: Role | str) -> Any:
        client.force_login(make_user(*roles))
        return client

    return login


# --- browser -------------------------------------------------------------------------------
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made by
    # the test itself (arranging data, checking results) are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(base_url=live_server.url, locale="vi-VN",
                                  viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def login_page(page: Any, make_user: Callable[..., User]) -> Callable[..., Any]:
    """Logs the browser in through the login form as a new user with `roles`."""

    def login(*roles: Role | str) -> Any:
        user = make_user(*roles)
        page.goto("/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", PASSWORD)
        page.click("#login-form button[type=submit]")
        page.wait_for_url(lambda url: "/login/" not in url)
        return page

    return login


def save_artifact(name: str, data: bytes) -> Path:
    """Keep a file the test made (a PDF to look at) in test-artifacts/, not committed."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    path.write_bytes(data)
    return path


def screenshot(page: Any, name: str) -> Path:
    """Keep a picture of what the test saw (test-artifacts/, not committed)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
