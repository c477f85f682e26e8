"""The chamber's own settings, kept in the register so every member of staff shares them: its
region (a new company's default) and its name as briefings give it. One row per key.

And what an import reported besides its counts — the rows it rejected and why, its warnings — kept
on the import's batch, so that the import history can show them later."""


def up(migrator, db):
    from models.backend import POSTGRES, of

    if of(db) is POSTGRES:
        db.execute_sql(
            'CREATE TABLE "setting" ("id" SERIAL NOT NULL PRIMARY KEY, "key" TEXT COLLATE "C" NOT NULL, '
            '"value" TEXT, "updated_at" TIMESTAMP, "user" TEXT COLLATE "C")')
    else:
        db.execute_sql(
            'CREATE TABLE "setting" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "key" TEXT NOT NULL, '
            '"value" TEXT, "updated_at" DATETIME, "user" TEXT)')
    db.execute_sql('CREATE UNIQUE INDEX "setting_key" ON "setting" ("key")')
    db.execute_sql('ALTER TABLE "import_batch" ADD COLUMN "report" TEXT')


def down(migrator, db):
    db.execute_sql('DROP TABLE IF EXISTS "setting"')
    db.execute_sql('ALTER TABLE "import_batch" DROP COLUMN "report"')
