"""The fixtures of the app and form tests: the sample register, and the small forms register."""

from tests.app.conftest import app_db  # noqa: F401
from tests.forms.conftest import forms_db  # noqa: F401
