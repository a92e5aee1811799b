"""The FTS5 table behind the queue's name search on SQLite (`kring.intake.search`).

An external-content FTS5 table with the trigram tokenizer over the two name columns of
`intake_request`, kept in step by triggers. Made after every migrate rather than in a
migration: SQLite rebuilds a table on most schema changes and drops its triggers with it.
"""

from __future__ import annotations

from django.db.backends.base.base import BaseDatabaseWrapper

SQLITE_TABLE = "intake_request_search"
_STATEMENTS = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS intake_request_search USING fts5("
    "main_person_names, requester_name, content='intake_request', content_rowid='id', "
    "tokenize='trigram')",
    "CREATE TRIGGER IF NOT EXISTS intake_request_search_ai AFTER INSERT ON intake_request BEGIN "
    "INSERT INTO intake_request_search(rowid, main_person_names, requester_name) "
    "VALUES (new.id, new.main_person_names, new.requester_name); END",
    "CREATE TRIGGER IF NOT EXISTS intake_request_search_ad AFTER DELETE ON intake_request BEGIN "
    "INSERT INTO intake_request_search(intake_request_search, rowid, main_person_names, "
    "requester_name) "
    "VALUES ('delete', old.id, old.main_person_names, old.requester_name); END",
    "CREATE TRIGGER IF NOT EXISTS intake_request_search_au AFTER UPDATE OF main_person_names, "
    "requester_name ON intake_request BEGIN "
    "INSERT INTO intake_request_search(intake_request_search, rowid, main_person_names, "
    "requester_name) "
    "VALUES ('delete', old.id, old.main_person_names, old.requester_name); "
    "INSERT INTO intake_request_search(rowid, main_person_names, requester_name) "
    "VALUES (new.id, new.main_person_names, new.requester_name); END",
]


def ensure_sqlite_search(db: BaseDatabaseWrapper) -> bool:
    """Make the FTS5 table and its triggers on SQLite when one is missing, and fill it from
    the requests already there; True when it did. Run after every migrate: SQLite rebuilds a
    table on most schema changes and drops its triggers with the old one."""
    if db.vendor != "sqlite":
        return False
    with db.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM sqlite_master WHERE name IN (%s, %s, %s, %s)",
            [SQLITE_TABLE, f"{SQLITE_TABLE}_ai", f"{SQLITE_TABLE}_ad", f"{SQLITE_TABLE}_au"],
        )
        if cursor.fetchone()[0] == 4:
            return False
        for sql in _STATEMENTS:
            cursor.execute(sql)
        cursor.execute(
            "INSERT INTO intake_request_search(intake_request_search) VALUES ('rebuild')"
        )
    return True
