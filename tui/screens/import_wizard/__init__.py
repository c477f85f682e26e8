"""Import: pick a workbook, a sheet, check where each column goes on a preview, see the dry run,
confirm, watch the import run in a thread, see the result. Escape at any step leaves the database
as it was — during the run too: the transaction is rolled back.

One module per step (`file_step`, `columns_step`, `check_step`, `run_step`), the state they
share (`state`), and the screen that shows them in turn (`wizard`)."""

from __future__ import annotations

from tui.screens.import_wizard.run_step import ImportCancelled
from tui.screens.import_wizard.wizard import ImportWizard

__all__ = ["ImportCancelled", "ImportWizard"]

