"""Forms for the circle: people, consent, informing, safety and contact restrictions."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kring.accounts.models import User
from kring.cases.models import Case, Part, Variant
from kring.core.forms import ModelChoiceField
from kring.languages.services import language_choices
from kring.network.access import requirement_setters_for
from kring.network.models import InformedVia, Person, PersonStatus, RestrictionKind


class PersonForm(forms.ModelForm):
    """Add or edit someone in the circle."""

    language = forms.ChoiceField(
        label=_("Taal"),
        choices=[],
        initial="nl",
        help_text=_(
            "Uitnodigingen, brieven, pagina's en het plan komen in deze taal. "
            "Een beheerder kan talen toevoegen."
        ),
        error_messages={"invalid_choice": _("Kies een taal uit de lijst.")},
    )
    parts = forms.MultipleChoiceField(
        label=_("Uitgenodigd voor"),
        choices=Part.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Leeg laten: de gewone delen voor deze kring."),
    )

    class Meta:
        model = Person
        fields = [
            "name",
            "party",
            "relation",
            "ring",
            "organisation",
            "email",
            "phone",
            "language",
            "reminders_off",
            "is_minor",
            "suggested_by",
            "needs_interpreter",
            "interpreter_language",
            "needs_accessibility",
            "needs_childcare",
            "needs_travel",
            "parts",
        ]
        field_classes = {"suggested_by": ModelChoiceField}

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Every active language; a language given earlier and since made inactive stays.
        choices = language_choices()
        current = self.instance.language if self.instance.pk else ""
        if current and current not in dict(choices):
            choices.append((current, current))
        language: Any = self.fields["language"]
        language.choices = choices
        qs = Person.objects.filter(case=case)
        if self.instance.pk:
            qs = qs.exclude(pk=self.instance.pk)
        self.fields["suggested_by"].queryset = qs  # type: ignore[attr-defined]
        self.fields["suggested_by"].help_text = _(
            "Wie noemde deze persoon? (\u201cwie nog meer?\u201d)"
        )
        if case.variant == Variant.RESTORATION:
            # Two parties, each with its own circle: whose circle does this person belong to?
            self.fields["party"] = forms.TypedChoiceField(
                label=_("Partij"),
                choices=[(1, _("Partij 1")), (2, _("Partij 2"))],
                coerce=int,
                initial=self.instance.party if self.instance.pk else 1,
                help_text=_("Bij herstel heeft elke partij een eigen kring."),
            )
        else:
            del self.fields["party"]


class ConsentForm(forms.Form):
    given_by = forms.CharField(
        label=_("Wie gaf toestemming?"),
        max_length=150,
        help_text=_("De hoofdpersoon, of de ouder of voogd als de hoofdpersoon minderjarig is."),
    )
    on_behalf_of_minor = forms.BooleanField(
        label=_("Gegeven namens een minderjarige hoofdpersoon"), required=False
    )


class InformedForm(forms.Form):
    informed_on = forms.DateField(
        label=_("Datum"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=timezone.localdate,
    )
    channel = forms.ChoiceField(label=_("Hoe"), choices=InformedVia.choices)
    note = forms.CharField(
        label=_("Wat vroeg of zei deze persoon?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        help_text=_("Bijvoorbeeld wie er nog meer zou moeten komen."),
    )

    def clean_informed_on(self) -> datetime.date:
        value: datetime.date = self.cleaned_data["informed_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("Deze datum ligt in de toekomst."))
        return value


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=PersonStatus.choices)


class SafetyRequirementForm(forms.Form):
    text = forms.CharField(
        label=_("Minimumeis"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )
    set_by = ModelChoiceField(label=_("Gesteld door"), queryset=Person.objects.none())
    organisation = forms.CharField(label=_("Organisatie"), max_length=150)
    set_on = forms.DateField(
        label=_("Datum"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=timezone.localdate,
    )

    def __init__(self, *args: Any, case: Case, user: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["set_by"].queryset = requirement_setters_for(user, case)  # type: ignore[attr-defined]
        self.fields["set_by"].help_text = _("Een professional uit de kring.")


class ChangeRequirementForm(forms.Form):
    """The author changes the text (or the organisation) of their requirement."""

    text = forms.CharField(
        label=_("Nieuwe tekst van de minimumeis"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("Na een wijziging beoordeelt de professional het plan opnieuw."),
    )
    organisation = forms.CharField(label=_("Organisatie"), max_length=150)


class WithdrawRequirementForm(forms.Form):
    reason = forms.CharField(
        label=_("Waarom trekt u de minimumeis in?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
    )


class HandOverRequirementForm(forms.Form):
    """Hand a requirement to a colleague of the same organisation in the circle."""

    to = forms.ChoiceField(
        label=_("Aan welke collega?"),
        help_text=_("Een professional uit de kring van dezelfde organisatie."),
    )
    reason = forms.CharField(
        label=_("Waarom?"),
        max_length=1000,
        help_text=_("Bijvoorbeeld: de opsteller werkt hier niet meer."),
    )

    def __init__(self, *args: Any, colleagues: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Choices from the people the page already loaded: no query per requirement.
        self.colleagues = {p.uuid.hex: p for p in colleagues}
        self.fields["to"].choices = [  # type: ignore[attr-defined]
            ("", _("Kies een collega")),
            *((key, p.name) for key, p in self.colleagues.items()),
        ]

    def colleague(self) -> Person:
        """The chosen colleague (after validation)."""
        return self.colleagues[self.cleaned_data["to"]]


class RestrictionForm(forms.Form):
    person_a = ModelChoiceField(label=_("Persoon"), queryset=Person.objects.none())
    person_b = ModelChoiceField(label=_("Mag niet samen zijn met"), queryset=Person.objects.none())
    kind = forms.ChoiceField(label=_("Soort"), choices=RestrictionKind.choices)
    note = forms.CharField(
        label=_("Toelichting"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("person_a", "person_b"):
            self.fields[name].queryset = Person.objects.filter(case=case)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("person_a") and data.get("person_a") == data.get("person_b"):
            raise forms.ValidationError(_("Kies twee verschillende personen."))
        return data


class DecisionForm(forms.Form):
    reason = forms.CharField(
        label=_("Waarom mogen zij toch bij hetzelfde deel zijn?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
    )
