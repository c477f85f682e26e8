"""Noticing that another process changed the store, cheaply enough to ask every second."""

from __future__ import annotations

from models import backend
from models.db import database


def data_version() -> tuple[int, int]:
    """A value that changes whenever anyone commits to the store (how: `models.backend`)."""
    return backend.current().data_version(database)
