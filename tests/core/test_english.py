"""English, the second language: core's catalogue is compiled and used."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from daihoi.core.roles import Role


@pytest.mark.django_db
def test_login_page_in_english(client):
    client.cookies["django_language"] = "en"
    body = client.get(reverse("login")).content.decode()
    assert "Log in" in body
    assert "Password" in body
    assert "Đăng nhập" not in body


@pytest.mark.django_db
def test_switching_language_through_the_top_bar(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")},
                           follow=True)
    assert "Log in" in response.content.decode()


@pytest.mark.django_db
def test_audit_log_and_roles_in_english(client_as):
    client = client_as(Role.ADMIN)
    client.cookies["django_language"] = "en"
    assert "Audit log" in client.get(reverse("core:audit_list")).content.decode()
    body = client.get(reverse("core:user_list")).content.decode()
    assert "Accounts and roles" in body
    assert "System administrator" in body


def test_role_labels_translate():
    with translation.override("en"):
        assert Role.COUNTING.label == "Vote-counting committee"
    with translation.override("vi"):
        assert Role.COUNTING.label == "Ban Kiểm phiếu"


# --- the register and e-voting, switched to English through the top bar's VI/EN buttons ---

def _english(client):
    """The top bar's EN button posts to set_language; the cookie keeps English after."""
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


@pytest.mark.django_db
def test_register_pages_in_english(client_as, make_member):
    import datetime as dt

    from django.utils import timezone

    make_member("Trần Thị Bình")
    due = make_member("Lê Văn Cường")
    due.status, due.full_member_date, due.party_card_number = "probationary", None, None
    due.admission_date = timezone.localdate() - dt.timedelta(days=400)  # overdue
    due.save()
    client = _english(client_as(Role.OFFICE))

    body = client.get(reverse("organizations:member_list")).content.decode()
    assert "Trần Thị Bình" in body  # names are shown as written
    assert "Search members" in body and "party members" in body and "Full" in body
    assert "Danh sách đảng viên" not in body and "Tìm đảng viên" not in body

    body = client.get(reverse("organizations:tree")).content.decode()
    assert "Party organizations" in body and "Expand all" in body and "Party cell" in body
    assert "Hệ thống tổ chức đảng" not in body and "Chi bộ trực thuộc" not in body

    body = client.get(reverse("organizations:dashboard")).content.decode()
    assert "Party committee overview" in body and "Active party members" in body
    assert "Tổng quan Đảng bộ" not in body

    body = client.get(reverse("organizations:members_due")).content.decode()
    assert "Due for recognition as full members" in body and "Lê Văn Cường" in body
    assert "Days overdue" in body and "Overdue, not yet recognized" in body
    assert "Đến hạn công nhận đảng viên chính thức" not in body and "Quá hạn" not in body

    body = client.get(reverse("organizations:member_detail", args=[due.pk])).content.decode()
    assert "days overdue." in body  # the plural form
    assert "Quá hạn" not in body


@pytest.mark.django_db
def test_evoting_home_in_english_for_a_delegate(client_as):
    client = _english(client_as(Role.DELEGATE))
    body = client.get(reverse("evoting:home")).content.decode()
    assert "Electronic voting" in body
    assert "No round is open for electronic voting for you at the moment." in body
    assert "Bỏ phiếu điện tử" not in body and "đồng chí" not in body


@pytest.mark.django_db
def test_import_error_messages_in_english():
    """Lazy messages of the importer follow the active language, placeholders kept."""
    from daihoi.organizations import imports

    with translation.override("en"):
        assert str(imports.MISSING_COLUMN).format(column="Họ và tên") == \
            "Required column “Họ và tên” is missing."
    assert str(imports.MISSING_COLUMN).startswith("Thiếu cột bắt buộc")


# --- every catalogue covers its app's source ----------------------------------------------

# "30% số" reads to xgettext as a %-format ("% s"), so msgmerge marks the English fuzzy.
# The fix is in the source: a `# xgettext:no-python-format` comment above the string
# (elections/views.py, the floor nomination warning); then drop it from here.
KNOWN_FUZZY = {"{name}: không đủ hơn 30% số đại biểu dự đại hội đồng ý ({agree}/{attending}), "
               "không đưa vào danh sách."}
CATALOGUES = {  # app directory -> what its makemessages run leaves out
    "core": [], "organizations": ["management/*"], "congress": ["proceedings/*"],
    "congress/proceedings": [], "elections": ["evoting/*", "scanning/*"], "elections/evoting": [],
    "elections/scanning": [], "meetings": [], "portal": [], "extraction": [], "appraisal": [],
    "targets": [],
}


@pytest.mark.skipif(not __import__("shutil").which("xgettext"), reason="gettext tools not installed")
def test_every_catalogue_translates_every_string(tmp_path, monkeypatch):
    """makemessages on a copy of each app (the views' `_t` alias of gettext included): no
    msgid of the source may be left without English, nor only guessed (fuzzy)."""
    import shutil
    import subprocess
    from pathlib import Path

    from django.core.management import call_command

    import daihoi
    from daihoi.core.management.commands.makemessages import Command

    src = Path(daihoi.__file__).parent
    missing = {}
    for app, ignore in CATALOGUES.items():
        copy = tmp_path / app.replace("/", "_")
        shutil.copytree(src / app, copy)
        monkeypatch.chdir(copy)
        call_command(Command(), locale=["en"], verbosity=0,
                     ignore_patterns=["static/*", "demo.py", *ignore])
        po = copy / "locale/en/LC_MESSAGES/django.po"
        msgids = []
        for which in ("--untranslated", "--only-fuzzy"):
            out = subprocess.run(["msgattrib", which, "--no-obsolete", "--no-wrap", str(po)],  # noqa: S603, S607
                                 capture_output=True, text=True, check=True).stdout
            msgids += [ln[7:-1] for ln in out.splitlines()
                       if ln.startswith('msgid "') and ln != 'msgid ""' and ln[7:-1] not in KNOWN_FUZZY]
        if msgids:
            missing[app] = msgids
    assert not missing, f"add English to src/daihoi/<app>/locale/en/LC_MESSAGES/django.po: {missing}"
