"""Django's own words for dates, for a shipped language Django has no catalogue for.

A letter or page says "Monday 14 December 2026" with Django's date filter, which takes the
names of days and months from Django's catalogues. Django ships Turkish, Arabic, Polish and
Ukrainian, but not Tigrinya: without these, a Tigrinya page would show the Dutch names.
Marking Django's msgids here puts them in Kring's catalogue, where the Tigrinya translation
is found first (LOCALE_PATHS come before Django's own); the other languages leave them empty
and keep Django's.
"""

from django.utils.translation import gettext_noop

DATE_WORDS = (
    gettext_noop("Monday"),
    gettext_noop("Tuesday"),
    gettext_noop("Wednesday"),
    gettext_noop("Thursday"),
    gettext_noop("Friday"),
    gettext_noop("Saturday"),
    gettext_noop("Sunday"),
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
)
