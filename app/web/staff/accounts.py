"""Staff accounts and signed-in sessions.

Passwords are hashed with argon2id (`argon2-cffi`'s defaults) and never logged or stored in
any other form. A session is a random token in a cookie; the database keeps only its SHA-256,
so reading the database does not give anyone a way in. Signing in always makes a new session
(and ends the one the browser had), which defeats session fixation.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Callable, Optional

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from . import audit
from .errors import AccountError
from .tables import ROLES, StaffSession, User

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
#: The longest address there is (RFC 5321), and the width of every email column.
MAX_EMAIL = 254
MIN_PASSWORD = 12
MAX_PASSWORD = 1024
SESSION_HOURS = 12


def utcnow() -> datetime:
    """The time in UTC without a zone (what SQLite gives back, so comparisons agree)."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class SignedIn:
    """The person behind a request: their account and their session's CSRF token."""

    user_id: int
    email: str
    role: str
    csrf_token: str
    session_id: str


class Accounts:
    """Create accounts, check passwords, start and end sessions."""

    def __init__(self, engine: Engine, now: Callable[[], datetime] = utcnow, hasher: Optional[PasswordHasher] = None):
        self.engine = engine
        self.now = now
        self.hasher = hasher or PasswordHasher()
        # Checked against when the email is unknown, so both cases take the same time.
        self._dummy_hash = self.hasher.hash(secrets.token_hex(16))

    def add_user(self, email: str, role: str, password: str, actor: str = "command line") -> User:
        """Create an account; `AccountError` says what is wrong with the email, role or password."""
        email = email.strip().lower()
        if len(email) > MAX_EMAIL:
            raise AccountError(f"email: use at most {MAX_EMAIL} characters")
        if not EMAIL.match(email):
            raise AccountError(f"email: '{email}' is not an email address")
        if role not in ROLES:
            raise AccountError(f"role: '{role}' is not one of {', '.join(ROLES)}")
        if len(password) < MIN_PASSWORD:
            raise AccountError(f"password: use at least {MIN_PASSWORD} characters")
        if len(password) > MAX_PASSWORD:
            raise AccountError(f"password: use at most {MAX_PASSWORD} characters")
        user = User(email=email, role=role, password_hash=self.hasher.hash(password), created_at=self.now())
        try:
            with Session(self.engine, expire_on_commit=False) as db, db.begin():
                db.add(user)
                audit.append(db, self.now(), actor, "user added", detail=f"{email} as {role}")
        except IntegrityError:
            raise AccountError(f"email: there is already an account for {email}") from None
        return user

    def users(self) -> list[User]:
        with Session(self.engine, expire_on_commit=False) as db:
            return list(db.scalars(select(User).order_by(User.email)))

    def check_password(self, email: str, password: str) -> Optional[User]:
        """The account when the password is right, else None (same work either way)."""
        email = email.strip().lower()
        with Session(self.engine, expire_on_commit=False) as db:
            user = db.scalar(select(User).where(User.email == email))
        if len(password) > MAX_PASSWORD:
            return None
        try:
            self.hasher.verify(user.password_hash if user else self._dummy_hash, password)
        except (VerificationError, InvalidHashError):
            return None
        return user

    def start_session(self, user: User, replaces: Optional[str] = None) -> tuple[str, SignedIn]:
        """A fresh session (new random id) for `user`; the browser's old one, if any, ends."""
        token = secrets.token_urlsafe(32)
        now = self.now()
        row = StaffSession(id=token_hash(token), user_id=user.id, csrf_token=secrets.token_urlsafe(32),
                           created_at=now, expires_at=now + timedelta(hours=SESSION_HOURS))
        with Session(self.engine, expire_on_commit=False) as db, db.begin():
            if replaces:
                db.execute(delete(StaffSession).where(StaffSession.id == token_hash(replaces)))
            db.execute(delete(StaffSession).where(StaffSession.expires_at <= now))
            db.add(row)
            audit.append(db, now, user.email, "signed in")
        return token, SignedIn(user.id, user.email, user.role, row.csrf_token, row.id)

    def signed_in(self, token: Optional[str]) -> Optional[SignedIn]:
        """Who holds this session cookie, or None when it is unknown or expired."""
        if not token or len(token) > 200:
            return None
        with Session(self.engine, expire_on_commit=False) as db:
            found = db.execute(select(StaffSession, User).join(User, User.id == StaffSession.user_id)
                               .where(StaffSession.id == token_hash(token))).first()
        if found is None:
            return None
        session, user = found
        if session.expires_at <= self.now():
            return None
        return SignedIn(user.id, user.email, user.role, session.csrf_token, session.id)

    def end_session(self, who: SignedIn) -> None:
        with Session(self.engine, expire_on_commit=False) as db, db.begin():
            db.execute(delete(StaffSession).where(StaffSession.id == who.session_id))
            audit.append(db, self.now(), who.email, "signed out")

    def end_every_session(self, who: SignedIn) -> int:
        """Sign the person out on every browser (a lost laptop, a shared computer)."""
        with Session(self.engine, expire_on_commit=False) as db, db.begin():
            gone = db.execute(delete(StaffSession).where(StaffSession.user_id == who.user_id)).rowcount
            audit.append(db, self.now(), who.email, "signed out everywhere", detail=f"{gone} session(s) ended")
        return gone

    def record_failed_sign_in(self, email: str, why: str) -> None:
        """Audit a refused sign-in (the email as typed, never the password)."""
        with Session(self.engine, expire_on_commit=False) as db, db.begin():
            audit.append(db, self.now(), email.strip().lower()[:MAX_EMAIL] or "(blank)", "sign-in refused", detail=why)
