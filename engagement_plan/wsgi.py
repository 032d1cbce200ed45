"""WSGI entry point (gunicorn engagement_plan.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "engagement_plan.settings")
application = get_wsgi_application()
