"""Indexes for lookups that grew common: membership numbers, and open interests by direction
(matching buyers with sellers)."""


def up(migrator, db):
    db.execute_sql('CREATE INDEX "company_member_number" ON "company" ("member_number")')
    db.execute_sql('CREATE INDEX "interest_status_direction" ON "interest" ("status", "direction")')


def down(migrator, db):
    for name in ("company_member_number", "interest_status_direction"):
        db.execute_sql(f'DROP INDEX IF EXISTS "{name}"')
