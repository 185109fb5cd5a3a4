"""Stage 3c: render one document kind's template into a model Document."""

from __future__ import annotations

import traceback
from pathlib import Path
from typing import Any

from jinja2 import TemplateError as JinjaTemplateError
from jinja2 import TemplateNotFound, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SecurityError

from .. import __version__
from ..errors import Problem, TemplateError
from ..library import layer_of, shown
from ..load.folder import Content
from ..model import Document, PageSetup, Properties, SourceLocation
from .context import timestamp
from .functions import CURRENT, FunctionError, Renderer
from .markdown import Origin


def render_document(kind: str, content: Content, env: Any, context: dict[str, Any], layers: list[Path]) -> Document:
    """Render `<kind>.md.j2` with the content and return the document model, every block located."""
    renderer = Renderer(content, layers, env)
    token = CURRENT.set(renderer)
    name = f"{kind}.md.j2"
    try:
        try:
            template = env.get_template(name)
            renderer.variables = {**context, **renderer.functions()}
            try:
                module = template.make_module(renderer.variables)
            except Exception:
                # make_module, unlike render, does not map Python frames back to template lines.
                env.handle_exception()
            text = str(module)
        except TemplateNotFound as exc:
            raise TemplateError(
                [
                    Problem(
                        f"finner ikke malen «{exc.name}»", hint="malen må ligge i templates/ i kommunemappen eller i biblioteket"
                    )
                ]
            ) from exc
        except TemplateSyntaxError as exc:
            raise TemplateError(
                [
                    Problem(
                        f"feil i malen: {exc.message}",
                        SourceLocation(shown(exc.filename) if exc.filename else exc.name or name, exc.lineno),
                        "sjekk {{ }} og {% %} på denne linjen",
                    )
                ]
            ) from exc
        except FunctionError as exc:
            raise TemplateError([Problem(str(exc), _template_frame(exc) or SourceLocation(name))]) from exc
        except (UndefinedError, SecurityError, JinjaTemplateError, TypeError, ValueError, KeyError, AttributeError) as exc:
            raise TemplateError([Problem(_explain(exc), _template_frame(exc) or SourceLocation(name), _hint(exc))]) from exc
        path = Path(template.filename or name)
        origin = Origin(
            shown(path),
            tuple(path.read_text(encoding="utf-8").split("\n")) if template.filename else (),
            standard=layer_of(path, layers) != 0,
            base=content.root,
            template=True,
        )
        parsed = renderer.parse(text, origin)
    finally:
        CURRENT.reset(token)
    errors = [p for p in renderer.registry.problems if p.level == "feil"]
    if errors:
        raise TemplateError(errors)
    exported = {k: getattr(module, k) for k in dir(module) if not k.startswith("_")}
    return Document(
        kind=kind,
        properties=_properties(kind, content, exported),
        blocks=tuple(parsed),
        page=_page(exported),
        problems=tuple(renderer.registry.problems),
    )


def _explain(exc: Exception) -> str:
    """Translate Jinja's English error into Norwegian where we know the shape."""
    text = str(exc)
    if isinstance(exc, UndefinedError):
        if "has no attribute" in text:
            field = text.rsplit("attribute", 1)[-1].strip(" '\"")
            return f"ukjent felt «{field}» i malen"
        if "is undefined" in text:
            return f"ukjent variabel «{text.split(chr(39))[1] if chr(39) in text else text}» i malen"
    if isinstance(exc, SecurityError):
        return f"malen prøver noe som ikke er tillatt i sandkassen: {text}"
    return f"feil under utfylling av malen: {text}"


def _hint(exc: Exception) -> str | None:
    if isinstance(exc, UndefinedError):
        return "sjekk stavemåten mot innholdsfilene, eller bruk «{% if felt is defined %}» for valgfrie felt"
    return None


def _template_frame(exc: Exception) -> SourceLocation | None:
    """Return the innermost traceback frame that belongs to a template file."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith((".j2", ".md"))]
    if not frames:
        return None
    frame = frames[-1]
    return SourceLocation(shown(frame.filename), frame.lineno or 0)


def _properties(kind: str, content: Content, exported: dict[str, Any]) -> Properties:
    data = content.data
    plan, kommune = data["plan"], data["kommune"]
    custom = [
        ("Kommunenummer", kommune["kommunenummer"]),
        ("Dokumenttype", kind),
        ("Plantype", plan["type"]),
        ("Planperiode", plan["periode"]),
        ("Planstatus", plan["status"]),
        ("Vedtaksorgan", plan["vedtaksorgan"]),
        ("Hjemmel", "barnevernsloven § 15-1"),
        ("Generator", f"planbygg {__version__}"),
    ]
    if data.get("høring"):
        custom.append(("Høringsfrist", data["høring"]["frist"].isoformat()))
        if data["høring"].get("saksnummer"):
            custom.append(("Saksnummer", data["høring"]["saksnummer"]))
    # A template may add its own figures, e.g. the høringsoppsummering's «Endringsandel» that check reads.
    custom.extend((str(k), str(v)) for k, v in (exported.get("egenskaper") or {}).items())
    keywords = exported.get("nøkkelord") or ["barnevernsloven § 15-1", "forebygging", plan["tittel"]]
    return Properties(
        title=str(exported.get("tittel") or plan["tittel"]),
        author=kommune["navn"],
        subject=str(exported.get("emne") or ""),
        keywords=tuple(str(k) for k in keywords),
        language="nn-NO" if content.language == "nn" else "nb-NO",
        description=str(exported.get("beskrivelse") or ""),
        category=str(exported.get("kategori") or kind),
        timestamp=timestamp(content),
        custom=tuple(custom),
    )


def _page(exported: dict[str, Any]) -> PageSetup:
    return PageSetup(
        header_text=str(exported.get("topptekst") or ""),
        footer_text=str(exported.get("bunntekst") or ""),
        page_label=str(exported.get("sidetekst") or "Side"),
        of_label=str(exported.get("av_tekst") or "av"),
        watermark=exported.get("vannmerke") or None,
        first_page_plain=bool(exported.get("forside_uten_topptekst", False)),
    )
