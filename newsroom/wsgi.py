"""WSGI entry point: gunicorn runs `newsroom.wsgi:application`, Django behind the front cache."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

django_application = get_wsgi_application()

# Cached reader pages are answered here, before Django's middleware runs.
from articles.front_cache import FrontCache  # noqa: E402 - needs the settings loaded above

application = FrontCache(django_application)
