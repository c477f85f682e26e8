"""The forms' fixture, for the paste tests here."""

from tests.forms.conftest import forms_db  # noqa: F401
