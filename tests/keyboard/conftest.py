from tests.app.conftest import app_db  # noqa: F401  (the sample register, opened)
