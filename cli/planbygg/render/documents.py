"""Stage 3c: render one document kind's template into a model Document."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from dataclasses import dataclass
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
        except (
            UndefinedError, SecurityError, JinjaTemplateError, TypeError, ValueError, LookupError, AttributeError,
            ArithmeticError, RecursionError,
        ) as exc:  # fmt: skip
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
    if exported.get("nummererte_kapitler", False) and content.data["plan"].get("nummererte_kapitler", True):
        parsed = number_headings(parsed)
    return Document(
        kind=kind,
        properties=_properties(kind, content, exported),
        blocks=tuple(parsed),
        page=_page(exported),
        problems=tuple(renderer.registry.problems),
        update_fields=bool(exported.get("oppdater_felt", False)),  # a template may ask Word to update the TOC
    )


def number_headings(blocks: list[Any]) -> list[Any]:
    """Number chapters and sections («3 Strategier og tiltak», «3.2 Strategi 2: …») as part of the heading text.

    Text, not Word list numbering: the numbers then read the same in Word, LibreOffice, PDF and HTML,
    in the table of contents, and in what `check` reads back.
    """
    import dataclasses

    from ..model import Heading

    counters = [0, 0]
    out = []
    for block in blocks:
        if isinstance(block, Heading) and block.level in (1, 2) and block.toc:
            if block.level == 1:
                counters = [counters[0] + 1, 0]
                number = f"{counters[0]}"
            else:
                counters[1] += 1
                number = f"{counters[0]}.{counters[1]}"
            block = dataclasses.replace(block, text=f"{number} {block.text}")
        out.append(block)
    return out


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
    plain = {ZeroDivisionError: "deling på null", OverflowError: "et tall eller en range() er for stort",
             RecursionError: "malen kaller seg selv om og om igjen (uendelig rekursjon)"}  # fmt: skip
    return f"feil under utfylling av malen: {plain.get(type(exc), text)}"


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
        footer_note=str(exported.get("bunnfelt") or ""),
    )


# ---------------------------------------------------------------- every document of a folder


def output_names(content: Content) -> dict[str, str]:
    """Return {document kind: file name}, e.g. «baerum-hoeringsutkast.docx»."""
    from ..documents import BY_ID

    status = content.data["plan"]["status"]
    return {kind: BY_ID[kind].file_name(content.slug, status) for kind in content.documents}


@dataclass
class RenderSetup:
    """What every document of one municipality is rendered with: layers, Jinja environment, context."""

    layers: list[Path]
    env: Any
    context: dict[str, Any]
    names: dict[str, str]


def render_setup(content: Content) -> RenderSetup:
    """Resolve the template search path and build the Jinja environment and template context once."""
    from ..library import library_layers, search_path
    from .context import build_context
    from .environment import make_environment
    from .functions import finalize

    layers = library_layers(content.root, content.data.get("bibliotek"), content.where("bibliotek"))
    lang = content.language
    env = make_environment(layers, lang, finalize)
    names = output_names(content)
    return RenderSetup(layers, env, build_context(content, search_path(layers, lang), names), names)


RENDER_SECONDS = 60  # per municipality; Bærum takes a fraction of a second, 16 × Bærum about 5 s


def render_documents(content: Content, each: Callable[[str, Document], None] | None = None) -> dict[str, Document]:
    """Render every document of a loaded municipality to the document model, in memory: {file name: document}.

    Within a time limit (a chapter can loop for ever), and with every embedded file checked: inside
    the folder or a library, and a whole, readable image. `each(name, document)` is called as each
    is done (the build writes it at once, so LibreOffice can start on it while the next is rendered).
    """
    from ..load.paths import real
    from .deadline import deadline
    from .files import confine_files

    documents: dict[str, Document] = {}
    with deadline(RENDER_SECONDS):
        setup = render_setup(content)
        roots = [real(layer) for layer in setup.layers]
        for kind, name in setup.names.items():
            document = render_document(kind, content, setup.env, setup.context, setup.layers)
            documents[name] = confine_files(document, content.root, roots)
            if each:
                each(name, documents[name])
    return documents
