"""Speaking a person's language: which language a page, mail, letter or PDF is written in,
its writing direction, and the texts administrators added (without a deploy).

    with speaking(person.language) as speech:
        render(...)  # gettext now answers in speech.code; <html lang dir> from speech

A language is spoken when it is active: the seven shipped ones from their catalogues in
`locale/`, one added by an administrator from its `LanguageText` rows (over the catalogue, if
any); a text that is missing falls back to Dutch, and so does a language that is unknown or
inactive. Staff screens stay Dutch and English (settings.LANGUAGES, the switcher): these
languages are only ever activated explicitly, here.
"""

from __future__ import annotations

import gettext
import re
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import check_for_language, trans_real

from kring.audit.services import Action, record
from kring.languages.models import Direction, Language, LanguageText

# A format field in a text ("%(name)s"): a translation must keep exactly the same ones.
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{\{ *[a-z_.]+ *\}\}")


@dataclass(frozen=True)
class Speech:
    """The language Kring writes in for someone: its code (the `lang` attribute), its writing
    direction (`dir`) and its own name."""

    code: str
    direction: str
    name: str

    @property
    def is_rtl(self) -> bool:
        return self.direction == Direction.RTL


DUTCH = Speech("nl", Direction.LTR, "Nederlands")

# The languages Kring ships catalogues for (locale/), as data migration 0002 adds them.
SHIPPED = (
    ("nl", "Nederlands", Direction.LTR),
    ("en", "English", Direction.LTR),
    ("tr", "Türkçe", Direction.LTR),
    ("ar", "العربية", Direction.RTL),
    ("pl", "Polski", Direction.LTR),
    ("uk", "Українська", Direction.LTR),
    ("ti", "ትግርኛ", Direction.LTR),
)


def add_shipped() -> None:
    """Make sure the shipped languages exist (as the data migration left them); for test
    databases that were emptied after a transactional test."""
    for code, name, direction in SHIPPED:
        Language.objects.get_or_create(
            code=code,
            defaults={"native_name": name, "direction": direction, "shipped": True},
        )


def primary(code: str | None) -> str:
    """The primary subtag of a language code, lower case ("tr-TR" -> "tr")."""
    return (code or "").strip().lower().replace("_", "-").split("-")[0]


# Which texts each process has loaded, per language: the row's texts_stamp at loading.
_LOADED: dict[str, uuid.UUID] = {}


class _WithTexts(trans_real.DjangoTranslation):
    """A language's catalogue (or Dutch, for one without) with an administrator's texts on
    top: their text wins for the msgids they translated."""

    def __init__(self, language: str, texts: Mapping[str, str]) -> None:
        super().__init__(language)
        if texts:
            # TranslationCatalog.update() takes a translation object: its _catalog and plural.
            extra: Any = gettext.NullTranslations()
            extra._catalog = dict(texts)
            extra.plural = self.plural
            catalog: Any = getattr(self, "_catalog")  # noqa: B009 - private in Django's stubs
            catalog.update(extra)


def _load_texts(code: str, stamp: uuid.UUID) -> None:
    """Install this language's current texts in the process (Django caches a translation per
    language); done again only when the row's stamp changed, so other processes follow."""
    if _LOADED.get(code) == stamp:
        return
    texts = dict(LanguageText.objects.filter(language__code=code).values_list("msgid", "text"))
    cache: dict[str, Any] = getattr(trans_real, "_translations")  # noqa: B009 - Django's cache
    cache[code] = _WithTexts(code, texts)
    _LOADED[code] = stamp


def speech_for(code: str | None) -> Speech:
    """The language Kring writes in for someone whose language is `code`: that language when
    it is active, else Dutch. One query (two when the texts changed since last time)."""
    wanted = primary(code)
    if not wanted or wanted == DUTCH.code:
        return DUTCH
    row = (
        Language.objects.filter(code=wanted, active=True)
        .values_list("code", "direction", "native_name", "texts_stamp")
        .first()
    )
    if row is None:
        return DUTCH
    found, direction, name, stamp = row
    _load_texts(found, stamp)
    return Speech(found, direction, name)


@contextmanager
def speaking(code: str | Speech | None) -> Iterator[Speech]:
    """Activate the language Kring writes in for `code` (see `speech_for`) for the block."""
    speech = code if isinstance(code, Speech) else speech_for(code)
    with translation.override(speech.code):
        yield speech


def page_speech(request: HttpRequest, code: str | None) -> Speech:
    """A personal-link page: the person's own language, unless they chose Dutch or English
    with the switcher (the cookie)."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if chosen in dict(settings.LANGUAGES) and chosen != primary(code):
        return speech_for(chosen)
    return speech_for(code)


def own_choice(code: str | None, speech: Speech) -> Speech | None:
    """The person's own language for the switcher on a page they switched to Dutch or English
    (only a language with a catalogue: Django's switcher accepts no other)."""
    own = primary(code)
    if speech.code == own or own in dict(settings.LANGUAGES) or not check_for_language(own):
        return None
    found = speech_for(own)
    return found if found.code == own else None


def language_choices() -> list[tuple[str, str]]:
    """The active languages a person can be given, Dutch first, by their own names."""
    rows = Language.objects.filter(active=True).values_list("code", "native_name")
    items = sorted(rows, key=lambda row: (row[0] != DUTCH.code, row[1].lower()))
    return [(code, name) for code, name in items]


# --- Administrators' changes ------------------------------------------------------------------


def save_language(
    language: Language,
    changed: list[str],
    *,
    actor: AbstractBaseUser | None,
    request: HttpRequest | None,
) -> Language:
    """Add a language or change its name, direction or whether it is active (audited)."""
    adding = language.pk is None
    with transaction.atomic():
        language.texts_stamp = uuid.uuid4()
        language.save()
        record(
            Action.CREATE if adding else Action.UPDATE,
            language,
            actor=actor,
            request=request,
            changes={"code": language.code, "fields": sorted(changed)},
            key="language.added" if adding else "language.changed",
        )
    return language


def save_texts(
    language: Language,
    texts: Mapping[str, str],
    *,
    actor: AbstractBaseUser | None,
    request: HttpRequest | None,
) -> tuple[int, int]:
    """Keep this language's texts: an empty text removes the row (Dutch is shown again).
    Returns (changed or added, removed); audited as counts, never the texts."""
    with transaction.atomic():
        locked = Language.objects.select_for_update().get(pk=language.pk)
        current = dict(locked.texts.values_list("msgid", "text"))
        changed = removed = 0
        for msgid, text in texts.items():
            text = text.strip()
            if not text and msgid in current:
                LanguageText.objects.filter(language=locked, msgid=msgid).delete()
                removed += 1
            elif text and current.get(msgid) != text:
                LanguageText.objects.update_or_create(
                    language=locked, msgid=msgid, defaults={"text": text}
                )
                changed += 1
        if changed or removed:
            locked.texts_stamp = uuid.uuid4()
            locked.save(update_fields=["texts_stamp", "updated_at"])
            record(
                Action.UPDATE,
                locked,
                actor=actor,
                request=request,
                changes={"code": locked.code, "changed": changed, "removed": removed},
                key="language.texts_changed",
            )
    return changed, removed


def placeholders(text: str) -> list[str]:
    """The format fields of a text, sorted (a translation must keep the same ones)."""
    return sorted(PLACEHOLDER.findall(text))
