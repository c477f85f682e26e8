"""Merges of duplicate companies: who merged which companies into which, and everything needed to
undo it exactly (the rows as they were before and as the merge left them)."""


def up(migrator, db):
    from models.backend import POSTGRES, of

    if of(db) is POSTGRES:
        db.execute_sql(
            'CREATE TABLE "merge" ("id" SERIAL NOT NULL PRIMARY KEY, "at" TIMESTAMP NOT NULL, '
            '"user" TEXT COLLATE "C" NOT NULL, "keep_id" INTEGER NOT NULL, "others" TEXT NOT NULL, '
            '"moved" TEXT NOT NULL, "undone_at" TIMESTAMP, "undone_by" TEXT COLLATE "C")')
    else:
        db.execute_sql(
            'CREATE TABLE "merge" ("id" INTEGER NOT NULL PRIMARY KEY, "at" DATETIME NOT NULL, '
            '"user" TEXT NOT NULL, "keep_id" INTEGER NOT NULL, "others" TEXT NOT NULL, '
            '"moved" TEXT NOT NULL, "undone_at" DATETIME, "undone_by" TEXT)')
    db.execute_sql('CREATE INDEX "merge_keep_id" ON "merge" ("keep_id")')


def down(migrator, db):
    db.execute_sql('DROP TABLE IF EXISTS "merge"')
