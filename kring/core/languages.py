"""Languages by ISO 639 code with their own (native) names; no domain knowledge here."""

import functools

from django.conf import settings
from django.conf.locale import LANG_INFO


def language_choices() -> list[tuple[str, str]]:
    """ISO 639-1 codes with their own (native) names, Dutch first, then alphabetical (a new
    list: a form may add a code of its own)."""
    return list(_choices())


@functools.cache
def _choices() -> tuple[tuple[str, str], ...]:
    # Built once per process: the names are the languages' own, never translated.
    items = {
        code: info["name_local"]
        for code, info in LANG_INFO.items()
        if "name_local" in info and len(code) == 2
    }
    extra = {
        "so": "Soomaali",
        "ti": "ትግርኛ (Tigrinya)",
        "pa": "ਪੰਜਾਬੀ",
        "ps": "پښتو",
        "am": "አማርኛ",
        "ber": "Tamaziɣt (Berber)",
        "pap": "Papiamentu",
        "srn": "Sranantongo",
        "fy": "Frysk",
    }
    items.update(extra)
    first = ["nl", "en"]
    rest = sorted((c for c in items if c not in first), key=lambda c: items[c].lower())
    return tuple((code, items[code]) for code in [*first, *rest])


@functools.cache
def _names() -> dict[str, str]:
    return dict(_choices())


def language_name(code: str) -> str:
    """The local name of a language code, or the code itself when unknown."""
    return _names().get(code, code)


def document_language(code: str | None) -> str:
    """The language Kring writes a page, mail or document in for someone whose language is
    `code`: that language when Kring has its texts (settings.LANGUAGES), else Dutch."""
    primary = (code or "").strip().lower().replace("_", "-").split("-")[0]
    available = {c for c, _name in settings.LANGUAGES}
    return primary if primary in available else settings.LANGUAGE_CODE
