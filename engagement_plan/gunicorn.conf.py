"""gunicorn's settings for `make serve` (and the serving smoke test), each from the environment.

Threads share one process's memory, and an import (bounded by PLAN_IMPORT_* limits) stays well
inside the timeout; the reverse proxy in front caps bodies and holds slow clients.
"""

import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_WORKERS", "2"))
threads = int(os.environ.get("WEB_THREADS", "4"))
worker_class = "gthread"
timeout = int(os.environ.get("WEB_TIMEOUT", "60"))  # a worker silent this long is restarted
graceful_timeout = int(os.environ.get("WEB_GRACEFUL_TIMEOUT", "30"))
keepalive = 2
max_requests = int(os.environ.get("WEB_MAX_REQUESTS", "1000"))  # recycle workers: bounded memory
max_requests_jitter = 100
limit_request_line = 8190
limit_request_fields = 100
accesslog = "-"
errorlog = "-"
# The addresses whose X-Forwarded-* headers gunicorn believes (the reverse proxy's).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
wsgi_app = "engagement_plan.wsgi:application"
