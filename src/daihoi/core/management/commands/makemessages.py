"""Django's makemessages, which also collects the views' `_t` alias of gettext (README,
"Translations"): `cd src/daihoi/<app> && daihoi makemessages -l en`."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=_t"]
