"""`aegis packet` and `aegis forms …`: the paperwork half of the command line.

Where official PDFs live is configuration, read here and handed down: `--forms-dir`, else
`AEGIS_FORMS_DIR`, else `var/forms` in the project. Maps are `forms/` in the project (or `--maps`).
"""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path
from typing import Optional

from app.engine import AegisError, RuleFileError
from app.paperwork.case import parse_case
from app.paperwork.drift import compare
from app.paperwork.fonts import font_set
from app.paperwork.formmap import parse_map
from app.paperwork.library import FormsLibrary, load_library
from app.paperwork.packet import build_packet
from app.paperwork.template import FieldKind, TemplateError, TemplateStore, load_template

PROJECT = Path(__file__).resolve().parent.parent
BUNDLED_MAPS = PROJECT / "forms"
DEFAULT_FORMS_DIR = PROJECT / "var" / "forms"
LETTER_WARNING = ("The cease-contact letter can make the other person angry. Talk with an advocate before you send it "
                  "(the hotlines are on the first page of your packet). It never shows your address.")


def forms_dir(arg: Optional[str]) -> Path:
    return Path(arg or os.environ.get("AEGIS_FORMS_DIR") or DEFAULT_FORMS_DIR)


def _library(args) -> FormsLibrary:
    return load_library(Path(args.maps) if args.maps else BUNDLED_MAPS, forms_dir(args.forms_dir))


def cmd_packet(args, usage_error, book_for) -> int:
    path = Path(args.case)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise usage_error(f"{args.case}: cannot read the file ({getattr(exc, 'strerror', None) or exc})") from None
    case = parse_case(text, args.case)
    on = date.fromisoformat(args.on) if args.on else date.today()
    book = book_for(args, [case.state])
    if args.letter:
        print(f"aegis: {LETTER_WARNING}", file=sys.stderr)
    try:
        packet = build_packet(case, book, _library(args), font_set(), on, flatten=args.flatten, letter=args.letter)
    except RuleFileError:
        raise
    except AegisError as exc:
        raise usage_error(str(exc)) from None
    data = packet.zipped() if args.zip else packet.merged()
    out = Path(args.output)
    tmp = out.with_name(out.name + ".part")
    tmp.write_bytes(data)
    tmp.replace(out)
    for note in packet.notes:
        print(f"aegis: {note}", file=sys.stderr)
    print(f"{out}: {len(packet.documents)} documents ({', '.join(d.title for d in packet.documents)}), order {packet.option.id}")
    return 0


def cmd_forms_check(args, usage_error, book_for) -> int:
    pdf = Path(args.pdf)
    try:
        template = load_template(pdf)
    except TemplateError as exc:
        raise usage_error(str(exc)) from None
    if args.map:
        fmap = parse_map(Path(args.map).read_text(encoding="utf-8"), args.map)
    else:
        library = _library(args)
        matches = [m for m in library.maps.values() if m.sha256 == template.sha256]
        if not matches:
            raise usage_error(f"{pdf}: no map was written for this exact file; pass --map forms/ST/FORM.yaml to compare with one")
        fmap = matches[0]
    report = compare(template, fmap)
    print(report.text())
    return 1 if report.drifted else 0


def cmd_forms_install(args, usage_error, book_for) -> int:
    library = _library(args)
    form_id = None
    if args.map:
        form_id = parse_map(Path(args.map).read_text(encoding="utf-8"), args.map).id
    try:
        installed, target = library.install(Path(args.pdf), form_id)
    except TemplateError as exc:
        print(f"aegis: {exc}", file=sys.stderr)
        return 1
    print(f"installed {installed} as {target}")
    return 0


def cmd_forms_list(args, usage_error, book_for) -> int:
    library = _library(args)
    print(f"forms directory: {library.forms_dir}")
    for form_id, status in library.preload().items():
        fmap = library.maps[form_id]
        print(f"{form_id:45} {fmap.revision:28} {len(fmap.fields):4} fields  {status.value}")
    return 0


def cmd_forms_fields(args, usage_error, book_for) -> int:
    """Every fillable field of a PDF with its kind, on-states and label: the start of a new map."""
    try:
        template = TemplateStore().get(Path(args.pdf))
    except TemplateError as exc:
        raise usage_error(str(exc)) from None
    print(f"# {args.pdf}\n# sha256: {template.sha256}")
    for name, f in template.fields.items():
        if f.kind in (FieldKind.PUSHBUTTON, FieldKind.SIGNATURE):
            continue
        w = f.widgets[0]
        extra = f" on={'|'.join(f.on_states)}" if f.on_states else ""
        extra += " multiline" if f.multiline else ""
        extra += f" maxlen={f.max_len}" if f.max_len else ""
        label = " ".join((f.tooltip or "").split())[:100]
        print(f"p{w.page + 1} {f.kind.value:8} {name}{extra}  # {label}")
    return 0


def add_commands(sub, wrap) -> None:
    """Register the paperwork commands on the main parser's subparsers."""
    p = sub.add_parser("packet", help="build the filing packet for a case file (YAML or JSON)")
    p.add_argument("case")
    p.add_argument("-o", "--output", required=True, help="where to write packet.pdf (or .zip with --zip)")
    p.add_argument("--zip", action="store_true", help="a ZIP of separate PDFs instead of one merged PDF")
    p.add_argument("--flatten", action="store_true", help="print-ready: values permanent, no fillable fields")
    p.add_argument("--letter", action="store_true", help="add the cease-contact letter (read the warning first)")
    p.add_argument("--on", help="the date to judge on, YYYY-MM-DD (default: today)")
    _dirs(p)
    p.set_defaults(run=wrap(cmd_packet))

    forms = sub.add_parser("forms", help="official court PDFs: check against maps, install, list")
    fsub = forms.add_subparsers(dest="forms_command", required=True)
    q = fsub.add_parser("check", help="compare a PDF with its map (exit 1 on drift)")
    q.add_argument("pdf")
    q.add_argument("--map", help="the map to compare with (default: the map written for this exact file)")
    _dirs(q)
    q.set_defaults(run=wrap(cmd_forms_check))
    q = fsub.add_parser("install", help="copy an official PDF into the forms directory after checking it")
    q.add_argument("pdf")
    q.add_argument("--map")
    _dirs(q)
    q.set_defaults(run=wrap(cmd_forms_install))
    q = fsub.add_parser("list", help="every map and whether its PDF is installed")
    _dirs(q)
    q.set_defaults(run=wrap(cmd_forms_list))
    q = fsub.add_parser("fields", help="list a PDF's fillable fields (to write a map)")
    q.add_argument("pdf")
    q.set_defaults(run=wrap(cmd_forms_fields))


def _dirs(p) -> None:
    p.add_argument("--forms-dir", help="installed official PDFs (default: $AEGIS_FORMS_DIR or var/forms)")
    p.add_argument("--maps", help="field maps directory (default: the bundled forms/)")
