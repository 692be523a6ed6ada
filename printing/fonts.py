"""The fonts the counter carries: a TrueType CJK font, then fallbacks for CJK Extension B+,
Latin/Greek/Cyrillic letters and the rest of the BMP (compatibility ideographs such as 﨑).

Only TrueType outlines are used because reportlab embeds nothing else (CFF CJK fonts are
refused, CID fonts are never embedded), and a legal document must print the same on every
workstation. Fonts are loaded only from the app's own font directory (or a configured one),
never from the workstation, and registered once per process.
"""

from __future__ import annotations

import functools
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from printing.errors import FontsMissing, UnprintableCharacters

BUNDLED_FONT_DIR = Path(__file__).parent / "fonts"

PRIMARY = "CounterSans"
EXT_B = "CounterExtB"
LATIN = "CounterLatin"
CJK_COMPAT = "CounterCJKCompat"


@dataclass(frozen=True)
class FontFile:
    """One font file the app ships: where ``make setup`` takes it from, and its licence."""

    face: str
    filename: str
    subfont_index: int
    debian_package: str
    licence: str


_HANAZONO_LICENCE = "Hanazono Font License / SIL OFL 1.1"

# The fallback chain, in order: a character is drawn in the first face that has it, so a
# Chinese name keeps WenQuanYi's glyphs and only what it lacks comes from the others.
FONT_FILES = (
    FontFile(
        PRIMARY, "wqy-zenhei.ttc", 0, "fonts-wqy-zenhei", "GPL-2 with font embedding exception"
    ),
    FontFile(EXT_B, "HanaMinB.ttf", 0, "fonts-hanazono", _HANAZONO_LICENCE),
    # Foreign residents' names (永久居留身份证): Latin Extended-A/B and Vietnamese (ř ş İ ễ Đ).
    FontFile(LATIN, "DejaVuSans.ttf", 0, "fonts-dejavu-core", "Bitstream Vera"),
    # CJK compatibility ideographs (﨑 U+FA11 in 山﨑) and the BMP ideographs WenQuanYi lacks.
    FontFile(CJK_COMPAT, "HanaMinA.ttf", 0, "fonts-hanazono", _HANAZONO_LICENCE),
)


@dataclass(frozen=True)
class Face:
    """A registered face and the code points it draws."""

    name: str
    cmap: frozenset[int]


@dataclass(frozen=True)
class FontSet:
    """The registered faces in fallback order, for per-character fallback."""

    faces: tuple[Face, ...]

    @property
    def primary(self) -> str:
        return self.faces[0].name

    def face_for(self, char: str) -> str:
        """The first face that draws ``char`` (the primary when none does)."""
        code = ord(char)
        for face in self.faces:
            if code in face.cmap:
                return face.name
        return self.primary

    def primary_covers(self, text: str) -> bool:
        cmap = self.faces[0].cmap
        return all(ord(c) in cmap for c in text)

    def markup(self, text: str) -> str:
        """``text`` as Paragraph markup: XML-escaped, runs the primary face lacks in ``<font>``."""
        return "".join(_wrap(escape(run), face, self.primary) for face, run in self.runs(text))

    def runs(self, text: str) -> list[tuple[str, str]]:
        """``text`` split into ``(face, run)`` pairs, for drawing straight onto a canvas."""
        result: list[tuple[str, str]] = []
        for char in text:
            face = self.face_for(char)
            if result and result[-1][0] == face:
                result[-1] = (face, result[-1][1] + char)
            else:
                result.append((face, char))
        return result

    def missing(self, text: str) -> list[str]:
        """Characters no face can draw (they would be left out of the paper): every one but
        spaces and invisible controls, private-use ones (a hall's 生僻字 font) included."""
        return sorted(
            {
                c
                for c in text
                if not c.isspace()
                and unicodedata.category(c) not in {"Cc", "Cf"}
                and not any(ord(c) in f.cmap for f in self.faces)
            }
        )

    def refuse_unprintable(self, texts: Iterable[str]) -> None:
        """Raise ``UnprintableCharacters`` when a character of ``texts`` (a name, an
        address, ...) is one no face can draw: printed, the paper would name someone else.
        The intake screen may ask the same at entry."""
        missing = self.missing("\n".join(texts))
        if missing:
            raise UnprintableCharacters(missing)


class _TrueTypeFont(TTFont):
    """reportlab's TrueType font with a ToUnicode map that is right beyond the BMP, and
    cached font tables.

    reportlab writes each code point as ``<%04X>``, so U+20BB7 (𠮷) extracts as U+20BB.
    PDF wants UTF-16BE there, i.e. a surrogate pair: without it a rare-character name
    prints correctly but cannot be searched or copied.

    Subsetting copies the same tables (hmtx, loca, name, ...) out of the whole font file
    for every subset of every document — about half of a receipt's rendering time with
    these 16-30 MB fonts. The tables never change, so each is copied once per process.
    """

    def __init__(self, name: str, filename: str, *, subfontIndex: int) -> None:
        super().__init__(name, filename, subfontIndex=subfontIndex)
        self.face.get_table = functools.cache(self.face.get_table)

    def addObjects(self, doc: Any) -> None:
        state = self.state.get(doc)
        # addObjects drops the per-document state, so take the subsets first.
        subsets = [list(subset) for subset in state.subsets] if state is not None else []
        names = [self.getSubsetInternalName(n, doc)[1:] for n in range(len(subsets))]
        super().addObjects(doc)
        for name, subset in zip(names, subsets, strict=True):
            if all(code <= 0xFFFF for code in subset):
                continue
            pdf_font = doc.idToObject[name]
            stream = doc.idToObject["toUnicodeCMap:" + pdf_font.BaseFont]
            stream.content = _to_unicode_cmap(pdf_font.BaseFont, subset)


def _to_unicode_cmap(name: str, subset: list[int]) -> str:
    chars = [
        f"<{i:02X}> <{chr(code).encode('utf-16-be').hex().upper()}>"
        for i, code in enumerate(subset)
    ]
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            f"/CIDSystemInfo << /Registry ({name}) /Ordering ({name}) /Supplement 0 >> def",
            f"/CMapName /{name} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>",
            "endcodespacerange",
            f"{len(chars)} beginbfchar",
            *chars,
            "endbfchar",
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


def _wrap(run: str, face: str, primary: str) -> str:
    return run if face == primary else f'<font name="{face}">{run}</font>'


_lock = threading.Lock()
_loaded: dict[str, FontSet] = {}  # one entry: reportlab's font registry is process-wide


def load_fonts(font_dir: Path | None = None) -> FontSet:
    """Register the app's fonts from ``font_dir`` (default: the bundled directory), once.

    Thread-safe; later calls return the same ``FontSet``. Raises ``FontsMissing`` naming
    every missing file and how to restore it.
    """
    directory = (font_dir or BUNDLED_FONT_DIR).resolve()
    with _lock:
        missing = [f for f in FONT_FILES if not (directory / f.filename).is_file()]
        if missing:
            packages = list(dict.fromkeys(f.debian_package for f in missing))  # HanaMin A+B: one
            raise FontsMissing(directory, [f.filename for f in missing], packages)
        if _loaded:
            # Each face name is bound once per process; a second directory gets the same faces.
            return _loaded["fonts"]
        faces: dict[str, _TrueTypeFont] = {}
        for font in FONT_FILES:
            try:
                faces[font.face] = _TrueTypeFont(
                    font.face,
                    str(directory / font.filename),
                    subfontIndex=font.subfont_index,
                )
            except Exception as exc:  # reportlab raises bare TTFError/OSError/struct.error
                raise FontsMissing(
                    directory, [font.filename], [font.debian_package], damaged=True
                ) from exc
        for face, ttf in faces.items():
            pdfmetrics.registerFont(ttf)
            # Paragraph markup like <b> looks up bold/italic variants; map them to the same face.
            for bold in (0, 1):
                for italic in (0, 1):
                    addMapping(face, bold, italic, face)
        font_set = FontSet(
            tuple(Face(face, frozenset(ttf.face.charToGlyph)) for face, ttf in faces.items())
        )
        _loaded["fonts"] = font_set
        return font_set
