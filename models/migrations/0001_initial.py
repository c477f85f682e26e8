# ruff: noqa: E501  (frozen DDL, one statement a line)
"""The first schema: the whole domain, the change log, import batches and the search index.

Frozen DDL, deliberately independent of `models.entities`: later migrations change it step by step.
"""

STATEMENTS = (
    'CREATE TABLE "company" ("id" INTEGER NOT NULL PRIMARY KEY, "version" INTEGER NOT NULL, "created_at" DATETIME, "updated_at" DATETIME, "short_name" TEXT NOT NULL, "full_name" TEXT, "legal_form" TEXT, "sort_name" TEXT NOT NULL, "inn" TEXT, "kpp" TEXT, "ogrn" TEXT, "unp" TEXT, "country" TEXT NOT NULL, "region" TEXT, "city" TEXT, "address" TEXT, "phones" TEXT, "emails" TEXT, "website" TEXT, "okved" TEXT, "industry" TEXT, "member_number" TEXT, "member_status" TEXT, "member_since" DATE, "dues_paid_until" DATE, "tags" TEXT, "notes" TEXT, "archived_at" DATETIME, "merged_into_id" INTEGER, FOREIGN KEY ("merged_into_id") REFERENCES "company" ("id") ON DELETE SET NULL);',
    'CREATE INDEX "company_sort_name" ON "company" ("sort_name");',
    'CREATE UNIQUE INDEX "company_inn" ON "company" ("inn");',
    'CREATE INDEX "company_ogrn" ON "company" ("ogrn");',
    'CREATE INDEX "company_unp" ON "company" ("unp");',
    'CREATE INDEX "company_city" ON "company" ("city");',
    'CREATE INDEX "company_okved" ON "company" ("okved");',
    'CREATE INDEX "company_member_status" ON "company" ("member_status");',
    'CREATE INDEX "company_archived_at" ON "company" ("archived_at");',
    'CREATE INDEX "company_merged_into_id" ON "company" ("merged_into_id");',
    'CREATE TABLE "contact" ("id" INTEGER NOT NULL PRIMARY KEY, "version" INTEGER NOT NULL, "created_at" DATETIME, "updated_at" DATETIME, "company_id" INTEGER NOT NULL, "name" TEXT NOT NULL, "position" TEXT, "phones" TEXT, "emails" TEXT, "is_primary" INTEGER NOT NULL, "notes" TEXT, "archived_at" DATETIME, FOREIGN KEY ("company_id") REFERENCES "company" ("id") ON DELETE CASCADE);',
    'CREATE INDEX "contact_company_id" ON "contact" ("company_id");',
    'CREATE TABLE "mission" ("id" INTEGER NOT NULL PRIMARY KEY, "version" INTEGER NOT NULL, "created_at" DATETIME, "updated_at" DATETIME, "kind" TEXT NOT NULL, "title" TEXT NOT NULL, "starts_on" DATE, "ends_on" DATE, "place" TEXT, "partner_country" TEXT, "organisers" TEXT, "partners" TEXT, "description" TEXT, "archived_at" DATETIME);',
    'CREATE INDEX "mission_kind" ON "mission" ("kind");',
    'CREATE INDEX "mission_starts_on" ON "mission" ("starts_on");',
    'CREATE TABLE "meeting" ("id" INTEGER NOT NULL PRIMARY KEY, "version" INTEGER NOT NULL, "created_at" DATETIME, "updated_at" DATETIME, "mission_id" INTEGER, "held_on" DATE, "subject" TEXT NOT NULL, "outcome" TEXT, FOREIGN KEY ("mission_id") REFERENCES "mission" ("id") ON DELETE SET NULL);',
    'CREATE INDEX "meeting_mission_id" ON "meeting" ("mission_id");',
    'CREATE INDEX "meeting_held_on" ON "meeting" ("held_on");',
    'CREATE TABLE "meeting_party" ("id" INTEGER NOT NULL PRIMARY KEY, "meeting_id" INTEGER NOT NULL, "company_id" INTEGER NOT NULL, FOREIGN KEY ("meeting_id") REFERENCES "meeting" ("id") ON DELETE CASCADE, FOREIGN KEY ("company_id") REFERENCES "company" ("id") ON DELETE CASCADE);',
    'CREATE INDEX "meeting_party_meeting_id" ON "meeting_party" ("meeting_id");',
    'CREATE INDEX "meeting_party_company_id" ON "meeting_party" ("company_id");',
    'CREATE UNIQUE INDEX "meeting_party_meeting_id_company_id" ON "meeting_party" ("meeting_id", "company_id");',
    'CREATE TABLE "interest" ("id" INTEGER NOT NULL PRIMARY KEY, "version" INTEGER NOT NULL, "created_at" DATETIME, "updated_at" DATETIME, "company_id" INTEGER NOT NULL, "direction" TEXT NOT NULL, "subject" TEXT NOT NULL, "okved" TEXT, "partner_geo" TEXT, "status" TEXT NOT NULL, "mission_id" INTEGER, "meeting_id" INTEGER, "source" TEXT, "opened_on" DATE, "closed_on" DATE, "notes" TEXT, FOREIGN KEY ("company_id") REFERENCES "company" ("id") ON DELETE CASCADE, FOREIGN KEY ("mission_id") REFERENCES "mission" ("id") ON DELETE SET NULL, FOREIGN KEY ("meeting_id") REFERENCES "meeting" ("id") ON DELETE SET NULL);',
    'CREATE INDEX "interest_company_id" ON "interest" ("company_id");',
    'CREATE INDEX "interest_direction" ON "interest" ("direction");',
    'CREATE INDEX "interest_status" ON "interest" ("status");',
    'CREATE INDEX "interest_mission_id" ON "interest" ("mission_id");',
    'CREATE INDEX "interest_meeting_id" ON "interest" ("meeting_id");',
    'CREATE TABLE "participation" ("id" INTEGER NOT NULL PRIMARY KEY, "version" INTEGER NOT NULL, "created_at" DATETIME, "updated_at" DATETIME, "mission_id" INTEGER NOT NULL, "company_id" INTEGER NOT NULL, "role" TEXT NOT NULL, "outcome" TEXT, FOREIGN KEY ("mission_id") REFERENCES "mission" ("id") ON DELETE CASCADE, FOREIGN KEY ("company_id") REFERENCES "company" ("id") ON DELETE CASCADE);',
    'CREATE INDEX "participation_mission_id" ON "participation" ("mission_id");',
    'CREATE INDEX "participation_company_id" ON "participation" ("company_id");',
    'CREATE UNIQUE INDEX "participation_mission_id_company_id_role" ON "participation" ("mission_id", "company_id", "role");',
    'CREATE TABLE "agreement" ("id" INTEGER NOT NULL PRIMARY KEY, "version" INTEGER NOT NULL, "created_at" DATETIME, "updated_at" DATETIME, "kind" TEXT NOT NULL, "subject" TEXT NOT NULL, "signed_on" DATE, "mission_id" INTEGER, "meeting_id" INTEGER, "status" TEXT NOT NULL, "notes" TEXT, FOREIGN KEY ("mission_id") REFERENCES "mission" ("id") ON DELETE SET NULL, FOREIGN KEY ("meeting_id") REFERENCES "meeting" ("id") ON DELETE SET NULL);',
    'CREATE INDEX "agreement_kind" ON "agreement" ("kind");',
    'CREATE INDEX "agreement_mission_id" ON "agreement" ("mission_id");',
    'CREATE INDEX "agreement_meeting_id" ON "agreement" ("meeting_id");',
    'CREATE TABLE "agreement_party" ("id" INTEGER NOT NULL PRIMARY KEY, "agreement_id" INTEGER NOT NULL, "company_id" INTEGER NOT NULL, FOREIGN KEY ("agreement_id") REFERENCES "agreement" ("id") ON DELETE CASCADE, FOREIGN KEY ("company_id") REFERENCES "company" ("id") ON DELETE CASCADE);',
    'CREATE INDEX "agreement_party_agreement_id" ON "agreement_party" ("agreement_id");',
    'CREATE INDEX "agreement_party_company_id" ON "agreement_party" ("company_id");',
    'CREATE UNIQUE INDEX "agreement_party_agreement_id_company_id" ON "agreement_party" ("agreement_id", "company_id");',
    'CREATE TABLE "activity" ("id" INTEGER NOT NULL PRIMARY KEY, "version" INTEGER NOT NULL, "created_at" DATETIME, "updated_at" DATETIME, "company_id" INTEGER NOT NULL, "mission_id" INTEGER, "kind" TEXT NOT NULL, "happened_on" DATE, "text" TEXT NOT NULL, "author" TEXT, "due_on" DATE, "done" INTEGER NOT NULL, FOREIGN KEY ("company_id") REFERENCES "company" ("id") ON DELETE CASCADE, FOREIGN KEY ("mission_id") REFERENCES "mission" ("id") ON DELETE SET NULL);',
    'CREATE INDEX "activity_company_id" ON "activity" ("company_id");',
    'CREATE INDEX "activity_mission_id" ON "activity" ("mission_id");',
    'CREATE INDEX "activity_happened_on" ON "activity" ("happened_on");',
    'CREATE INDEX "activity_due_on" ON "activity" ("due_on");',
    'CREATE TABLE "import_batch" ("id" INTEGER NOT NULL PRIMARY KEY, "file_name" TEXT NOT NULL, "checksum" TEXT NOT NULL, "user" TEXT NOT NULL, "started_at" DATETIME NOT NULL, "finished_at" DATETIME, "rows_read" INTEGER NOT NULL, "created" INTEGER NOT NULL, "updated" INTEGER NOT NULL, "merged" INTEGER NOT NULL, "unchanged" INTEGER NOT NULL, "rejected" INTEGER NOT NULL, "undone_at" DATETIME);',
    'CREATE TABLE "change_log" ("id" INTEGER NOT NULL PRIMARY KEY, "at" DATETIME NOT NULL, "user" TEXT NOT NULL, "table" TEXT NOT NULL, "row_id" INTEGER NOT NULL, "action" TEXT NOT NULL, "field" TEXT, "old" TEXT, "new" TEXT, "batch_id" INTEGER, FOREIGN KEY ("batch_id") REFERENCES "import_batch" ("id") ON DELETE SET NULL);',
    'CREATE INDEX "change_log_at" ON "change_log" ("at");',
    'CREATE INDEX "change_log_batch_id" ON "change_log" ("batch_id");',
    'CREATE INDEX "change_log_table_row_id" ON "change_log" ("table", "row_id");',
    # One row per company; rowid is the company id. The text is folded and stemmed in Python
    # (models.textnorm), so the tokenizer only has to split on spaces.
    "CREATE VIRTUAL TABLE search_index USING fts5("
    "name, ident, place, body, tokenize = 'unicode61 remove_diacritics 0')",
)


# The same schema on PostgreSQL, generated once from the models by peewee's PostgresqlDatabase
# schema manager (SERIAL ids, BOOLEAN, TIMESTAMP). Text compares byte by byte (COLLATE "C") as it
# does in SQLite, whatever the server's locale: the same order and the same equality on both.
POSTGRES_STATEMENTS = (
    'CREATE TABLE "company" ("id" SERIAL NOT NULL PRIMARY KEY, "version" INTEGER NOT NULL, "created_at" TIMESTAMP, "updated_at" TIMESTAMP, "short_name" TEXT COLLATE "C" NOT NULL, "full_name" TEXT COLLATE "C", "legal_form" TEXT COLLATE "C", "sort_name" TEXT COLLATE "C" NOT NULL, "inn" TEXT COLLATE "C", "kpp" TEXT COLLATE "C", "ogrn" TEXT COLLATE "C", "unp" TEXT COLLATE "C", "country" TEXT COLLATE "C" NOT NULL, "region" TEXT COLLATE "C", "city" TEXT COLLATE "C", "address" TEXT COLLATE "C", "phones" TEXT COLLATE "C", "emails" TEXT COLLATE "C", "website" TEXT COLLATE "C", "okved" TEXT COLLATE "C", "industry" TEXT COLLATE "C", "member_number" TEXT COLLATE "C", "member_status" TEXT COLLATE "C", "member_since" DATE, "dues_paid_until" DATE, "tags" TEXT COLLATE "C", "notes" TEXT COLLATE "C", "archived_at" TIMESTAMP, "merged_into_id" INTEGER, FOREIGN KEY ("merged_into_id") REFERENCES "company" ("id") ON DELETE SET NULL)',
    'CREATE INDEX "company_sort_name" ON "company" ("sort_name")',
    'CREATE UNIQUE INDEX "company_inn" ON "company" ("inn")',
    'CREATE INDEX "company_ogrn" ON "company" ("ogrn")',
    'CREATE INDEX "company_unp" ON "company" ("unp")',
    'CREATE INDEX "company_city" ON "company" ("city")',
    'CREATE INDEX "company_okved" ON "company" ("okved")',
    'CREATE INDEX "company_member_status" ON "company" ("member_status")',
    'CREATE INDEX "company_archived_at" ON "company" ("archived_at")',
    'CREATE INDEX "company_merged_into_id" ON "company" ("merged_into_id")',
    'CREATE TABLE "contact" ("id" SERIAL NOT NULL PRIMARY KEY, "version" INTEGER NOT NULL, "created_at" TIMESTAMP, "updated_at" TIMESTAMP, "company_id" INTEGER NOT NULL, "name" TEXT COLLATE "C" NOT NULL, "position" TEXT COLLATE "C", "phones" TEXT COLLATE "C", "emails" TEXT COLLATE "C", "is_primary" BOOLEAN NOT NULL, "notes" TEXT COLLATE "C", "archived_at" TIMESTAMP, FOREIGN KEY ("company_id") REFERENCES "company" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "contact_company_id" ON "contact" ("company_id")',
    'CREATE TABLE "mission" ("id" SERIAL NOT NULL PRIMARY KEY, "version" INTEGER NOT NULL, "created_at" TIMESTAMP, "updated_at" TIMESTAMP, "kind" TEXT COLLATE "C" NOT NULL, "title" TEXT COLLATE "C" NOT NULL, "starts_on" DATE, "ends_on" DATE, "place" TEXT COLLATE "C", "partner_country" TEXT COLLATE "C", "organisers" TEXT COLLATE "C", "partners" TEXT COLLATE "C", "description" TEXT COLLATE "C", "archived_at" TIMESTAMP)',
    'CREATE INDEX "mission_kind" ON "mission" ("kind")',
    'CREATE INDEX "mission_starts_on" ON "mission" ("starts_on")',
    'CREATE TABLE "meeting" ("id" SERIAL NOT NULL PRIMARY KEY, "version" INTEGER NOT NULL, "created_at" TIMESTAMP, "updated_at" TIMESTAMP, "mission_id" INTEGER, "held_on" DATE, "subject" TEXT COLLATE "C" NOT NULL, "outcome" TEXT COLLATE "C", FOREIGN KEY ("mission_id") REFERENCES "mission" ("id") ON DELETE SET NULL)',
    'CREATE INDEX "meeting_mission_id" ON "meeting" ("mission_id")',
    'CREATE INDEX "meeting_held_on" ON "meeting" ("held_on")',
    'CREATE TABLE "meeting_party" ("id" SERIAL NOT NULL PRIMARY KEY, "meeting_id" INTEGER NOT NULL, "company_id" INTEGER NOT NULL, FOREIGN KEY ("meeting_id") REFERENCES "meeting" ("id") ON DELETE CASCADE, FOREIGN KEY ("company_id") REFERENCES "company" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "meeting_party_meeting_id" ON "meeting_party" ("meeting_id")',
    'CREATE INDEX "meeting_party_company_id" ON "meeting_party" ("company_id")',
    'CREATE UNIQUE INDEX "meeting_party_meeting_id_company_id" ON "meeting_party" ("meeting_id", "company_id")',
    'CREATE TABLE "interest" ("id" SERIAL NOT NULL PRIMARY KEY, "version" INTEGER NOT NULL, "created_at" TIMESTAMP, "updated_at" TIMESTAMP, "company_id" INTEGER NOT NULL, "direction" TEXT COLLATE "C" NOT NULL, "subject" TEXT COLLATE "C" NOT NULL, "okved" TEXT COLLATE "C", "partner_geo" TEXT COLLATE "C", "status" TEXT COLLATE "C" NOT NULL, "mission_id" INTEGER, "meeting_id" INTEGER, "source" TEXT COLLATE "C", "opened_on" DATE, "closed_on" DATE, "notes" TEXT COLLATE "C", FOREIGN KEY ("company_id") REFERENCES "company" ("id") ON DELETE CASCADE, FOREIGN KEY ("mission_id") REFERENCES "mission" ("id") ON DELETE SET NULL, FOREIGN KEY ("meeting_id") REFERENCES "meeting" ("id") ON DELETE SET NULL)',
    'CREATE INDEX "interest_company_id" ON "interest" ("company_id")',
    'CREATE INDEX "interest_direction" ON "interest" ("direction")',
    'CREATE INDEX "interest_status" ON "interest" ("status")',
    'CREATE INDEX "interest_mission_id" ON "interest" ("mission_id")',
    'CREATE INDEX "interest_meeting_id" ON "interest" ("meeting_id")',
    'CREATE TABLE "participation" ("id" SERIAL NOT NULL PRIMARY KEY, "version" INTEGER NOT NULL, "created_at" TIMESTAMP, "updated_at" TIMESTAMP, "mission_id" INTEGER NOT NULL, "company_id" INTEGER NOT NULL, "role" TEXT COLLATE "C" NOT NULL, "outcome" TEXT COLLATE "C", FOREIGN KEY ("mission_id") REFERENCES "mission" ("id") ON DELETE CASCADE, FOREIGN KEY ("company_id") REFERENCES "company" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "participation_mission_id" ON "participation" ("mission_id")',
    'CREATE INDEX "participation_company_id" ON "participation" ("company_id")',
    'CREATE UNIQUE INDEX "participation_mission_id_company_id_role" ON "participation" ("mission_id", "company_id", "role")',
    'CREATE TABLE "agreement" ("id" SERIAL NOT NULL PRIMARY KEY, "version" INTEGER NOT NULL, "created_at" TIMESTAMP, "updated_at" TIMESTAMP, "kind" TEXT COLLATE "C" NOT NULL, "subject" TEXT COLLATE "C" NOT NULL, "signed_on" DATE, "mission_id" INTEGER, "meeting_id" INTEGER, "status" TEXT COLLATE "C" NOT NULL, "notes" TEXT COLLATE "C", FOREIGN KEY ("mission_id") REFERENCES "mission" ("id") ON DELETE SET NULL, FOREIGN KEY ("meeting_id") REFERENCES "meeting" ("id") ON DELETE SET NULL)',
    'CREATE INDEX "agreement_kind" ON "agreement" ("kind")',
    'CREATE INDEX "agreement_mission_id" ON "agreement" ("mission_id")',
    'CREATE INDEX "agreement_meeting_id" ON "agreement" ("meeting_id")',
    'CREATE TABLE "agreement_party" ("id" SERIAL NOT NULL PRIMARY KEY, "agreement_id" INTEGER NOT NULL, "company_id" INTEGER NOT NULL, FOREIGN KEY ("agreement_id") REFERENCES "agreement" ("id") ON DELETE CASCADE, FOREIGN KEY ("company_id") REFERENCES "company" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "agreement_party_agreement_id" ON "agreement_party" ("agreement_id")',
    'CREATE INDEX "agreement_party_company_id" ON "agreement_party" ("company_id")',
    'CREATE UNIQUE INDEX "agreement_party_agreement_id_company_id" ON "agreement_party" ("agreement_id", "company_id")',
    'CREATE TABLE "activity" ("id" SERIAL NOT NULL PRIMARY KEY, "version" INTEGER NOT NULL, "created_at" TIMESTAMP, "updated_at" TIMESTAMP, "company_id" INTEGER NOT NULL, "mission_id" INTEGER, "kind" TEXT COLLATE "C" NOT NULL, "happened_on" DATE, "text" TEXT COLLATE "C" NOT NULL, "author" TEXT COLLATE "C", "due_on" DATE, "done" BOOLEAN NOT NULL, FOREIGN KEY ("company_id") REFERENCES "company" ("id") ON DELETE CASCADE, FOREIGN KEY ("mission_id") REFERENCES "mission" ("id") ON DELETE SET NULL)',
    'CREATE INDEX "activity_company_id" ON "activity" ("company_id")',
    'CREATE INDEX "activity_mission_id" ON "activity" ("mission_id")',
    'CREATE INDEX "activity_happened_on" ON "activity" ("happened_on")',
    'CREATE INDEX "activity_due_on" ON "activity" ("due_on")',
    'CREATE TABLE "import_batch" ("id" SERIAL NOT NULL PRIMARY KEY, "file_name" TEXT COLLATE "C" NOT NULL, "checksum" TEXT COLLATE "C" NOT NULL, "user" TEXT COLLATE "C" NOT NULL, "started_at" TIMESTAMP NOT NULL, "finished_at" TIMESTAMP, "rows_read" INTEGER NOT NULL, "created" INTEGER NOT NULL, "updated" INTEGER NOT NULL, "merged" INTEGER NOT NULL, "unchanged" INTEGER NOT NULL, "rejected" INTEGER NOT NULL, "undone_at" TIMESTAMP)',
    'CREATE TABLE "change_log" ("id" SERIAL NOT NULL PRIMARY KEY, "at" TIMESTAMP NOT NULL, "user" TEXT COLLATE "C" NOT NULL, "table" TEXT COLLATE "C" NOT NULL, "row_id" INTEGER NOT NULL, "action" TEXT COLLATE "C" NOT NULL, "field" TEXT COLLATE "C", "old" TEXT COLLATE "C", "new" TEXT COLLATE "C", "batch_id" INTEGER, FOREIGN KEY ("batch_id") REFERENCES "import_batch" ("id") ON DELETE SET NULL)',
    'CREATE INDEX "change_log_at" ON "change_log" ("at")',
    'CREATE INDEX "change_log_batch_id" ON "change_log" ("batch_id")',
    'CREATE INDEX "change_log_table_row_id" ON "change_log" ("table", "row_id")',
    # One row per company, `rowid` the company id as in SQLite's FTS5 table (so the joins on
    # search_index.rowid are the same SQL on both). The text is folded and stemmed in Python;
    # 'simple' only splits it into words. Weights A-D rank name, ident, place, body as bm25's.
    'CREATE TABLE search_index (rowid INTEGER PRIMARY KEY, name TEXT COLLATE "C", ident TEXT COLLATE "C", '
    'place TEXT COLLATE "C", body TEXT COLLATE "C", tsv tsvector GENERATED ALWAYS AS ('
    "setweight(to_tsvector('simple', coalesce(name, '')), 'A') || "
    "setweight(to_tsvector('simple', coalesce(ident, '')), 'B') || "
    "setweight(to_tsvector('simple', coalesce(place, '')), 'C') || "
    "setweight(to_tsvector('simple', coalesce(body, '')), 'D')) STORED)",
    'CREATE INDEX search_index_tsv ON search_index USING GIN (tsv)',
    # SQLite's unary plus (`+c.archived_at`) is how a query tells SQLite's planner not to use an
    # index on a column; PostgreSQL has no unary plus for text, dates or timestamps. The identity
    # operators below let the same SQL run on both.
    "CREATE FUNCTION palata_same(text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT $1'",
    "CREATE FUNCTION palata_same(timestamp) RETURNS timestamp LANGUAGE sql IMMUTABLE AS 'SELECT $1'",
    "CREATE FUNCTION palata_same(date) RETURNS date LANGUAGE sql IMMUTABLE AS 'SELECT $1'",
    "CREATE OPERATOR + (RIGHTARG = text, FUNCTION = palata_same)",
    "CREATE OPERATOR + (RIGHTARG = timestamp, FUNCTION = palata_same)",
    "CREATE OPERATOR + (RIGHTARG = date, FUNCTION = palata_same)",
)


def _postgres(db) -> bool:
    from models.backend import POSTGRES, of

    return of(db) is POSTGRES


def up(migrator, db):
    for statement in POSTGRES_STATEMENTS if _postgres(db) else STATEMENTS:
        db.execute_sql(statement)


def down(migrator, db):
    for table in ("search_index", "change_log", "import_batch", "activity", "agreement_party",
                  "agreement", "participation", "interest", "meeting_party", "meeting",
                  "mission", "contact", "company"):
        db.execute_sql(f'DROP TABLE IF EXISTS "{table}"')
    if _postgres(db):
        for kind in ("text", "timestamp", "date"):
            db.execute_sql(f"DROP OPERATOR IF EXISTS + (NONE, {kind})")
            db.execute_sql(f"DROP FUNCTION IF EXISTS palata_same({kind})")
