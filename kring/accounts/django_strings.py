"""Django 6.1 texts that its own Dutch catalogue does not translate yet.

Django 6.1 introduced "- Select an option -" as the empty choice of select boxes and changed
the wording of its "too short" password message; its `nl` catalogue still has only the old
texts, so staff forms showed them in English. Kring's forms and validators carry their own
Dutch texts (`forms.EMPTY_CHOICE`, `passwords.MinimumLengthValidator`). Marking Django's texts
here puts them in Kring's own catalogue (`makemessages`), where a translation overrides
Django's for every form that still uses them (the project's catalogue comes first).
"""

from django.utils.translation import gettext_noop

DJANGO_61_TEXTS = (
    # nl: "– Kies –"
    gettext_noop("- Select an option -"),
)
