"""The files a rendered document embeds (images, logos): resolved, confined to the folder and libraries, checked."""

from __future__ import annotations

import dataclasses
import struct
import zlib
from pathlib import Path

from ..errors import ContentError, Problem
from ..load.paths import display, real, within
from ..location import SourceLocation
from ..model import CoverPage, Document, Image, Letterhead

MAX_IMAGE_BYTES = 20 * 1024 * 1024  # a logo is 10–200 kB, a photo a few MB
MAX_PIXELS = 100_000_000  # past this, Word and LibreOffice give up or crawl


def confine_files(doc: Document, root: Path, roots: list[Path]) -> Document:
    """Return `doc` with every embedded file resolved against `root`, refusing any outside `roots`.

    A Markdown image `![alt](bilde.png)` is relative to the municipality folder; an absolute path
    or a symlink is followed to its real path, which must lie inside the folder or a library.
    """
    problems: list[Problem] = []
    blocks = []
    for block in doc.blocks:
        if isinstance(block, Image) and block.path is not None:
            path = _check(block.path, root, roots, block.source, problems)
            block = dataclasses.replace(block, path=path)
        elif isinstance(block, CoverPage | Letterhead) and block.logo is not None:
            block = dataclasses.replace(block, logo=_check(block.logo, root, roots, None, problems))
        blocks.append(block)
    if problems:
        raise ContentError(problems)
    return dataclasses.replace(doc, blocks=tuple(blocks))


def _check(path: Path, root: Path, roots: list[Path], where: SourceLocation | None, problems: list[Problem]) -> Path:
    """Resolve one image path and append a problem when it is outside, missing, too large or damaged."""
    full = real(Path(root) / path)
    shown = str(path)
    if not within(full, roots):
        problems.append(
            Problem(
                f"bildet «{shown}» ligger utenfor kommunemappen og bibliotekene",
                where,
                "legg bildet i kommunemappen (ikke som snarvei/lenke) og bruk en relativ sti, f.eks. bilder/figur.png",
                code="bilde",
            )
        )
        return full
    try:
        with open(full, "rb") as handle:
            blob = handle.read(MAX_IMAGE_BYTES + 1)
    except OSError:
        problems.append(Problem(f"finner ikke bildefilen «{shown}»", where, "stien er relativ til kommunemappen", code="bilde"))
        return full
    reason = image_problem(blob)
    if reason:
        problems.append(
            Problem(
                f"bildefilen «{display(full)}» kan ikke brukes: {reason}",
                where,
                "lagre bildet på nytt som PNG eller JPEG",
                code="bilde",
            )
        )
    return full


def image_problem(blob: bytes) -> str | None:
    """Why an image cannot be embedded (too large, damaged or cut off), or None when it looks whole."""
    if len(blob) > MAX_IMAGE_BYTES:
        return f"filen er større enn {MAX_IMAGE_BYTES // (1024 * 1024)} MB"
    if blob[:8] == b"\x89PNG\r\n\x1a\n":
        return _png_problem(blob)
    if blob[:3] == b"\xff\xd8\xff":
        # Some cameras append data after the end marker: look for it near the end, not at the last byte.
        return None if b"\xff\xd9" in blob[-4096:] else "JPEG-filen er avkuttet (slutten mangler)"
    if blob[:6] in (b"GIF87a", b"GIF89a"):
        if len(blob) < 13 or 0 in struct.unpack("<HH", blob[6:10]):
            return "GIF-filen er skadet"
        return None if blob.rstrip(b"\x00")[-1:] == b"\x3b" else "GIF-filen er avkuttet (slutten mangler)"
    if blob[:2] == b"BM" or blob[:4] in (b"II*\x00", b"MM\x00*"):
        return None  # BMP, TIFF: python-docx reads the header when writing
    return "ikke et bilde planbygg kjenner (bruk PNG eller JPEG)"


def _png_problem(blob: bytes) -> str | None:
    """Walk the PNG chunks: lengths, checksums, a sane size and the closing IEND."""
    pos = 8
    seen_header = False
    while pos + 12 <= len(blob):
        (length,) = struct.unpack(">I", blob[pos : pos + 4])
        kind = blob[pos + 4 : pos + 8]
        end = pos + 12 + length
        if end > len(blob):
            return "PNG-filen er avkuttet"
        if zlib.crc32(blob[pos + 4 : pos + 8 + length]) != struct.unpack(">I", blob[end - 4 : end])[0]:
            return "PNG-filen er skadet (feil sjekksum)"
        if kind == b"IHDR":
            width, height = struct.unpack(">II", blob[pos + 8 : pos + 16])
            if not width or not height or width * height > MAX_PIXELS:
                return f"PNG-filen har en umulig størrelse ({width}×{height} piksler)"
            seen_header = True
        if kind == b"IEND":
            return None if seen_header else "PNG-filen er skadet"
        pos = end
    return "PNG-filen er avkuttet (slutten mangler)"
