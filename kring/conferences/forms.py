"""Forms for the conference: logistics, dates, information needed, the RSVP page, and
attendance on the day."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.files import File
from django.forms import BoundField
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from kring.cases.models import Case, Part
from kring.conferences.models import INVITEE_FIELDS, Conference, DateOption
from kring.core.forms import DateInput, ModelChoiceField
from kring.core.uploads import ACCEPT, check_document
from kring.network.models import Person, PersonStatus, Ring

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class LogisticsForm(forms.Form):
    date = forms.DateField(label=_("Datum"), widget=DATE, required=False)
    start = forms.TimeField(label=_("Begintijd"), widget=TIME, required=False)
    end = forms.TimeField(label=_("Eindtijd"), widget=TIME, required=False)
    place_name = forms.CharField(label=_("Plaats"), max_length=150, required=False)
    address = forms.CharField(label=_("Adres"), max_length=250, required=False)
    room = forms.CharField(label=_("Zaal"), max_length=100, required=False)
    accessibility = forms.CharField(label=_("Toegankelijkheid"), max_length=300, required=False)
    interpreters = forms.CharField(
        label=_("Tolken (per taal)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=500,
        required=False,
    )
    childcare = forms.CharField(label=_("Kinderopvang"), max_length=300, required=False)
    food = forms.CharField(label=_("Eten en drinken"), max_length=300, required=False)
    travel = forms.CharField(label=_("Reiskosten en vervoer"), max_length=300, required=False)
    internal_note = forms.CharField(
        label=_("Interne notitie"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )

    # Which fields an invitee sees on their personal page (conferences.models.INVITEE_FIELDS
    # plus date, times and place); the form says it next to each field.
    VISIBLE = frozenset({"date", "start", "end", "place_name", *INVITEE_FIELDS})

    def __init__(self, *args: Any, scheduled: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A planned conference keeps a date: the day of the conference follows it.
        self.scheduled = scheduled
        for name, field in self.fields.items():
            if name in self.VISIBLE:
                field.help_text = _("Zichtbaar voor genodigden.")
            elif name == "internal_note":
                field.help_text = _("Alleen voor u en het regiokantoor. Genodigden zien dit nooit.")
            else:
                field.help_text = _("Niet zichtbaar voor genodigden.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        date, start, end = data.get("date"), data.get("start"), data.get("end")
        if (start or end) and not date:
            self.add_error("date", _("Vul ook de datum in."))
        elif self.scheduled and not date and "date" not in self.errors:
            self.add_error(
                "date",
                _(
                    "Een geplande conferentie heeft een datum. Gaat zij niet door? Gebruik dan "
                    "“Afgelasten”."
                ),
            )
        if date and not start:
            self.add_error("start", _("Vul de begintijd in."))
        if start and end and end <= start:
            self.add_error("end", _("De eindtijd moet na de begintijd liggen."))
        return data

    def values(self) -> dict[str, Any]:
        """The conference fields from the cleaned data."""
        data = self.cleaned_data
        tz = timezone.get_current_timezone()
        starts = ends = None
        if data.get("date") and data.get("start"):
            starts = datetime.datetime.combine(data["date"], data["start"], tzinfo=tz)
            if data.get("end"):
                ends = datetime.datetime.combine(data["date"], data["end"], tzinfo=tz)
        values = {k: v for k, v in data.items() if k not in {"date", "start", "end"}}
        return {"starts_at": starts, "ends_at": ends, **values}

    @classmethod
    def initial_for(cls, conference: Conference) -> dict[str, object]:
        """Initial values from a saved conference."""
        initial = {
            k: getattr(conference, k)
            for k in [
                "place_name",
                "address",
                "room",
                "accessibility",
                "interpreters",
                "childcare",
                "food",
                "travel",
                "internal_note",
            ]
        }
        if conference.starts_at:
            local = timezone.localtime(conference.starts_at)
            initial.update(date=local.date(), start=local.time())
        if conference.ends_at:
            initial["end"] = timezone.localtime(conference.ends_at).time()
        return initial


class DateOptionForm(forms.Form):
    date = forms.DateField(label=_("Datum"), widget=DATE)
    start = forms.TimeField(label=_("Begintijd"), widget=TIME)

    def clean_date(self) -> datetime.date:
        value: datetime.date = self.cleaned_data["date"]
        if value < timezone.localdate():
            raise forms.ValidationError(_("Deze datum is al voorbij."))
        return value

    def starts_at(self) -> datetime.datetime:
        return datetime.datetime.combine(
            self.cleaned_data["date"],
            self.cleaned_data["start"],
            tzinfo=timezone.get_current_timezone(),
        )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Waarom gaat de conferentie niet door?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
    )


class NobodyCameForm(forms.Form):
    reason = forms.CharField(
        label=_("Waarom kwam er niemand?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        help_text=_("Bijvoorbeeld: de hoofdpersoon werd ziek en heeft iedereen afgebeld."),
    )


class InformationItemForm(forms.Form):
    question = forms.CharField(label=_("Welke informatie is nodig?"), max_length=300)
    answered_by = ModelChoiceField(
        label=_("Wie geeft deze informatie in deel 1?"),
        queryset=Person.objects.none(),
        required=False,
    )
    shared_with_invitees = forms.BooleanField(
        label=_("De hoofdpersoon wil het antwoord vooraf delen met de genodigden"),
        required=False,
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["answered_by"].queryset = Person.objects.filter(case=case)  # type: ignore[attr-defined]


class ProvideInformationForm(forms.Form):
    answer = forms.CharField(
        label=_("Informatie"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
    )
    document = forms.FileField(
        label=_("Document"),
        required=False,
        help_text=_("Een PDF of foto, hoogstens 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )

    def clean_document(self) -> File | None:
        upload = self.cleaned_data.get("document")
        if not upload:
            return None
        # The type comes from the content, never from the name or the browser's claim.
        self.document_type = check_document(upload)
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("answer") and not data.get("document") and not self.errors:
            raise forms.ValidationError(_("Schrijf de informatie op of voeg een document toe."))
        return data


ANSWERS = [
    (PersonStatus.COMING.value, _("Ja, ik kom")),
    (PersonStatus.MAYBE.value, _("Misschien")),
    (PersonStatus.NOT_COMING.value, _("Nee, ik kom niet")),
]


class RsvpForm(forms.Form):
    status = forms.ChoiceField(label=_("Komt u?"), choices=ANSWERS, widget=forms.RadioSelect)
    parts = forms.MultipleChoiceField(
        label=_("Bij welke delen bent u?"),
        choices=Part.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    needs_interpreter = forms.BooleanField(label=_("Ik heb een tolk nodig"), required=False)
    interpreter_language = forms.CharField(label=_("In welke taal?"), max_length=50, required=False)
    needs_accessibility = forms.CharField(
        label=_("Heeft u iets nodig om erbij te kunnen zijn?"),
        max_length=200,
        required=False,
        help_text=_("Bijvoorbeeld een rolstoelplek of een lift."),
    )
    needs_childcare = forms.BooleanField(label=_("Ik heb kinderopvang nodig"), required=False)
    needs_travel = forms.BooleanField(
        label=_("Ik heb hulp nodig bij reizen of reiskosten"), required=False
    )
    note = forms.CharField(
        label=_("Wilt u nog iets zeggen?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
    )

    def __init__(
        self, *args: Any, person: Person, options: list[DateOption], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parts"].choices = [  # type: ignore[attr-defined]
            c for c in Part.choices if c[0] in person.parts
        ]
        self.options = options
        for option in options:
            self.fields[f"date_{option.pk}"] = forms.ChoiceField(
                label=_date_label(option.starts_at),
                choices=[("yes", _("Past")), ("no", _("Past niet"))],
                widget=forms.RadioSelect,
                required=False,
            )

    def date_fields(self) -> list[BoundField]:
        return [self[f"date_{o.pk}"] for o in self.options]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("needs_interpreter") and not data.get("interpreter_language"):
            self.add_error("interpreter_language", _("Vul de taal in."))
        return data

    def suits(self) -> dict[int, bool]:
        out = {}
        for option in self.options:
            value = self.cleaned_data.get(f"date_{option.pk}")
            if value:
                out[option.pk] = value == "yes"
        return out


def _date_label(value: datetime.datetime) -> str:

    local = timezone.localtime(value)
    return f"{formats.date_format(local, 'l j F Y')}, {formats.time_format(local, 'H:i')}"


class AttendanceForm(forms.Form):
    """Per person: in which parts they were present; professionals: gave information."""

    held_on = forms.DateField(label=_("Datum van de conferentie"), widget=DateInput())
    coordinator_in_planning = forms.BooleanField(
        label=_("Ik (de coördinator) heb deel 2 voorgezeten"), required=False
    )
    planning_notes = forms.CharField(
        label=_("Korte aantekeningen bij deel 2"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Alleen wat nodig is om het plan op te schrijven."),
    )

    def __init__(
        self, *args: Any, people: list[Person], private: bool, parties: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.people = people
        self.private = private
        if private:
            del self.fields["coordinator_in_planning"]
            del self.fields["planning_notes"]
        self.person_fields: list[tuple[Person, str, str | None]] = []
        for person in people:
            is_professional = person.ring == Ring.PROFESSIONALS
            choices = [
                (value, label)
                for value, label in Part.choices
                if not (private and is_professional and value == Part.PLANNING)
            ]
            name = f"parts_{person.uuid.hex}"
            label = person.name
            if person.organisation:
                label = f"{person.name} ({person.organisation})"
            if parties:
                label = _("%(name)s, partij %(party)s") % {"name": label, "party": person.party}
            self.fields[name] = forms.MultipleChoiceField(
                label=label,
                choices=choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                help_text=_("Deel 2 is besloten: professionals zijn daar niet bij.")
                if private and is_professional
                else "",
            )
            info_name = None
            if is_professional:
                info_name = f"info_{person.uuid.hex}"
                self.fields[info_name] = forms.BooleanField(
                    label=_("%(name)s gaf informatie in deel 1") % {"name": person.name},
                    required=False,
                )
            self.person_fields.append((person, name, info_name))

    def rows(self) -> list[tuple[Person, set[str], bool]]:
        """(person, parts present, gave information) from the cleaned data."""
        result = []
        for person, name, info_name in self.person_fields:
            parts = set(self.cleaned_data.get(name) or [])
            info = bool(info_name and self.cleaned_data.get(info_name))
            result.append((person, parts, info))
        return result

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for person, name, info_name in self.person_fields:
            if info_name and data.get(info_name) and Part.INFORMATION not in (data.get(name) or []):
                self.add_error(
                    info_name,
                    _("Wie informatie gaf, was bij deel 1. Vink deel 1 aan bij %(name)s.")
                    % {"name": person.name},
                )
        return data
