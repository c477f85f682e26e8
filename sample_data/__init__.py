"""The demo register: `python sample_data/generate.py` writes tui/sample/palata_sample.xlsx."""
