"""Indexes of the companies' region, industry and tags, as of their town (0001): the filter
dialog lists the values present in the register with their counts, and each count read every
company's row (0.3 s at 100,000 companies, ~3 s at a million, on every opening of the dialog);
through these it reads an index alone (`models.browse.choices`). The region and the industry are
also what the filters look companies up by."""


def up(migrator, db):
    for column in ("region", "industry", "tags"):
        db.execute_sql(f'CREATE INDEX IF NOT EXISTS "company_{column}" ON "company" ("{column}")')


def down(migrator, db):
    for column in ("region", "industry", "tags"):
        db.execute_sql(f'DROP INDEX IF EXISTS "company_{column}"')
