"""Image headers: the format and pixel size of a PNG, JPEG or GIF, read without an image library."""

from __future__ import annotations

import struct

_JPEG_FRAMES = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def image_header(blob: bytes) -> tuple[str, int, int]:
    """Return (extension, width px, height px) of a PNG, GIF or JPEG (JFIF/Exif) image.

    Reading these few header bytes here spares every build the import of python-docx (~45 ms);
    anything else (BMP, TIFF, unusual JPEGs) still goes to python-docx's parser, which gives the
    same answers for these formats and raises for files it cannot read.
    """
    if blob[:8] == b"\x89PNG\r\n\x1a\n" and blob[12:16] == b"IHDR":
        width, height = struct.unpack(">II", blob[16:24])
        return "png", width, height
    if blob[:6] in (b"GIF87a", b"GIF89a"):
        width, height = struct.unpack("<HH", blob[6:10])
        return "gif", width, height
    if blob[:3] == b"\xff\xd8\xff" and blob[6:10] in (b"JFIF", b"Exif"):
        i = 2
        while i + 9 <= len(blob) and blob[i] == 0xFF:
            marker = blob[i + 1]
            if marker == 0xFF:  # fill byte
                i += 1
            elif marker in (0x01, 0xD8) or 0xD0 <= marker <= 0xD7:  # markers without a length
                i += 2
            elif marker in _JPEG_FRAMES:
                height, width = struct.unpack(">HH", blob[i + 5 : i + 9])
                return "jpg", width, height
            elif marker == 0xDA:  # image data before any frame header
                break
            else:
                i += 2 + struct.unpack(">H", blob[i + 2 : i + 4])[0]
    from docx.image.image import Image as _ImageHeader  # python-docx's header parser

    header = _ImageHeader.from_blob(blob)
    return header.ext, header.px_width, header.px_height
