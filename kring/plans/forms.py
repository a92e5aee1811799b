"""Forms for the plan, the safety assessment and delivery."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from kring.cases.access import check_in_opens_on
from kring.cases.models import Case
from kring.core.forms import DateInput, DateTimeInput, ModelChoiceField, ModelMultipleChoiceField
from kring.network.models import Person, SafetyRequirement
from kring.plans.check_in import held_on_error
from kring.plans.delivery import Caution, unconfirmed
from kring.plans.models import Agreement, Outcome, Plan


class PeopleChoiceField(ModelMultipleChoiceField):
    """People shown by name (and organisation for professionals)."""

    def label_from_instance(self, obj: Person) -> str:
        if obj.organisation:
            return f"{obj.name} ({obj.organisation})"
        return str(obj.name)


class RequirementChoiceField(ModelMultipleChoiceField):
    """Minimum requirements shown in full, with who set them."""

    def label_from_instance(self, obj: SafetyRequirement) -> str:
        return f"{obj.text} ({obj.organisation})"


class PlanForm(forms.ModelForm):
    agreed_by = PeopleChoiceField(
        label=_("Wie is het eens met het plan?"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Plan
        fields = [
            "question",
            "contingency",
            "follow_up_at",
            "follow_up_place",
            "follow_up_organiser",
            "agreed_by",
            "made_without_conference",
            "no_conference_reason",
        ]
        widgets = {
            "question": forms.Textarea(attrs={"rows": 2}),
            "contingency": forms.Textarea(attrs={"rows": 4}),
            "no_conference_reason": forms.Textarea(attrs={"rows": 3}),
            "follow_up_at": DateTimeInput(),
        }
        help_texts = {
            "follow_up_at": _("Verplicht voordat het plan verstuurd kan worden."),
        }

    def __init__(
        self, *args: Any, participants: list[Person], allow_without_conference: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agreed_by"].queryset = Person.objects.filter(  # type: ignore[attr-defined]
            pk__in=[p.pk for p in participants]
        ).order_by("-is_main_person", "name", "id")
        if not allow_without_conference:
            del self.fields["made_without_conference"]
            del self.fields["no_conference_reason"]
        else:
            self.fields["made_without_conference"].label = _(
                "Dit plan is gemaakt zonder conferentie"
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("made_without_conference")
            and not (data.get("no_conference_reason") or "").strip()
        ):
            self.add_error("no_conference_reason", _("Schrijf op waarom er geen conferentie was."))
        at = data.get("follow_up_at")
        if at is not None and "follow_up_at" in self.changed_data and at < timezone.now():
            self.add_error("follow_up_at", _("Kies een datum in de toekomst."))
        return data


class AgreementForm(forms.ModelForm):
    performers = PeopleChoiceField(
        label=_("Wie doet het?"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    meets_requirements = RequirementChoiceField(
        label=_("Bij welke minimumeis hoort deze afspraak?"),
        queryset=SafetyRequirement.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Agreement
        fields = ["what", "performers", "organisation", "due", "how_known", "meets_requirements"]
        widgets = {"what": forms.Textarea(attrs={"rows": 3}), "due": DateInput()}

    def __init__(
        self,
        *args: Any,
        participants: list[Person],
        requirements: list[SafetyRequirement],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["performers"].queryset = Person.objects.filter(  # type: ignore[attr-defined]
            pk__in=[p.pk for p in participants]
        ).order_by("-is_main_person", "name", "id")
        if requirements:
            self.fields["meets_requirements"].queryset = SafetyRequirement.objects.filter(  # type: ignore[attr-defined]
                pk__in=[r.pk for r in requirements]
            ).order_by("set_on", "id")
        else:
            del self.fields["meets_requirements"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("performers") and not (data.get("organisation") or "").strip():
            self.add_error(
                "performers", _("Kies wie het doet, of vul een organisatie in die het doet.")
            )
        return data


class SupportForm(forms.Form):
    what = forms.CharField(
        label=_("Welke steun vragen jullie?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    organisation = forms.CharField(label=_("Van welke organisatie?"), max_length=150)
    professional = ModelChoiceField(
        label=_("Aan welke professional?"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("Deze professional kan de vraag toezeggen of afwijzen."),
    )

    def __init__(self, *args: Any, professionals: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["professional"].queryset = Person.objects.filter(  # type: ignore[attr-defined]
            pk__in=[p.pk for p in professionals]
        ).order_by("name", "id")


class RecipientChoiceField(PeopleChoiceField):
    """Recipients; someone without an e-mail address is marked, since no link can be sent."""

    def label_from_instance(self, obj: Person) -> str:
        label = super().label_from_instance(obj)
        if not obj.email:
            return str(
                _("%(label)s – geen e-mailadres, geef het plan op papier") % {"label": label}
            )
        return label


@dataclass(frozen=True)
class RecipientRow:
    """One possible recipient as the delivery form shows it."""

    person: Person
    label: str
    index: int
    checked: bool
    # A main person always receives the plan: shown ticked, not changeable.
    always: bool
    cautions: list[Caution]
    confirmed: bool


class DeliverForm(forms.Form):
    """Who receives the plan. Nobody is ticked unless the main person chose them; someone with
    a caution (`kring.plans.delivery.recipient_cautions`) also needs the second tick."""

    recipients = RecipientChoiceField(
        label=_("Wie krijgt het plan? (de hoofdpersoon kiest)"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "De hoofdperso(o)n(en) krijgen het plan altijd. "
            "Iedereen krijgt een persoonlijke link per e-mail."
        ),
    )
    confirmed = ModelMultipleChoiceField(
        label=_("Toch versturen"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: Any,
        choices: list[Person],
        cautions: dict[int, list[Caution]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.choices = choices
        self.cautions = cautions
        self.fields["recipients"].queryset = Person.objects.filter(  # type: ignore[attr-defined]
            pk__in=[p.pk for p in choices]
        ).order_by("-is_main_person", "ring", "name", "id")
        self.fields["confirmed"].queryset = Person.objects.filter(  # type: ignore[attr-defined]
            pk__in=[p.pk for p in choices if p.pk in cautions]
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = data.get("recipients") or []
        confirmed = data.get("confirmed") or []
        for person in unconfirmed(chosen, confirmed, self.cautions):
            self.add_error(
                "recipients",
                _(
                    "%(name)s: bevestig eerst dat deze persoon het plan toch mag krijgen, "
                    "of haal het vinkje weg."
                )
                % {"name": person.name},
            )
        return data

    def _ticked(self, name: str) -> set[str]:
        if self.is_bound:
            getlist = getattr(self.data, "getlist", None)
            values = getlist(name) if getlist else self.data.get(name, [])
            return {str(v) for v in values}
        return {str(getattr(v, "pk", v)) for v in self.initial.get(name, [])}

    def rows(self) -> list[RecipientRow]:
        """The choices in order, each with what is ticked (as posted, or the initial choice)."""
        field = self.fields["recipients"]
        assert isinstance(field, RecipientChoiceField)
        ticked = self._ticked("recipients")
        confirmed = self._ticked("confirmed")
        return [
            RecipientRow(
                person=p,
                label=field.label_from_instance(p),
                index=i,
                checked=p.is_main_person or str(p.pk) in ticked,
                always=p.is_main_person,
                cautions=self.cautions.get(p.pk, []),
                confirmed=str(p.pk) in confirmed,
            )
            for i, p in enumerate(self.choices)
        ]


class AssessmentForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Voldoet het plan aan deze minimumeis?"),
        choices=Outcome.choices,
        widget=forms.RadioSelect,
    )
    explanation = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Verplicht als het plan niet voldoet: de familie leest wat er ontbreekt."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("outcome")
            and data["outcome"] != Outcome.MET
            and not (data.get("explanation") or "").strip()
        ):
            self.add_error("explanation", _("Leg uit wat er ontbreekt of waarom u zo besluit."))
        return data


class SupportAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Uw antwoord"),
        choices=[
            ("accept", _("Ja, wij geven deze steun")),
            ("decline", _("Nee, dit kunnen wij niet geven")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Zegt u nee? Leg dan kort uit waarom, zodat de familie iets anders kan zoeken."
        ),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("answer") == "decline" and not (data.get("note") or "").strip():
            self.add_error("note", _("Leg kort uit waarom u deze steun niet kunt geven."))
        return data


class CheckInForm(forms.Form):
    held_on = forms.DateField(label=_("Datum van het nabelgesprek"), widget=DateInput())
    note = forms.CharField(
        label=_("Hoe gaat het met het plan?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case = case
        opens = check_in_opens_on(case)
        if opens is not None:
            self.fields["held_on"].help_text = _(
                "Een datum vanaf %(opens)s tot en met vandaag."
            ) % {"opens": date_format(opens, "j F Y")}

    def clean_held_on(self) -> datetime.date:
        value: datetime.date = self.cleaned_data["held_on"]
        error = held_on_error(self.case, value)
        if error:
            raise forms.ValidationError(error)
        return value


class AdoptDraftForm(forms.Form):
    """Taking the family's draft over: each of their agreements needs a date to start with."""

    due = forms.DateField(
        label=_("Klaar op (voor elke afspraak, later per afspraak aan te passen)"),
        widget=DateInput(),
    )
