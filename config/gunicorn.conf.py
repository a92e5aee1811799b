"""gunicorn settings for `make serve` and production (decision 0140, docs/operations.md).

Sync workers: Kring's pages are short and mostly Python (templates, forms), so one process per
request in flight uses the cores best; slow work (mail, PDFs) runs in the task worker, not
here. Two workers per core by default (`WEB_CONCURRENCY` overrides): one computes while the
other waits on PostgreSQL.
"""

import multiprocessing
import os

bind = os.environ.get("KRING_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", str(2 * multiprocessing.cpu_count())))
worker_class = "sync"
# Load Django once in the master: workers start fast and share the imported code's memory.
preload_app = True
# A request that takes this long is stuck: the worker is replaced, the others keep serving.
timeout = int(os.environ.get("KRING_REQUEST_TIMEOUT", "30"))
graceful_timeout = 30
# Recycle workers now and then, so that slow growth of a process never becomes an outage.
max_requests = 5000
max_requests_jitter = 500
# No access log: a URL can hold a personal link's token (decision 0121); errors still go to
# stderr, and the proxy in front keeps its own log with the token paths filtered.
accesslog = None
errorlog = "-"
# The proxy in front terminates TLS and sets X-Forwarded-Proto (SECURE_PROXY_SSL_HEADER).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
