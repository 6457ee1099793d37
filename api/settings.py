"""Settings of the HTTP service, declared beside the core ones so the CLI and README list them all."""

from ingest.settings import SETTINGS, Setting, declare

HOST = declare(Setting("host", "127.0.0.1", "Address the API server listens on."))
PORT = declare(Setting("port", 8000, "Port the API server listens on.", int))

__all__ = ["HOST", "PORT", "SETTINGS", "Setting"]
