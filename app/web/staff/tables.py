"""The staff editor's SQL tables (SQLAlchemy 2): accounts, sessions, rule versions, audit log.

SQLite in the data directory by default, PostgreSQL when `AEGIS_DATABASE_URL` names one. The
schema is created on first start (`create_all`); there is nothing to migrate yet.

Sessions store only a SHA-256 of the cookie value, so a copy of the database does not let
anyone sign in as staff. The audit log is append-only: the repository has no update or
delete for it, no route writes to it except by appending, and database triggers refuse
UPDATE and DELETE outright (SQLite; PostgreSQL also TRUNCATE). tests/web/staff/test_postgres.py
runs against a throwaway PostgreSQL server.

The two databases must behave alike. What PostgreSQL is stricter about is handled here or at
the input: text columns replace a NUL character (which PostgreSQL text cannot hold, even in a
query parameter) with U+FFFD on the way in, on both databases; string lengths are checked
before saving (SQLite ignores VARCHAR lengths, PostgreSQL refuses); ids are 32-bit INTEGER on
PostgreSQL, so ids from a URL are range-checked first (`versions.MAX_ID`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import (DDL, Engine, ForeignKey, Index, Integer, String, Text, TypeDecorator, UniqueConstraint,
                        create_engine, event, text)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.pool import StaticPool

ROLES = ("editor", "reviewer", "admin")
DRAFT = "draft"
PUBLISHED = "published"


class _NoNul:
    """Bound strings with NUL replaced by U+FFFD: PostgreSQL refuses NUL in text (a stray one in a
    pasted note or a typed email would otherwise be a server error there, and stored on SQLite)."""

    def process_bind_param(self, value, dialect):
        return value.replace("\x00", "\ufffd") if isinstance(value, str) else value


class Chars(_NoNul, TypeDecorator):
    """VARCHAR(n) without NUL."""

    impl = String
    cache_ok = True  # (SQLAlchemy reads it from the class itself, not a mixin)


class LongText(_NoNul, TypeDecorator):
    """TEXT without NUL."""

    impl = Text
    cache_ok = True


class Base(DeclarativeBase):
    """Root of the staff tables."""


class User(Base):
    """A staff account; `role` is one of `ROLES`."""

    __tablename__ = "staff_users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(Chars(254), unique=True)
    role: Mapped[str] = mapped_column(Chars(16))
    password_hash: Mapped[str] = mapped_column(Chars(255))
    created_at: Mapped[datetime]


class StaffSession(Base):
    """A signed-in browser. `id` is the SHA-256 of the cookie value, never the value itself."""

    __tablename__ = "staff_sessions"

    id: Mapped[str] = mapped_column(Chars(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(Chars(64))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]


class RuleVersion(Base):
    """One saved text of a state's rules and cases.

    Versions are never changed after saving except to record publication. The public rules of
    a state are its published version with the highest `published_seq`; the poll that keeps
    every instance current reads only `max(published_seq)`. A state's history is one line: each
    version names the one it was based on (unique), and only the first has none.
    """

    __tablename__ = "rule_versions"
    __table_args__ = (UniqueConstraint("published_seq"), UniqueConstraint("base_version_id"), Index("ix_rule_versions_state", "state", "id"),
                      # One first version per state: two instances seeding at once, or two imports of a
                      # state new to the database, cannot both start its history.
                      Index("uq_rule_versions_first", "state", unique=True, sqlite_where=text("base_version_id IS NULL"),
                            postgresql_where=text("base_version_id IS NULL")))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    state: Mapped[str] = mapped_column(Chars(2))
    rules_text: Mapped[str] = mapped_column(LongText)
    cases_text: Mapped[str] = mapped_column(LongText)
    status: Mapped[str] = mapped_column(Chars(16))
    base_version_id: Mapped[Optional[int]] = mapped_column(Integer, nullable=True)
    author: Mapped[str] = mapped_column(Chars(254))
    reviewer: Mapped[Optional[str]] = mapped_column(Chars(254), nullable=True)
    note: Mapped[str] = mapped_column(LongText)
    created_at: Mapped[datetime]
    published_at: Mapped[Optional[datetime]] = mapped_column(nullable=True)
    published_seq: Mapped[Optional[int]] = mapped_column(Integer, nullable=True)


class AuditEntry(Base):
    """Who did what, when. Appended, never edited."""

    __tablename__ = "staff_audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(Chars(254))
    action: Mapped[str] = mapped_column(Chars(40))
    state: Mapped[Optional[str]] = mapped_column(Chars(2), nullable=True)
    version_id: Mapped[Optional[int]] = mapped_column(Integer, nullable=True)
    detail: Mapped[str] = mapped_column(LongText, default="")


_SQLITE_APPEND_ONLY = [
    DDL("CREATE TRIGGER IF NOT EXISTS staff_audit_no_update BEFORE UPDATE ON staff_audit "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"),
    DDL("CREATE TRIGGER IF NOT EXISTS staff_audit_no_delete BEFORE DELETE ON staff_audit "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"),
]
_POSTGRESQL_APPEND_ONLY = [
    DDL("CREATE OR REPLACE FUNCTION staff_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS "
        "$fn$ BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $fn$"),
    DDL("CREATE TRIGGER staff_audit_no_change BEFORE UPDATE OR DELETE OR TRUNCATE ON staff_audit "
        "FOR EACH STATEMENT EXECUTE FUNCTION staff_audit_append_only()"),
]
for _ddl in _SQLITE_APPEND_ONLY:
    event.listen(AuditEntry.__table__, "after_create", _ddl.execute_if(dialect="sqlite"))
for _ddl in _POSTGRESQL_APPEND_ONLY:
    event.listen(AuditEntry.__table__, "after_create", _ddl.execute_if(dialect="postgresql"))


#: The PostgreSQL advisory lock taken while creating the schema (any fixed 64-bit number).
SCHEMA_LOCK = 0x4AE615


def open_database(url: str) -> Engine:
    """Connect and create the tables when missing. SQLite gets its directory made and a busy
    timeout so that two instances sharing one file wait for each other instead of failing;
    PostgreSQL URLs get the psycopg driver (`with_driver`) and a lock around creating the schema."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            from pathlib import Path

            Path(path).parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(url, connect_args={"timeout": 15, "check_same_thread": False})
        else:
            engine = create_engine(url, connect_args={"check_same_thread": False}, poolclass=StaticPool)

        @event.listens_for(engine, "connect")
        def _foreign_keys(dbapi_connection, _record) -> None:
            dbapi_connection.execute("PRAGMA foreign_keys=ON")

        Base.metadata.create_all(engine)
        return engine
    engine = create_engine(with_driver(url), pool_pre_ping=True)
    if engine.dialect.name == "postgresql":
        # Several instances may start at once on an empty database; without the lock both see
        # no tables and the second CREATE fails. PostgreSQL DDL is transactional, so the second
        # waits here and then finds the tables (and the trigger) made.
        with engine.begin() as conn:
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK})
            Base.metadata.create_all(conn)
    else:
        Base.metadata.create_all(engine)
    return engine


def with_driver(url: str) -> str:
    """`postgresql://` (and the older `postgres://`) with the driver Aegis installs, psycopg 3.

    SQLAlchemy reads a URL without a driver as the dialect's default, which for PostgreSQL is
    psycopg2 before SQLAlchemy 2.1 (and `postgres://` it does not know at all); Aegis depends on
    `psycopg[binary]` only, so the URL an operator copies from their provider would otherwise fail
    with "No module named psycopg2". A URL that names a driver is used as given."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url
