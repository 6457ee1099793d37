"""The web page: server-rendered HTML (Jinja2, plain forms, no build step) over the same core functions as the API.

Pages live under ``/web`` and mirror the JSON API's paths (``/cases/…`` → ``/web/cases/…``), so every
``url`` an entity view returns becomes a link on the page by prefixing ``/web``.
"""

from .routes import router

__all__ = ["router"]
