"""The staff editor's SQL tables (SQLAlchemy 2): accounts, sessions, rule versions, audit log.

SQLite in the data directory by default, PostgreSQL when `AEGIS_DATABASE_URL` names one. The
schema is created on first start (`create_all`); there is nothing to migrate yet.

Sessions store only a SHA-256 of the cookie value, so a copy of the database does not let
anyone sign in as staff. The audit log is append-only: the repository has no update or
delete for it, no route writes to it except by appending, and database triggers refuse
UPDATE and DELETE outright (SQLite and PostgreSQL; the PostgreSQL one is not covered by the tests).
"""

from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import (DDL, Engine, ForeignKey, Index, Integer, String, Text, UniqueConstraint, create_engine,
                        event)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.pool import StaticPool

ROLES = ("editor", "reviewer", "admin")
DRAFT = "draft"
PUBLISHED = "published"


class Base(DeclarativeBase):
    """Root of the staff tables."""


class User(Base):
    """A staff account; `role` is one of `ROLES`."""

    __tablename__ = "staff_users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime]


class StaffSession(Base):
    """A signed-in browser. `id` is the SHA-256 of the cookie value, never the value itself."""

    __tablename__ = "staff_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]


class RuleVersion(Base):
    """One saved text of a state's rules and cases.

    Versions are never changed after saving except to record publication. The public rules of
    a state are its published version with the highest `published_seq`; the poll that keeps
    every instance current reads only `max(published_seq)`.
    """

    __tablename__ = "rule_versions"
    __table_args__ = (UniqueConstraint("published_seq"), UniqueConstraint("base_version_id"), Index("ix_rule_versions_state", "state", "id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    state: Mapped[str] = mapped_column(String(2))
    rules_text: Mapped[str] = mapped_column(Text)
    cases_text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    base_version_id: Mapped[Optional[int]] = mapped_column(Integer, nullable=True)
    author: Mapped[str] = mapped_column(String(254))
    reviewer: Mapped[Optional[str]] = mapped_column(String(254), nullable=True)
    note: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]
    published_at: Mapped[Optional[datetime]] = mapped_column(nullable=True)
    published_seq: Mapped[Optional[int]] = mapped_column(Integer, nullable=True)


class AuditEntry(Base):
    """Who did what, when. Appended, never edited."""

    __tablename__ = "staff_audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(254))
    action: Mapped[str] = mapped_column(String(40))
    state: Mapped[Optional[str]] = mapped_column(String(2), nullable=True)
    version_id: Mapped[Optional[int]] = mapped_column(Integer, nullable=True)
    detail: Mapped[str] = mapped_column(Text, default="")


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


def open_database(url: str) -> Engine:
    """Connect and create the tables when missing. SQLite gets its directory made and a busy
    timeout so that two instances sharing one file wait for each other instead of failing."""
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
    else:
        engine = create_engine(url, pool_pre_ping=True)
    Base.metadata.create_all(engine)
    return engine
