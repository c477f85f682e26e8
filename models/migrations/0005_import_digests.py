"""Digests of imported rows: for each company, the digest of the file row that last brought it in
step, with the company's version and its contacts' state at that moment. A row of a later import
with the same digest, whose company has not changed since, is known unchanged without cleaning it
again (`models.import_digests`). A cache: losing it only makes the next import slower."""


def up(migrator, db):
    from models.backend import POSTGRES, of

    postgres = of(db) is POSTGRES
    text = 'TEXT COLLATE "C"' if postgres else "TEXT"
    db.execute_sql(
        f'CREATE TABLE "import_digest" ("digest" {text} NOT NULL PRIMARY KEY, '
        '"company_id" INTEGER NOT NULL REFERENCES "company" ("id") ON DELETE CASCADE, '
        f'"company_version" INTEGER NOT NULL, "contacts" {text} NOT NULL, '
        f'"inn" {text}, "name_key" {text})'
        # SQLite: the digest is the key itself, one B-tree fewer to write
        + ("" if postgres else " WITHOUT ROWID"))
    db.execute_sql('CREATE INDEX "import_digest_company_id" ON "import_digest" ("company_id")')


def down(migrator, db):
    db.execute_sql('DROP TABLE IF EXISTS "import_digest"')
