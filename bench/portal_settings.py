"""The project's settings with one more URL, a bare Django view, for bench.portal's
comparison (the same server, the same middleware, no template and no query)."""

from daihoi.settings import *  # noqa: F403

ROOT_URLCONF = "bench.portal_urls"
