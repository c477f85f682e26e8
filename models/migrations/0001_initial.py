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


def up(migrator, db):
    for statement in STATEMENTS:
        db.execute_sql(statement)


def down(migrator, db):
    for table in ("search_index", "change_log", "import_batch", "activity", "agreement_party",
                  "agreement", "participation", "interest", "meeting_party", "meeting",
                  "mission", "contact", "company"):
        db.execute_sql(f'DROP TABLE IF EXISTS "{table}"')
