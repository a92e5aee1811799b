"""The open fonts (OFL, `static/languages/fonts/OFL.txt`) that let PDFs and letters show
Arabic and Ge'ez (Tigrinya) script: Noto Naskh Arabic and Noto Sans Ethiopic.

WeasyPrint reads them from the app's static folder by file URL (never over HTTP), through
@font-face rules that the PDF templates put first in their style sheet, with a rule that
makes a document in such a language use the font first (the templates' own font lists name
them after the Latin fonts, so each glyph comes from the first font that has it). Web pages
load the same files from `languages/fonts.css` (the pages reached by a personal link).
"""

from __future__ import annotations

import functools
from pathlib import Path

from django.utils.safestring import SafeString, mark_safe

FONT_DIR = Path(__file__).resolve().parent / "static" / "languages" / "fonts"

FACES = (
    ("Noto Naskh Arabic", "NotoNaskhArabic-Regular.ttf", 400),
    ("Noto Naskh Arabic", "NotoNaskhArabic-Bold.ttf", 700),
    ("Noto Sans Ethiopic", "NotoSansEthiopic-Regular.ttf", 400),
    ("Noto Sans Ethiopic", "NotoSansEthiopic-Bold.ttf", 700),
)

ARABIC_SCRIPT = ("ar", "fa", "ps", "ur", "ku")
GEEZ = ("ti", "am")


@functools.cache
def font_face_css() -> SafeString:
    """@font-face rules for WeasyPrint, pointing at the shipped files."""
    rules = [
        f'@font-face {{ font-family: "{family}"; font-weight: {weight}; '
        f'src: url("{(FONT_DIR / name).as_uri()}") format("truetype"); }}'
        for family, name, weight in FACES
    ]
    # Arabic script in the Naskh style people read in letters (DejaVu has Arabic glyphs too, so
    # the rule names it first); Ge'ez for Tigrinya and Amharic. Latin falls back to DejaVu.
    for family, codes in (("Noto Naskh Arabic", ARABIC_SCRIPT), ("Noto Sans Ethiopic", GEEZ)):
        selectors = ", ".join(f"html:lang({c}), html:lang({c}) body" for c in codes)
        rules.append(f'{selectors} {{ font-family: "{family}", "DejaVu Sans", sans-serif; }}')
    return mark_safe("\n".join(rules))
