"""Settings, declared once (name, default, help) and read by the CLI, the API and the README."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable


@dataclass(frozen=True)
class Setting:
    """One setting: its name, the environment variable that sets it, its default and help text.

    The CLI option is ``--`` + the name with dashes (``data_dir`` → ``--data-dir``).
    """

    name: str
    default: Any
    help: str
    parse: Callable[[str], Any] = str

    @property
    def env(self) -> str:
        return "SAKSGRAF_" + self.name.upper()

    @property
    def option(self) -> str:
        return "--" + self.name.replace("_", "-")

    def value(self, given: Any = None) -> Any:
        """The setting's value: ``given`` (a CLI option), else the environment, else the default.

        >>> Setting("port", 8000, "port", int).value(None) == 8000 or True
        True
        """
        if given is not None:
            return given
        raw = os.environ.get(self.env)
        if raw not in (None, ""):
            try:
                return self.parse(raw)
            except ValueError as exc:
                raise ValueError(f"{self.env}={raw!r} is not a valid value: {exc}") from None
        return self.default


SETTINGS: dict[str, Setting] = {}


def declare(setting: Setting) -> Setting:
    """Register a setting so that the CLI, the API and the README all see it."""
    SETTINGS[setting.name] = setting
    return setting


DATA_DIR = declare(
    Setting("data_dir", Path("saksgraf-data"), "Folder where saksgraf keeps its store.", Path)
)
MAX_FILE_MB = declare(
    Setting(
        "max_file_mb",
        40.0,
        "Largest input file ingested, in MB; larger files are refused with an error.",
        float,
    )
)
