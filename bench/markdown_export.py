"""Export a municipality's documents as plain Markdown for pandoc, from planbygg's own render stage.

The templates already render to Markdown before planbygg parses it into its document model; the
structured objects (tables, charts, cover page, …) are markers `<!--planbygg:N-->` in that text.
Here each marker becomes the nearest Markdown equivalent, so pandoc writes the same headings,
paragraphs, lists and tables from the same text. Run as a script:

    python bench/markdown_export.py MAPPE UTMAPPE   # writes UTMAPPE/<dokument>.md (+ .json med metadata)
"""

from __future__ import annotations

import json
import sys
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "cli") not in sys.path:
    sys.path.insert(0, str(ROOT / "cli"))


def _runs(runs: Any) -> str:
    out = []
    for r in runs:
        text = r.text.replace("|", "\\|")
        if r.bold:
            text = f"**{text}**"
        if r.italic:
            text = f"*{text}*"
        if r.link:
            text = f"[{text}]({r.link})"
        out.append(text)
    return "".join(out).replace("\n", " ")


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _table(header: list[str], rows: list[list[str]], caption: str | None) -> str:
    lines = ["| " + " | ".join(_cell(h) for h in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    text = "\n".join(lines)
    if caption:
        text += f"\n\n: {_cell(caption)}"
    return f"\n\n{text}\n\n"


PAGE_BREAK = '\n\n```{=openxml}\n<w:p><w:r><w:br w:type="page"/></w:r></w:p>\n```\n\n'


def object_markdown(obj: Any) -> str:
    """Return the Markdown that stands for one structured object."""
    kind = type(obj).__name__
    if kind == "Table":
        return _table(list(obj.header), [[_runs(c) for c in row] for row in obj.rows], obj.caption)
    if kind == "BarChart":  # pandoc has no charts: the same numbers as a table (a missing value stays empty)
        series = [(obj.series_name, obj.values), *obj.more_series]
        rows = [
            [_cell(label), *("" if i >= len(vs) or vs[i] is None else f"{vs[i]:g}" for _, vs in series)]
            for i, label in enumerate(obj.labels)
        ]
        return _table(["", *(name for name, _ in series)], rows, obj.caption or obj.title)
    if kind == "Image":
        return f"\n\n![{_cell(obj.caption or obj.alt)}]({obj.path}){{width={obj.width_cm}cm}}\n\n"
    if kind == "PageBreak":
        return PAGE_BREAK
    if kind == "TableOfContents":
        return "\n\n"  # pandoc --toc writes the TOC field (see meta["toc"])
    if kind == "Heading":
        return f"\n\n# {obj.text}\n\n"
    if kind == "ListBlock":
        marker = "1." if obj.ordered else "-"
        return "\n\n" + "\n".join(f"{'  ' * item.level}{marker} {_runs(item.runs)}" for item in obj.items) + "\n\n"
    if kind == "Paragraph":
        return f"\n\n{_runs(obj.runs)}\n\n"
    if kind == "AnswerBox":
        return f"\n\n**{obj.label}**\n\n" + "\n".join("\\" for _ in range(obj.lines)) + "\n\n"
    if kind == "CoverPage":
        parts = []
        if obj.logo:
            parts.append(f"![{obj.logo_alt or ''}]({obj.logo}){{width=3cm}}")
        parts += [obj.organisation, f"**{obj.title}**"]
        parts += [p for p in (obj.subtitle, obj.marking, obj.date_text) if p]
        return "\n\n" + "\n\n".join(parts) + PAGE_BREAK
    if kind == "Letterhead":
        parts = []
        if obj.logo:
            parts.append(f"![{obj.logo_alt or ''}]({obj.logo}){{width=3cm}}")
        parts.append(obj.organisation + (f" – {obj.unit}" if obj.unit else ""))
        parts += list(obj.address_lines) + list(obj.recipient_lines)
        body = "\n\n".join(parts)
        if obj.references:
            body += _table(["", ""], [[_cell(a), _cell(b)] for a, b in obj.references], None)
        return f"\n\n{body}\n\n"
    raise ValueError(f"ukjent objekt i malen: {kind}")


def export(folder: Path) -> dict[str, tuple[str, dict[str, Any]]]:
    """Return {document kind: (markdown, metadata)} for one municipality folder."""
    from planbygg.load.folder import load
    from planbygg.pipeline import render_setup
    from planbygg.render.functions import Renderer
    from planbygg.render.markdown import MARKER_RE

    content = load(Path(folder))
    lang = content.language
    setup = render_setup(content)
    out: dict[str, tuple[str, dict[str, Any]]] = {}
    for kind in setup.names:
        renderer = Renderer(content, setup.layers, setup.env)
        functions = renderer.functions()
        # Chapters and standard texts as the Markdown they are written in, for pandoc to parse.
        functions["kapittel"] = partial(_chapter_markdown, renderer)
        functions["standardtekst"] = partial(_standard_markdown, renderer)
        renderer.variables = {**setup.context, **functions}
        module = setup.env.get_template(f"{kind}.md.j2").make_module(renderer.variables)
        markdown = str(module)
        items = renderer.registry.objects
        toc = any(type(o).__name__ == "TableOfContents" for o in items)
        markdown = MARKER_RE.sub(lambda m, items=items: object_markdown(items[int(m.group(2))]), markdown)
        meta = {
            "title": str(getattr(module, "tittel", "") or content.data["plan"]["tittel"]),
            "author": content.data["kommune"]["navn"],
            "lang": "nn-NO" if lang == "nn" else "nb-NO",
            "toc": toc,
        }
        out[kind] = (markdown, meta)
    return out


def _chapter_markdown(renderer: Any, entry: Any) -> str:
    chapter = _chapter(renderer.content, entry)
    return "\n\n" + renderer._render_file(chapter.text, chapter.path) + "\n\n"


def _standard_markdown(renderer: Any, name: str) -> str:
    return "\n\n" + renderer.env.get_template(name).render(renderer.variables) + "\n\n"


def _chapter(content: Any, entry: Any) -> Any:
    name = entry["navn"] if isinstance(entry, dict) else str(entry)
    return next(c for c in content.chapters if c.relative == name)


def pandoc_command(md: Path, docx: Path, meta: dict[str, Any], reference: Path) -> list[str]:
    """Return the pandoc command line that writes `docx` from `md` (one process per document)."""
    cmd = ["pandoc", "-f", "markdown", "-t", "docx", "--reference-doc", str(reference), "-o", str(docx), str(md)]
    cmd += ["-M", f"title={meta['title']}", "-M", f"author={meta['author']}", "-M", f"lang={meta['lang']}"]
    if meta.get("toc"):
        cmd.append("--toc")
    return cmd


def main(argv: list[str]) -> int:
    folder, out = Path(argv[0]), Path(argv[1])
    out.mkdir(parents=True, exist_ok=True)
    for kind, (markdown, meta) in export(folder).items():
        (out / f"{kind}.md").write_text(markdown, encoding="utf-8")
        (out / f"{kind}.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
