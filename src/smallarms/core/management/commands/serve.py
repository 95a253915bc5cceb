"""``smallarms serve``: the production web server (Waitress), behind any reverse proxy."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

# What the reverse proxy tells the application: the scheme the person used (so HTTPS is not
# redirected to HTTPS again) and the person's address (audit, sign-in throttling).
PROXY_HEADERS = {"x-forwarded-proto", "x-forwarded-for"}


def proxy_options() -> dict:
    """Waitress's proxy settings from ours. Behind a proxy (``SECURE_PROXY_SSL_HEADER`` on),
    the headers above are believed from ``TRUSTED_PROXY`` alone; from anyone else, and
    without a proxy from everyone, Waitress removes every proxy header before the
    application sees it."""
    if not getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        return {"clear_untrusted_proxy_headers": True}
    return {
        "trusted_proxy": settings.TRUSTED_PROXY,
        "trusted_proxy_count": 1,
        "trusted_proxy_headers": PROXY_HEADERS,
        "clear_untrusted_proxy_headers": True,
    }


class Command(BaseCommand):
    help = "Serve the application with Waitress (a production WSGI server) until interrupted."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on.")
        parser.add_argument("--port", type=int, default=8000, help="Port to listen on.")
        parser.add_argument("--threads", type=int, default=8, help="Worker threads.")
        parser.add_argument(
            "--no-collectstatic",
            action="store_true",
            help="Do not collect static files first (they are already in STATIC_ROOT).",
        )

    def handle(self, *args, host, port, threads, no_collectstatic, **options):
        from waitress import serve

        from smallarms.wsgi import application

        if not settings.DEBUG and not no_collectstatic:
            call_command("collectstatic", interactive=False, verbosity=0)
        serve(
            application, host=host, port=port, threads=threads, ident="smallarms", **proxy_options()
        )
