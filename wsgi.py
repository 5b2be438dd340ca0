"""The WSGI entry point for gunicorn: ``gunicorn wsgi:app``."""

from germbank import create_app

app = create_app()
