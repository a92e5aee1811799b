"""Every invitee-facing string is translated in all seven shipped languages, compiled, with
its placeholders kept; Arabic, Ukrainian and Tigrinya carry no Latin (Dutch) words."""

from __future__ import annotations

import gettext
import re

import pytest

from kring.languages.models import Language
from kring.languages.services import placeholders
from kring.languages.sources import catalogue_path, invitee_entries, parse_po

SHIPPED = ("nl", "en", "tr", "ar", "pl", "uk", "ti")
TRANSLATED = SHIPPED[1:]  # Dutch is the source language: its msgids are the texts
# Latin that belongs in any language: file types, units and the example code on the letter.
ALLOWED_LATIN = re.compile(r"PDF|MB|ABCDE-FGHJK")


def test_the_invitee_facing_strings_cover_pages_mails_letters_and_pdfs():
    msgids = {e.msgid for e in invitee_entries()}
    for expected in (
        "Antwoord versturen",  # the RSVP page
        "Uw persoonlijke code",  # the letter
        "Uitnodiging: Eigen Kracht-conferentie voor %(main_person)s",  # the invitation mail
        "Jullie plan staat klaar",  # the plan notice
        "Ons plan",  # the plan PDF
        "Code uit uw brief",  # the code entry page
        "Wilt u informatie geven voor een Eigen Kracht-conferentie?",  # information request
        "Typ uw code",  # the family portal's sign-in
        "Uw code om in te loggen",  # the sign-in code mail
        "Hoe was de conferentie voor u?",  # the survey mail
        "Voelde u zich gehoord?",  # the survey page
        "Geen herinneringen meer",  # the opt-out page
        "Morgen is de conferentie",  # a reminder to the circle
    ):
        assert expected in msgids
    # Staff screens are not among them.
    assert "Regio toevoegen" not in msgids and "Trajecten" not in msgids
    # Nor the reminders to staff (the check-in call, a late follow-up).
    assert "Nabelgesprek %(ref)s: u kunt nu bellen" not in msgids


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_invitee_facing_string_is_translated_and_compiled(language):
    entries = {e.msgid: e for e in parse_po(catalogue_path(language).read_text("utf-8"))}
    compiled = gettext.GNUTranslations(catalogue_path(language).with_suffix(".mo").open("rb"))
    missing = []
    for source in invitee_entries():
        entry = entries.get(source.msgid)
        if entry is None or not entry.translated:
            missing.append(source.msgid)
            continue
        assert placeholders(entry.msgstr) == placeholders(source.msgid), source.msgid
        assert compiled.gettext(source.msgid) == entry.msgstr, f"{language}: compile again"
    assert missing == []


@pytest.mark.parametrize("language", ["ar", "uk", "ti"])
def test_no_latin_words_in_other_scripts(language):
    entries = {e.msgid: e for e in parse_po(catalogue_path(language).read_text("utf-8"))}
    for source in invitee_entries():
        text = re.sub(r"%\([a-z_]+\)[sd]", "", entries[source.msgid].msgstr)
        assert not re.search(r"[A-Za-z]", ALLOWED_LATIN.sub("", text)), (language, text)


@pytest.mark.django_db
def test_the_seven_languages_ship_active():
    rows = Language.objects.filter(shipped=True, active=True)
    assert set(rows.values_list("code", flat=True)) == set(SHIPPED)
    assert Language.objects.get(code="ar").direction == "rtl"


def test_the_migration_and_the_code_ship_the_same_languages():
    from importlib import import_module

    from kring.languages.services import SHIPPED as CODE

    migration = import_module("kring.languages.migrations.0002_shipped_languages")
    assert [(c, n, str(d)) for c, n, d in CODE] == migration.SHIPPED
