"""Stage 3c: the functions templates call (tabell, bilde, kapittel, standardtekst …) and the value printer.

Each function registers a structured block (or a separately parsed fragment of Markdown) and
returns the marker that stands for it in the template's Markdown. `Renderer.finalize` sees every
value a template prints: Markdown fields become fragments of their own, other content values get
a provenance mark so the text can be traced back to its YAML line.
"""

from __future__ import annotations

import contextvars
import math
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..errors import Problem, TemplateError
from ..library import layer_of, shown
from ..load.folder import Chapter, Content
from ..location import Located, MarkdownText
from ..model import (
    AnswerBox,
    BarChart,
    CoverPage,
    Heading,
    Image,
    Letterhead,
    ListBlock,
    ListItem,
    PageBreak,
    Paragraph,
    Run,
    SourceLocation,
    Table,
    TableOfContents,
)
from . import markdown
from .markdown import Fragment, Origin, Registry

CURRENT: contextvars.ContextVar[Renderer] = contextvars.ContextVar("planbygg_renderer")


class FunctionError(ValueError):
    """A template function was called with a value it cannot use; the message is Norwegian and shown as is."""


def finalize(value: Any) -> Any:
    """Jinja's finalize hook: hand every printed value to the renderer of the document being rendered."""
    renderer = CURRENT.get(None)
    return renderer.finalize(value) if renderer is not None else value


def _number(value: Any, name: str, low: float, high: float) -> float:
    """A finite number within [low, high] from a template argument, or a Norwegian error."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise FunctionError(f"{name} må være et tall, ikke «{value}»") from None
    if not math.isfinite(number) or not low <= number <= high:
        raise FunctionError(f"{name} må være mellom {low:g} og {high:g}, ikke «{value}»")
    return number


def _hex_colour(value: Any) -> str:
    """A colour as six hex digits («1F4E79»), or a Norwegian error."""
    import re

    text = str(value).strip().lstrip("#")
    if not re.fullmatch(r"[0-9A-Fa-f]{6}", text):
        raise FunctionError(f"forside(farge) må være en farge som «#1F4E79», ikke «{value}»")
    return text.upper()


def _source_of(values: Iterable[Any]) -> SourceLocation | None:
    """The position of the first value that remembers where it was written."""
    for value in values:
        if isinstance(value, Located) and value.source is not None:
            return value.source
    return None


# Template function (Norwegian name) → the Renderer method behind it (docs/maler.md lists their docstrings).
FUNCTION_METHODS: dict[str, str] = {
    "forside": "cover",
    "innholdsfortegnelse": "toc",
    "sideskift": "page_break",
    "tabell": "table",
    "punktliste": "bullets",
    "diagram": "chart",
    "bilde": "image",
    "brevhode": "letterhead",
    "svarfelt": "answer_box",
    "avsnitt": "paragraph",
    "dokumenttittel": "document_title",
    "kapittel": "chapter",
    "standardtekst": "standard_text",
}


class Renderer:
    """The state of rendering one document: its registry, the content, the layers and the template variables."""

    def __init__(self, content: Content, layers: list[Path], env: Any) -> None:
        self.registry = Registry()
        self.content = content
        self.layers = layers
        self.env = env
        self.variables: dict[str, Any] = {}

    # -- printing values --------------------------------------------------------------------------

    def finalize(self, value: Any) -> Any:
        """Markdown fields become fragments; other content values are marked with their position."""
        if isinstance(value, MarkdownText):
            where = value.source
            origin = Origin(where.path if where else "", start=where.line if where else 1, base=self.content.root)
            return self.registry.add(Fragment(tuple(self.parse(str(value), origin))))
        if isinstance(value, Located):
            return self.registry.mark(value.source, len(value)) + value
        return value

    def parse(self, text: str, origin: Origin) -> list[Any]:
        """Parse one fragment of Markdown in this document's registry."""
        return markdown.parse(text, self.registry, origin, self.resolve_image)

    # -- files ------------------------------------------------------------------------------------

    def resolve_image(self, src: str, where: SourceLocation, base: Path | None) -> Path:
        """Find an image beside the text that names it, then in the municipality folder, then in the libraries.

        Only files that really lie inside the municipality folder or a library are used: absolute
        paths, «..» and links out of these folders are refused.
        """
        outside = Problem(
            f"bildet «{src}» ligger utenfor kommunemappen og bibliotekene",
            where,
            "legg bildet i kommunemappen (ikke som snarvei/lenke) og bruk en relativ sti, f.eks. bilder/figur.png",
        )
        if not src or src.startswith(("/", "\\")) or "://" in src or (len(src) > 1 and src[1] == ":"):
            raise TemplateError([outside])
        found_outside = False
        for folder in [base, *self.layers] if base else self.layers:
            path = (folder / src).resolve()
            if not path.is_file():
                continue
            if layer_of(path, self.layers) >= 0 and layer_of(folder, self.layers) >= 0:
                return path
            found_outside = True
        if found_outside:
            raise TemplateError([outside])
        raise TemplateError(
            [
                Problem(
                    f"finner ikke bildet «{src}»",
                    where,
                    "stien er relativ til filen som viser bildet (eller kommunemappen); bildet må ligge i kommunemappen eller biblioteket",
                )
            ]
        )

    # -- functions templates call -----------------------------------------------------------------

    def functions(self) -> dict[str, Any]:
        """The template functions, named in Norwegian as the templates use them."""
        return {name: getattr(self, method) for name, method in FUNCTION_METHODS.items()}

    def page_break(self) -> str:
        """Et sideskift."""
        return self.registry.add(PageBreak())

    def paragraph(self, tekst: str, stil: str | None = None, sammen: bool = False) -> str:
        """Et avsnitt i en navngitt stil fra referansedokumentet (f.eks. «Merknad»); `sammen` holder det sammen med det som følger."""
        return self.registry.add(
            Paragraph(markdown.inline(tekst), style=stil, source=_source_of([tekst]), keep_next=bool(sammen))
        )

    def document_title(self, tekst: str) -> str:
        """Dokumentets tittel (stilen Tittel), når dokumentet ikke har forside."""
        return self.registry.add(Heading(0, str(tekst), toc=False, source=_source_of([tekst])))

    def toc(self, tittel: str = "Innhold", nivaa: int = 2) -> str:
        """Innholdsfortegnelse med overskriftene til og med `nivaa` (1–3); sidetallene er ferdig utfylt."""
        return self.registry.add(TableOfContents(str(tittel), int(_number(nivaa, "innholdsfortegnelse(nivaa)", 1, 3))))

    def _logo(self) -> tuple[Path | None, str | None]:
        kommune = self.content.data["kommune"]
        if not kommune.get("logo"):
            return None, None
        return (self.content.root / kommune["logo"]).resolve(), kommune.get("logo_alt")

    def cover(
        self,
        merking: str | None = None,
        undertittel: str | None = None,
        dato: str | None = None,
        farge: str | None = None,
        bilde: str | None = None,
        bilde_alt: str | None = None,
    ) -> str:
        """Forsiden: kommunen, logoen, tittelen, undertittelen, merkingen og datoen; `farge` (hex) gir et fargebånd bak tittelen, `bilde` et foto."""
        plan = self.content.data["plan"]
        logo, alt = self._logo()
        where = _source_of([bilde]) or SourceLocation(self.content.root.name)
        photo = self.resolve_image(str(bilde), where, self.content.root) if bilde else None
        return self.registry.add(
            CoverPage(
                organisation=self.content.data["kommune"]["navn"],
                title=plan["tittel"],
                subtitle=undertittel if undertittel is not None else plan["periode"],
                marking=merking,
                date_text=dato,
                logo=logo,
                logo_alt=alt,
                band_color=_hex_colour(farge) if farge else None,
                image=photo,
                image_alt=str(bilde_alt) if bilde_alt else None,
            )
        )

    def bullets(self, punkter: list[Any], nummerert: bool = False, kolonner: int = 1) -> str:
        """En punktliste (eller nummerert liste) rett fra en liste i innholdet; `kolonner` (1–3) for lange lister."""
        columns = int(_number(kolonner, "punktliste(kolonner)", 1, 3))
        items = tuple(ListItem(markdown.inline(p), source=_source_of([p])) for p in punkter or () if p not in (None, ""))
        if not items:
            return ""
        return self.registry.add(ListBlock(items, ordered=bool(nummerert), source=_source_of(punkter or ()), columns=columns))

    def table(
        self, kolonner: list[str], rader: list[list[Any]], tittel: str | None = None, bredder: list[float] | None = None
    ) -> str:
        """En tabell med overskriftsrad (gjentas på hver side), tabelltekst over og relative kolonnebredder."""

        def cell(value: Any) -> tuple[Run, ...]:
            if isinstance(value, list | tuple):
                value = ", ".join(str(v) for v in value)
            return markdown.inline("" if value is None else str(value))

        if bredder is not None and len(bredder) != len(kolonner):
            raise FunctionError(f"tabell() har {len(kolonner)} kolonner, men {len(bredder)} bredder")
        rows = tuple(tuple(cell(v) for v in row) for row in rader)
        widths = tuple(_number(w, "tabell(bredder)", 0.01, 1000) for w in bredder) if bredder else None
        row_sources = tuple(_source_of(row) for row in rader)
        return self.registry.add(
            Table(
                tuple(markdown.strip_marks(str(k)) for k in kolonner),
                rows,
                caption=tittel,
                widths=widths,
                source=next((s for s in row_sources if s), None),
                row_sources=row_sources,
            )
        )

    def chart(
        self,
        tittel: str,
        etiketter: list[str],
        verdier: list[float | None],
        alt: str,
        figurtekst: str | None = None,
        serienavn: str = "Antall",
        serier: list[list[Any]] | None = None,
        stablet: bool = False,
    ) -> str:
        """Et søylediagram (ekte Word-diagram) med alternativ tekst; `serier` ([navn, verdier]) gir flere serier, `stablet` stabler dem."""

        def values(vs: list[Any]) -> tuple[float | None, ...]:
            # None: not registered, shown as a gap rather than as zero
            return tuple(None if v is None else _number(v, "diagram(verdier)", 0, 1e9) for v in vs)

        first = values(verdier)
        if len(first) != len(etiketter):
            raise FunctionError(f"diagram() har {len(etiketter)} etiketter, men {len(first)} verdier")
        more = tuple((str(name), values(vs)) for name, vs in serier or ())
        if any(len(vs) != len(etiketter) for _name, vs in more):
            raise FunctionError("diagram(): hver serie må ha like mange verdier som etiketter")
        return self.registry.add(
            BarChart(
                str(tittel),
                tuple(map(str, etiketter)),
                first,
                alt=str(alt),
                caption=figurtekst,
                series_name=str(serienavn),
                source=_source_of(etiketter),
                more_series=more,
                stacked=bool(stablet),
            )
        )

    def image(self, sti: str, alt: str, figurtekst: str | None = None, bredde: float = 15.0) -> str:
        """Et bilde fra kommunemappen eller biblioteket, med alternativ tekst; bredde i cm (1–30)."""
        width = _number(bredde, "bilde(bredde)", 1, 30)
        where = _source_of([sti]) or SourceLocation(self.content.root.name)
        path = self.resolve_image(str(sti), where, base=self.content.root)
        return self.registry.add(Image(path, alt=str(alt), caption=figurtekst, width_cm=width, source=_source_of([sti])))

    def answer_box(self, etikett: str, linjer: int = 6, felt: str | None = None) -> str:
        """Et svarfelt i høringsskjemaet med plass til `linjer` linjer (1–40); med `felt` (en fast id som «spm-1») et utfyllingsfelt som «planbygg svar» leser tilbake."""
        lines = int(_number(linjer, "svarfelt(linjer)", 1, 40))
        if felt is not None and not re.fullmatch(r"[a-z0-9][a-z0-9-]*", str(felt)):
            raise FunctionError(f"svarfelt(felt=…) må være små bokstaver, sifre og bindestrek, ikke «{felt}»")
        return self.registry.add(AnswerBox(str(etikett), lines, source=_source_of([etikett]), field=str(felt) if felt else None))

    def letterhead(self, mottaker: list[str] | None = None, referanser: list[list[str]] | None = None) -> str:
        """Brevhodet: kommunen, enheten, adressen, mottakeren og referansene (par av etikett og verdi)."""
        kommune = self.content.data["kommune"]
        logo, alt = self._logo()
        return self.registry.add(
            Letterhead(
                organisation=kommune["navn"],
                unit=kommune.get("enhet"),
                # The sender's addresses go in the letter's footer (the template's «bunnfelt»), as in a municipal letter.
                recipient_lines=tuple(mottaker or ()),
                references=tuple((str(a), str(b)) for a, b in referanser or ()),
                logo=logo,
                logo_alt=alt,
            )
        )

    def chapter(self, kapittel: Any) -> str:
        """Et kapittel fra kapitler/ (et element i `kapitler`), fylt ut med de samme variablene og lest for seg."""
        name = kapittel.get("navn") if isinstance(kapittel, dict) else str(kapittel)
        chapter = next((c for c in self.content.chapters if c.name == name or c.relative == name), None)
        if chapter is None:
            raise FunctionError(f"kapittel(): finner ikke kapittelet «{name}»")
        text = self._render_file(chapter.text, chapter.path)
        origin = Origin(chapter.name, tuple(chapter.text.split("\n")), base=chapter.path.parent)
        return self.registry.add(Fragment(tuple(self.parse(text, origin))))

    def standard_text(self, navn: str) -> str:
        """En standardtekst (content/<målform>/NAVN) fra kommunemappen, et felles bibliotek eller det innebygde."""
        template = self.env.get_template(str(navn))
        path = Path(template.filename)
        text = template.render(self.variables)
        source = path.read_text(encoding="utf-8")
        standard = layer_of(path, self.layers) != 0
        origin = Origin(shown(path), tuple(source.split("\n")), standard=standard, base=path.parent)
        return self.registry.add(Fragment(tuple(self.parse(text, origin))))

    def _render_file(self, source: str, path: Path) -> str:
        """Render a Markdown file that may use Jinja, with errors located in that file."""
        if "{" not in source:
            return source
        code = self.env.compile(source, name=path.name, filename=str(path))
        template = self.env.template_class.from_code(self.env, code, self.env.make_globals(None), None)
        return str(template.render(self.variables))


__all__ = ["CURRENT", "Chapter", "FunctionError", "Renderer", "finalize"]
