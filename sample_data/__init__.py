"""The demo register: `python sample_data/generate.py` writes sample_data/palata_sample.xlsx."""
