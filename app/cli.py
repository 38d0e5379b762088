"""The `aegis` command.

Bad input never shows a traceback: it exits 2 with one line naming the field (or the
file:line) and what to do. The CLI is where the clock and the environment are read; the engine
is handed the date and the rules.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import Optional, Sequence

from pydantic import ValidationError

from app.engine import AegisError, RuleFileError, Situation, assess, load_book
from app.engine.cases import parse_cases, run_case
from app.engine.coverage import missing_cases
from app.engine.explain import coverage_table, explain
from app.engine.loader import RuleBook
from app.engine.rules import StateRules
from app.engine.schema import rules_schema
from app.engine.validation import friendly
from app.engine.yaml_source import dotted

BUNDLED_RULES = Path(__file__).resolve().parent.parent / "rules"


class UsageError(Exception):
    """Bad input from the person at the terminal: shown as one line, exit 2."""


def rules_dir(arg: Optional[str]) -> Path:
    """The rules directory: --rules, then AEGIS_RULES_DIR, then the bundled one."""
    return Path(arg or os.environ.get("AEGIS_RULES_DIR") or BUNDLED_RULES)


def _book(args, states: Optional[Sequence[str]] = None) -> RuleBook:
    directory = rules_dir(args.rules)
    if not (directory / "states").is_dir():
        raise UsageError(f"--rules: {directory} has no states/ folder")
    for code in states or ():
        if not (directory / "states" / f"{code.lower()}.yaml").is_file():
            raise UsageError(f"state: there are no rules for {code} yet (no {code.lower()}.yaml in {directory / 'states'})")
    return load_book(directory, only=list(states) if states else None)


def _parse_date(text: str, field: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{field}: '{text}' is not a date (use YYYY-MM-DD)") from None


def _field_error(exc: ValidationError, prefix: str) -> str:
    err = exc.errors(include_url=False)[0]
    path = tuple(p for p in err["loc"] if isinstance(p, (str, int)))
    where = prefix + dotted(path) if not prefix or not path else f"{prefix}.{dotted(path)}"
    more = len(exc.errors()) - 1
    extra = f" (and {more} more problem{'s' if more > 1 else ''})" if more > 0 else ""
    return f"{where or 'input'}: {friendly(err, path)}{extra}"


def cmd_assess(args) -> int:
    on = _parse_date(args.on, "--on") if args.on else date.today()
    source = args.file
    try:
        text = sys.stdin.read() if source in (None, "-") else Path(source).read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{source}: cannot read the file ({exc.strerror})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(f"input: not valid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from None
    many = isinstance(data, list)
    items = data if many else [data]
    situations = []
    for i, item in enumerate(items):
        prefix = f"[{i}]" if many else ""
        if not isinstance(item, dict):
            raise UsageError(f"{prefix or 'input'}: expected a JSON object with a 'state' field")
        try:
            situations.append(Situation.model_validate(item))
        except ValidationError as exc:
            raise UsageError(_field_error(exc, prefix)) from None
    book = _book(args, sorted({s.state for s in situations}))
    out = []
    for i, s in enumerate(situations):
        try:
            out.append(assess(s, book, on).model_dump(mode="json"))
        except AegisError as exc:
            raise UsageError(f"{f'[{i}].' if many else ''}{exc}") from None
    json.dump(out if many else out[0], sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


def cmd_lint(args) -> int:
    book = _book(args, [s.upper() for s in args.states] or None)
    for code in sorted(book.states):
        print(f"{code}: ok ({len(book.states[code].order_types)} order types)")
    for code in sorted(book.broken):
        print(str(book.broken[code]), file=sys.stderr)
    return 1 if book.broken else 0


def cmd_test(args) -> int:
    book = _book(args, [s.upper() for s in args.states] or None)
    directory = rules_dir(args.rules)
    status = 0
    for code in sorted(book.broken):
        print(str(book.broken[code]), file=sys.stderr)
        status = 1
    for code in sorted(book.states):
        path = directory / "states" / f"{code.lower()}.cases.yaml"
        shown = book.files[code].replace(".yaml", ".cases.yaml")
        if not path.is_file():
            print(f"{code}: no cases file ({shown})")
            status = 1
            continue
        try:
            cases = parse_cases(path.read_text(encoding="utf-8"), shown, book.states[code])
        except RuleFileError as exc:
            print(str(exc), file=sys.stderr)
            status = 1
            continue
        failed = 0
        for lc in cases:
            problems = run_case(lc, book.compiled[code])
            if problems:
                failed += 1
                print(f"FAIL {shown}:{lc.line} {lc.case.name}")
                for p in problems:
                    print(f"     {p}")
        missing = missing_cases(book.states[code], cases)
        for m in missing:
            print(f"MISSING {code}: {m}")
        print(f"{code}: {len(cases)} cases, {len(cases) - failed} passed, {failed} failed, {len(missing)} missing")
        if failed or missing:
            status = 1
    return status


def cmd_schema(args) -> int:
    json.dump(rules_schema(), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


def cmd_explain(args) -> int:
    code = args.state.upper()
    book = _book(args, [code])
    if code in book.broken:
        print(str(book.broken[code]), file=sys.stderr)
        return 1
    print(explain(book.states[code]))
    return 0


def cmd_coverage(args) -> int:
    book = _book(args)
    directory = rules_dir(args.rules)
    counts = {}
    for code, rules in book.states.items():
        path = directory / "states" / f"{code.lower()}.cases.yaml"
        counts[code] = _count_cases(path, rules)
    broken = {c: f"{len(e.problems)} problem(s)" for c, e in book.broken.items()}
    print(coverage_table(book.states, counts, broken))
    return 0


def _count_cases(path: Path, rules: StateRules) -> int:
    if not path.is_file():
        return 0
    try:
        return len(parse_cases(path.read_text(encoding="utf-8"), str(path), rules))
    except RuleFileError:
        return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="aegis", description="Restraining-order rules, answers and paperwork.")
    parser.add_argument("--rules", help="rules directory (default: $AEGIS_RULES_DIR or the bundled rules/)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("assess", help="Situation JSON in (object or array), Assessment JSON out")
    p.add_argument("--on", help="the date to judge on, YYYY-MM-DD (default: today)")
    p.add_argument("file", nargs="?", help="a JSON file, or - for standard input (default)")
    p.set_defaults(run=cmd_assess)

    rules = sub.add_parser("rules", help="check, test and read the rule files")
    rsub = rules.add_subparsers(dest="rules_command", required=True)
    for name, func, text in (("lint", cmd_lint, "check rule files"), ("test", cmd_test, "run the states' cases")):
        q = rsub.add_parser(name, help=text)
        q.add_argument("states", nargs="*", help="two-letter codes (default: all)")
        q.set_defaults(run=func)
    q = rsub.add_parser("schema", help="print the JSON Schema of a rule file")
    q.set_defaults(run=cmd_schema)
    q = rsub.add_parser("explain", help="print a state's rules as a readable table")
    q.add_argument("state")
    q.set_defaults(run=cmd_explain)
    q = rsub.add_parser("coverage", help="print jurisdictions x order kinds (Markdown)")
    q.set_defaults(run=cmd_coverage)

    from app import cli_paperwork, cli_staff

    wrap = lambda func: (lambda args: func(args, UsageError, _book))  # noqa: E731
    cli_paperwork.add_commands(sub, wrap)
    cli_staff.add_rules_commands(rsub, wrap)
    cli_staff.add_commands(sub, wrap)
    from app import cli_web

    cli_web.add_commands(sub, UsageError)
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except UsageError as exc:
        print(f"aegis: {exc}", file=sys.stderr)
        return 2
    except RuleFileError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except BrokenPipeError:  # pragma: no cover - e.g. `aegis ... | head`
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
