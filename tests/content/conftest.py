"""The app's fixtures (a private copy of the sample database) for the content tests."""

from tests.app.conftest import app_db  # noqa: F401
