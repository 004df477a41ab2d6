"""Where vdesk keeps its files.

Everything vdesk writes lives under one of these directories. ``--basedir DIR``
(or the ``VDESK_HOME`` environment variable) puts all of them under DIR, which is
what tests and portable installs use.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "vdesk"


@dataclass(frozen=True, slots=True)
class AppPaths:
    data_dir: Path  # the user's own database and its backups
    cache_dir: Path  # the corpus database and search index (rebuildable)
    config_dir: Path  # settings

    @classmethod
    def resolve(cls, basedir: str | os.PathLike[str] | None = None) -> AppPaths:
        """Paths from ``basedir``, else ``$VDESK_HOME``, else the platform defaults."""
        base = basedir if basedir is not None else os.environ.get("VDESK_HOME") or None
        if base is not None:
            root = Path(base).expanduser().resolve()
            return cls(root / "data", root / "cache", root / "config")
        return cls(
            Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
            Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
            Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        )

    @property
    def corpus_dir(self) -> Path:
        """The built corpus: ``corpus.sqlite`` and ``index/``, replaced atomically."""
        return self.cache_dir / "corpus"

    @property
    def corpus_db(self) -> Path:
        return self.corpus_dir / "corpus.sqlite"

    @property
    def index_dir(self) -> Path:
        return self.corpus_dir / "index"

    @property
    def user_db(self) -> Path:
        return self.data_dir / "user.sqlite"

    @property
    def backup_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "vdesk.ini"

    def ensure(self) -> None:
        for d in (self.data_dir, self.cache_dir, self.config_dir):
            d.mkdir(parents=True, exist_ok=True, mode=0o700)
