"""The sample register that `palata demo` loads, shipped inside the package (package data) so that
an installed Palata — a wheel, `pip install .`, `pipx` — has it wherever it runs from.

`sample_data/generate.py` writes it here; sample_data/README.md says what it holds.
"""

from pathlib import Path

# setuptools installs packages as plain folders (never zipped), so the file has a real path
WORKBOOK = Path(__file__).resolve().with_name("palata_sample.xlsx")
