"""`aegis users …` and `aegis rules export|import`: the staff editor's command-line side.

Accounts are made here, not on the web, so the first administrator never needs a default
password. Export writes the published versions back to YAML files for sharing upstream;
import loads files as drafts (never published: a reviewer still publishes them on the web).
The database is the one the web app uses (`AEGIS_DATABASE_URL`, else `var/aegis.db`).
"""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

from app.engine.rules import STATE_CODES
from app.web.settings import Settings
from app.web.staff.accounts import Accounts
from app.web.staff.books import base_book
from app.web.staff.checking import check_draft
from app.web.staff.errors import StaffError
from app.web.staff.tables import ROLES, open_database
from app.web.staff.versions import Versions


def _settings(args) -> Settings:
    overrides = {"rules_dir": Path(args.rules)} if getattr(args, "rules", None) else {}
    return Settings.from_env(**overrides)


def _password(args, usage_error) -> str:
    if args.password_stdin:
        line = sys.stdin.readline()
        return line[:-1] if line.endswith("\n") else line
    first = getpass.getpass("Password (at least 12 characters): ")
    if getpass.getpass("Same password again: ") != first:
        raise usage_error("password: the two passwords differ")
    return first


def cmd_users_add(args, usage_error, _book_for) -> int:
    accounts = Accounts(open_database(_settings(args).database))
    try:
        user = accounts.add_user(args.email, args.role, _password(args, usage_error))
    except StaffError as exc:
        raise usage_error(str(exc)) from None
    print(f"added {user.email} as {user.role}")
    return 0


def cmd_users_list(args, usage_error, _book_for) -> int:
    for user in Accounts(open_database(_settings(args).database)).users():
        print(f"{user.email}\t{user.role}\tsince {user.created_at:%Y-%m-%d}")
    return 0


def _versions(settings: Settings) -> Versions:
    versions = Versions(open_database(settings.database))
    versions.seed(settings.rules_dir)
    return versions


def _write(path: Path, text: str) -> None:
    part = path.with_name(path.name + ".part")
    part.write_text(text, encoding="utf-8")
    part.replace(path)


def cmd_rules_export(args, usage_error, _book_for) -> int:
    """Write every state's published rules and cases as `<st>.yaml` and `<st>.cases.yaml`."""
    versions = _versions(_settings(args))
    out = Path(args.dir)
    out.mkdir(parents=True, exist_ok=True)
    current = versions.current_ids()
    for row in versions.many(list(current.values())):
        _write(out / f"{row.state.lower()}.yaml", row.rules_text)
        if row.cases_text:
            _write(out / f"{row.state.lower()}.cases.yaml", row.cases_text)
    print(f"wrote {len(current)} published state(s) to {out}")
    return 0


def cmd_rules_import(args, usage_error, _book_for) -> int:
    """Load `<st>.yaml` (+ `<st>.cases.yaml`) files as drafts, each checked like a web save."""
    settings = _settings(args)
    versions = _versions(settings)
    accounts = Accounts(open_database(settings.database))
    author = args.author.strip().lower()
    if author not in {u.email for u in accounts.users()}:
        raise usage_error(f"--author: there is no account for {author} (add it with `aegis users add`)")
    folder = Path(args.dir)
    if not folder.is_dir():
        raise usage_error(f"{folder}: not a directory")
    files = sorted(p for p in folder.glob("*.yaml") if not p.name.endswith(".cases.yaml"))
    if not files:
        raise usage_error(f"{folder}: no <st>.yaml files")
    book = base_book(settings.rules_dir)
    status = 0
    for path in files:
        code = path.stem.upper()
        if code not in STATE_CODES:
            print(f"{path}: skipped ('{path.stem}' is not a state code)", file=sys.stderr)
            status = 1
            continue
        cases_path = path.with_name(f"{path.stem}.cases.yaml")
        rules_text = path.read_text(encoding="utf-8")
        cases_text = cases_path.read_text(encoding="utf-8") if cases_path.is_file() else ""
        check = check_draft(book, code, rules_text, cases_text)
        head = versions.head(code)
        if head is not None and (head.rules_text, head.cases_text) == (check.rules_text, check.cases_text):
            print(f"{code}: unchanged")
            continue
        if not check.ok:
            for problem in check.problems:
                print(str(problem), file=sys.stderr)
            for case in check.failed_cases:
                print(f"FAIL {cases_path}:{case.line} {case.name}: {'; '.join(case.failures)}", file=sys.stderr)
            if not check.problems and not check.failed_cases:
                print(f"{cases_path}: no cases (each state needs its cases file)", file=sys.stderr)
            print(f"{code}: not imported", file=sys.stderr)
            status = 1
            continue
        try:
            version = versions.save_draft(check, head.id if head else None, author, args.note, action="imported")
        except StaffError as exc:
            print(f"{code}: not imported: {exc}", file=sys.stderr)
            status = 1
            continue
        print(f"{code}: draft v{version.id} (publish it on the web after review)")
    return status


def add_rules_commands(rsub, wrap) -> None:
    """`aegis rules export|import`, on the existing `rules` group."""
    q = rsub.add_parser("export", help="write the published rules from the staff database to DIR")
    q.add_argument("dir")
    q.set_defaults(run=wrap(cmd_rules_export))
    q = rsub.add_parser("import", help="load DIR/<st>.yaml (+ .cases.yaml) into the staff database as drafts")
    q.add_argument("dir")
    q.add_argument("--author", required=True, help="the staff account the drafts are saved under")
    q.add_argument("--note", default="Imported from files", help="the change note (default: %(default)s)")
    q.set_defaults(run=wrap(cmd_rules_import))


def add_commands(sub, wrap) -> None:
    """`aegis users add|list`."""
    users = sub.add_parser("users", help="staff accounts for the rule editor")
    usub = users.add_subparsers(dest="users_command", required=True)
    q = usub.add_parser("add", help="create a staff account (the password is asked for)")
    q.add_argument("email")
    q.add_argument("--role", required=True, choices=ROLES)
    q.add_argument("--password-stdin", action="store_true", help="read the password from the first line of standard input")
    q.set_defaults(run=wrap(cmd_users_add))
    q = usub.add_parser("list", help="list staff accounts")
    q.set_defaults(run=wrap(cmd_users_list))
