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
from ..load.folder import Content
from ..model import (
    AnswerBox,
    BarChart,
    Block,
    CoverPage,
    Document,
    Heading,
    Image,
    Letterhead,
    ListBlock,
    ListItem,
    PageBreak,
    PageSetup,
    Paragraph,
    Properties,
    Run,
    SourceLocation,
    Table,
    TableOfContents,
)
from . import markdown
from .context import timestamp

KINDS = ("hoeringsutkast", "medvirkningsrapport", "hoeringsbrev", "hoeringsskjema")


class _Objects:
    """The structured objects a template asks for; each becomes a marker in the Markdown."""

    def __init__(self, content: Content, layers: list[Path], lang: str) -> None:
        self.items: list[Block] = []
        self.content = content
        self.layers = layers
        self.lang = lang

    def _add(self, block: Block) -> str:
        self.items.append(block)
        return markdown.marker(len(self.items) - 1)

    def functions(self) -> dict[str, Any]:
        """The template functions, named in Norwegian as the templates use them."""
        return {
            "forside": self.cover,
            "innholdsfortegnelse": lambda tittel="Innhold", nivaa=2: self._add(TableOfContents(tittel, nivaa)),
            "sideskift": lambda: self._add(PageBreak()),
            "tabell": self.table,
            "punktliste": self.bullets,
            "diagram": self.chart,
            "bilde": self.image,
            "brevhode": self.letterhead,
            "svarfelt": lambda etikett, linjer=6: self._add(AnswerBox(str(etikett), int(linjer))),
            "avsnitt": lambda tekst, stil=None: self._add(Paragraph((Run(str(tekst)),), style=stil)),
            "dokumenttittel": lambda tekst: self._add(Heading(0, str(tekst), toc=False)),
        }

    def _logo(self) -> tuple[Path | None, str | None]:
        kommune = self.content.data["kommune"]
        if not kommune.get("logo"):
            return None, None
        return (self.content.root / kommune["logo"]).resolve(), kommune.get("logo_alt")

    def cover(self, merking: str | None = None, undertittel: str | None = None, dato: str | None = None) -> str:
        plan = self.content.data["plan"]
        logo, alt = self._logo()
        return self._add(
            CoverPage(
                organisation=self.content.data["kommune"]["navn"],
                title=plan["tittel"],
                subtitle=undertittel if undertittel is not None else plan["periode"],
                marking=merking,
                date_text=dato,
                logo=logo,
                logo_alt=alt,
            )
        )

    def bullets(self, punkter: list[Any], nummerert: bool = False) -> str:
        """A list made straight from data: the items need no Markdown parsing (most of a report's text)."""
        items = tuple(ListItem(self._inline(p)) for p in punkter or () if p not in (None, ""))
        return self._add(ListBlock(items, ordered=bool(nummerert))) if items else ""

    @staticmethod
    def _inline(value: Any) -> tuple[Run, ...]:
        """Runs for one list item, as Markdown would give them; parsed only when it has markup characters."""
        text = " ".join(line.strip() for line in str(value).strip().splitlines())
        if any(c in text for c in "*_[`<&\\!"):
            return markdown.runs(markdown._parser().parseInline(text)[0].children or [])
        return (Run(text),)

    def table(
        self, kolonner: list[str], rader: list[list[Any]], tittel: str | None = None, bredder: list[float] | None = None
    ) -> str:
        def cell(value: Any) -> tuple[Run, ...]:
            if isinstance(value, list | tuple):
                value = ", ".join(str(v) for v in value)
            text = "" if value is None else str(value)
            return (
                markdown.runs(markdown._parser().parseInline(text)[0].children or [])
                if any(c in text for c in "*_[")
                else (Run(text),)
            )

        rows = tuple(tuple(cell(v) for v in row) for row in rader)
        widths = tuple(float(w) for w in bredder) if bredder else None
        return self._add(Table(tuple(str(k) for k in kolonner), rows, caption=tittel, widths=widths))

    def chart(self, tittel: str, etiketter: list[str], verdier: list[float], alt: str, figurtekst: str | None = None) -> str:
        return self._add(
            BarChart(str(tittel), tuple(map(str, etiketter)), tuple(float(v) for v in verdier), alt=str(alt), caption=figurtekst)
        )

    def image(self, sti: str, alt: str, figurtekst: str | None = None, bredde: float = 15.0) -> str:
        for layer in self.layers:
            path = (layer / sti).resolve()
            if (path == layer.resolve() or layer.resolve() in path.parents) and path.is_file():
                return self._add(Image(path, alt=str(alt), caption=figurtekst, width_cm=float(bredde)))
        raise TemplateError(
            f"finner ikke bildet «{sti}» i kommunemappen eller biblioteket (bilder utenfor disse mappene er ikke tillatt)"
        )

    def letterhead(self, mottaker: list[str] | None = None, referanser: list[list[str]] | None = None) -> str:
        kommune = self.content.data["kommune"]
        logo, alt = self._logo()
        return self._add(
            Letterhead(
                organisation=kommune["navn"],
                unit=kommune.get("enhet"),
                address_lines=tuple(kommune.get("adresse") or ()),
                recipient_lines=tuple(mottaker or ()),
                references=tuple((str(a), str(b)) for a, b in referanser or ()),
                logo=logo,
                logo_alt=alt,
            )
        )


def render_document(kind: str, content: Content, env: Any, context: dict[str, Any], layers: list[Path]) -> Document:
    """Render `<kind>.md.j2` with the content and return the document model."""
    objects = _Objects(content, layers, content.language)
    name = f"{kind}.md.j2"
    try:
        template = env.get_template(name)
        try:
            module = template.make_module({**context, **objects.functions()})
        except Exception:
            # make_module, unlike render, does not map Python frames back to template lines.
            env.handle_exception()
        text = str(module)
    except TemplateNotFound as exc:
        raise TemplateError(
            [Problem(f"finner ikke malen «{exc.name}»", hint="malen må ligge i templates/ i kommunemappen eller i biblioteket")]
        ) from exc
    except TemplateSyntaxError as exc:
        raise TemplateError(
            [
                Problem(
                    f"feil i malen: {exc.message}",
                    SourceLocation(exc.filename or exc.name or name, exc.lineno),
                    "sjekk {{ }} og {% %} på denne linjen",
                )
            ]
        ) from exc
    except (
        UndefinedError, SecurityError, JinjaTemplateError, TypeError, ValueError, LookupError, AttributeError,
        ArithmeticError, RecursionError,
    ) as exc:  # fmt: skip
        raise TemplateError([Problem(_explain(exc), _template_frame(exc) or SourceLocation(name), _hint(exc))]) from exc
    parsed = markdown.parse(text, objects.items)
    exported = {k: getattr(module, k) for k in dir(module) if not k.startswith("_")}
    return Document(kind=kind, properties=_properties(kind, content, exported), blocks=tuple(parsed), page=_page(exported))


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
    return SourceLocation(_short(frame.filename), frame.lineno or 0)


def _short(path: str) -> str:
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return path


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
