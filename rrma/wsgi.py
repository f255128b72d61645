"""WSGI entry point, e.g. `gunicorn rrma.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rrma.settings")
application = get_wsgi_application()
