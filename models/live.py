"""Noticing that another process changed the store, cheaply enough to ask every second."""

from __future__ import annotations

from models import backend
from models.db import database, follow_writers


def data_version() -> tuple[int, int]:
    """A value that changes whenever anyone commits to the store (how: `models.backend`). A
    reader of a file nobody was writing goes over to the writers' side files once they appear."""
    follow_writers()
    return backend.current().data_version(database)
