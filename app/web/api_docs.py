"""The API's reference page at `/api/docs`: plain HTML written on the server from `app.openapi()`.

FastAPI's Swagger UI fetches its script and stylesheet from a CDN and boots with an inline
script. This site makes no third-party request at all and its Content-Security-Policy forbids
inline code (`security.py`), so that page would arrive blank and would tell a CDN who is reading
about restraining orders. A page rendered here needs no script, works in any browser, and cannot
drift from the routes because it is generated from the same OpenAPI document the app serves.
"""

from __future__ import annotations

from html import escape
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

router = APIRouter(include_in_schema=False)

DOCS_PATH = "/api/docs"
STYLESHEET_PATH = "/api/docs.css"
METHODS = ("get", "put", "post", "patch", "delete", "options", "head")
#: Served from this site (style-src 'self'); no inline style attributes anywhere on the page.
STYLESHEET = """\
body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:1rem;color:#1b1b1b}
code{font-family:ui-monospace,monospace;background:#f2f2f2;padding:0 .2em}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}
th,td{border:1px solid #c8c8c8;padding:.25rem .5rem;text-align:left;vertical-align:top}
section{border-top:2px solid #1b1b1b;margin-top:2rem}
.method{font-weight:bold;text-transform:uppercase}
a{color:#0b4ea2}
"""


@router.get(DOCS_PATH, response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    """The reference page, built from the app's own OpenAPI document."""
    return HTMLResponse(render_docs(request.app.openapi(), request.app.openapi_url or ""))


@router.get(STYLESHEET_PATH)
def api_docs_stylesheet() -> Response:
    return Response(STYLESHEET, media_type="text/css")


def render_docs(spec: dict[str, Any], openapi_url: str) -> str:
    """The whole page: every operation (parameters, body, responses), then every schema."""
    info = spec.get("info", {})
    title = info.get("title", "API") + (f" (version {info['version']})" if info.get("version") else "")
    operations = [(path, method, op) for path, ops in spec.get("paths", {}).items()
                  for method, op in ops.items() if method in METHODS]
    schemas = spec.get("components", {}).get("schemas", {})
    parts = [
        "<!doctype html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>", f'<link rel="stylesheet" href="{STYLESHEET_PATH}">', "</head>", "<body>",
        f"<h1>{escape(title)}</h1>",
    ]
    if info.get("description"):
        parts.append(f"<p>{escape(info['description'])}</p>")
    if openapi_url:
        parts.append(f'<p>Machine-readable: <a href="{escape(openapi_url)}">{escape(openapi_url)}</a> (OpenAPI {escape(spec.get("openapi", ""))}).</p>')
    parts.append("<nav><h2>Endpoints</h2><ul>")
    parts += [f'<li><a href="#{_anchor(method, path)}"><span class="method">{method}</span> <code>{escape(path)}</code></a>'
              f"{' — ' + escape(op['summary']) if op.get('summary') else ''}</li>" for path, method, op in operations]
    parts.append("</ul></nav><main>")
    parts += [_operation(path, method, op) for path, method, op in operations]
    if schemas:
        parts.append("<section><h2>Schemas</h2>")
        parts += [_schema(name, schema) for name, schema in schemas.items()]
        parts.append("</section>")
    parts.append("</main></body></html>")
    return "\n".join(parts)


def _anchor(method: str, path: str) -> str:
    return f"{method}-" + "".join(c if c.isalnum() else "-" for c in path).strip("-")


def _operation(path: str, method: str, op: dict[str, Any]) -> str:
    out = [f'<section id="{_anchor(method, path)}">',
           f'<h2><span class="method">{method}</span> <code>{escape(path)}</code></h2>']
    if op.get("summary"):
        out.append(f"<p><strong>{escape(op['summary'])}</strong></p>")
    if op.get("description"):
        out.append(f"<p>{escape(op['description'])}</p>")
    params = op.get("parameters", [])
    if params:
        out.append("<h3>Parameters</h3><table><tr><th>Name</th><th>In</th><th>Type</th><th>Required</th><th>Description</th></tr>")
        for p in params:
            schema = p.get("schema", {})
            default = f" (default {escape(str(schema['default']))})" if "default" in schema else ""
            description = p.get("description") or schema.get("description") or ""
            out.append(f"<tr><td><code>{escape(p['name'])}</code></td><td>{escape(p.get('in', ''))}</td>"
                       f"<td>{_type(schema)}</td><td>{'yes' if p.get('required') else 'no'}</td>"
                       f"<td>{escape(description)}{default}</td></tr>")
        out.append("</table>")
    body = op.get("requestBody")
    if body:
        out.append("<h3>Request body</h3><ul>")
        out += [f"<li><code>{escape(kind)}</code>: {_type(media.get('schema', {}))}"
                f"{' (required)' if body.get('required') else ''}</li>" for kind, media in body.get("content", {}).items()]
        out.append("</ul>")
    out.append("<h3>Responses</h3><table><tr><th>Status</th><th>Description</th><th>Content</th></tr>")
    for status, response in op.get("responses", {}).items():
        content = "<br>".join(f"<code>{escape(kind)}</code>" + (f": {_type(media['schema'])}" if media.get("schema") else "")
                              for kind, media in response.get("content", {}).items())
        out.append(f"<tr><td>{escape(str(status))}</td><td>{escape(response.get('description', ''))}</td><td>{content}</td></tr>")
    out.append("</table></section>")
    return "\n".join(out)


def _schema(name: str, schema: dict[str, Any]) -> str:
    out = [f'<h3 id="schema-{escape(name)}">{escape(name)}</h3>']
    if schema.get("description"):
        out.append(f"<p>{escape(schema['description'])}</p>")
    if "enum" in schema:
        out.append("<p>One of: " + ", ".join(f"<code>{escape(str(v))}</code>" for v in schema["enum"]) + "</p>")
    properties = schema.get("properties", {})
    if properties:
        required = set(schema.get("required", []))
        out.append("<table><tr><th>Field</th><th>Type</th><th>Required</th><th>Description</th></tr>")
        for field, prop in properties.items():
            out.append(f"<tr><td><code>{escape(field)}</code></td><td>{_type(prop)}</td>"
                       f"<td>{'yes' if field in required else 'no'}</td><td>{escape(prop.get('description', ''))}</td></tr>")
        out.append("</table>")
    return "\n".join(out)


def _type(schema: dict[str, Any]) -> str:
    """A JSON Schema as a short phrase ("list of Relationship or null"), schema names linked."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return f'<a href="#schema-{escape(name)}">{escape(name)}</a>'
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            return " or ".join(_type(s) for s in schema[key])
    kind = schema.get("type", "")
    if kind == "array":
        return "list of " + _type(schema.get("items", {}))
    if kind == "object" and isinstance(schema.get("additionalProperties"), dict):
        return "map of " + _type(schema["additionalProperties"])
    if "enum" in schema:
        return "one of " + ", ".join(f"<code>{escape(str(v))}</code>" for v in schema["enum"])
    if "const" in schema:
        return f"<code>{escape(str(schema['const']))}</code>"
    text = escape(str(kind or "any"))
    return f"{text} ({escape(schema['format'])})" if schema.get("format") else text
