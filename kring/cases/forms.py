"""Forms on the case page."""

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kring.accounts.models import Municipality
from kring.cases.models import Case, Contact, ContactChannel
from kring.cases.states import StopReason
from kring.core.forms import ModelChoiceField
from kring.core.languages import language_choices
from kring.intake.choices import CourtMeasure, GenderWish, Topic, Variant
from kring.intake.forms import YES_NO, ChoiceCheckboxes, ChoiceRadios, text_field


class DeclarationForm(forms.Form):
    """The coordinator's independence declaration for one case."""

    answer = forms.ChoiceField(
        label=_("Uw verklaring"),
        choices=[
            ("independent", _("Ik ben onafhankelijk: ik heb geen relatie of belang")),
            ("conflict", _("Ik heb wel een relatie of belang")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies een van de twee antwoorden.")},
    )
    note = forms.CharField(
        label=_("Toelichting (bij een relatie of belang)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Schrijf kort op wat de relatie of het belang is. Noem geen namen."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("answer") == "conflict" and not data.get("note", "").strip():
            self.add_error("note", _("Schrijf kort op wat de relatie of het belang is."))
        return data

    @property
    def has_conflict(self) -> bool:
        return self.cleaned_data["answer"] == "conflict"


class ContactForm(forms.ModelForm):
    """One contact in the contact log (also used for the first contact)."""

    class Meta:
        model = Contact
        fields = ["occurred_on", "with_whom", "channel", "note"]
        widgets = {
            "occurred_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "with_whom": _("Bijvoorbeeld: de aanvrager, de moeder, de leerkracht."),
            "note": _("Kort en feitelijk. Wat is afgesproken?"),
        }
        error_messages = {
            "occurred_on": {
                "required": _("Vul de datum in."),
                "invalid": _("Vul een geldige datum in, bijvoorbeeld 24-11-2026."),
            },
            "with_whom": {"required": _("Vul in met wie u contact had.")},
            "channel": {"required": _("Kies hoe u contact had.")},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("occurred_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        channel: Any = self.fields["channel"]
        channel.choices = [("", _("Kies…")), *ContactChannel.choices]

    def clean_occurred_on(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["occurred_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("De datum ligt in de toekomst."))
        return day


class StopForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Waarom stopt het traject?"),
        choices=[("", _("Kies een reden…")), *StopReason.choices],
        error_messages={"required": _("Kies een reden.")},
    )
    note = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Verplicht bij 'Anders'."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("reason") == StopReason.OTHER and not data.get("note", "").strip():
            self.add_error("note", _("Schrijf kort op waarom het traject stopt."))
        return data


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Waarom neemt u de coördinator terug?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Schrijf kort op waarom u de coördinator terugneemt.")},
    )


def _yes(value: str) -> bool:
    return value == "yes"


class FactsForm(forms.Form):
    """The case's own facts, to correct after intake. Staff also see where the case belongs
    (the municipality: a move to another region re-routes it) and the coordinator wishes."""

    question = text_field(
        _("Centrale vraag"),
        2000,
        multi_line=True,
        error_messages={"required": _("Schrijf de vraag op.")},
    )
    topics = forms.MultipleChoiceField(
        label=_("Onderwerpen"),
        required=False,
        choices=Topic.choices,
        widget=ChoiceCheckboxes(attrs={"class": "choices-columns"}),
        error_messages={"invalid_choice": _("Kies onderwerpen uit de lijst.")},
    )
    minors_involved = forms.TypedChoiceField(
        label=_("Kinderen onder 18 betrokken"),
        choices=YES_NO,
        coerce=_yes,
        widget=ChoiceRadios,
        error_messages={"required": _("Kies ja of nee.")},
    )
    safety_at_stake = forms.TypedChoiceField(
        label=_("Veiligheid in het geding"),
        choices=YES_NO,
        coerce=_yes,
        widget=ChoiceRadios,
        error_messages={"required": _("Kies ja of nee.")},
    )
    court_measure = forms.ChoiceField(
        label=_("Maatregel van de rechter"),
        choices=CourtMeasure.choices,
        widget=ChoiceRadios,
        error_messages={"required": _("Kies een antwoord.")},
    )
    main_language = forms.ChoiceField(
        label=_("Hoofdtaal van het gezin"),
        choices=[],
        help_text=_("De taal waarin de coördinator met het gezin praat. Matching kijkt hiernaar."),
        error_messages={
            "required": _("Kies de hoofdtaal."),
            "invalid_choice": _("Kies een taal uit de lijst."),
        },
    )
    municipality = ModelChoiceField(
        label=_("Gemeente"),
        queryset=Municipality.objects.filter(active=True).select_related("region").order_by("name"),
        help_text=_("Een gemeente in een andere regio stuurt het traject naar die regio."),
        error_messages={
            "required": _("Kies een gemeente."),
            "invalid_choice": _("Kies een gemeente uit de lijst."),
        },
    )
    preferred_gender = forms.ChoiceField(
        label=_("Wens: een vrouw of een man"),
        required=False,
        choices=[("", _("Maakt niet uit")), *GenderWish.choices],
        widget=ChoiceRadios,
    )
    preferred_language = forms.ChoiceField(
        label=_("Wens: de coördinator spreekt"),
        required=False,
        choices=[],
    )
    preferred_culture = text_field(_("Wens: culturele achtergrond"), 100, required=False)
    coordinator_wish = text_field(
        _("Andere wens over de coördinator"),
        500,
        multi_line=True,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    STAFF_FIELDS = (
        "municipality",
        "preferred_gender",
        "preferred_language",
        "preferred_culture",
        "coordinator_wish",
    )

    def __init__(self, *args: Any, staff: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        languages = language_choices()
        main: Any = self.fields["main_language"]
        main.choices = languages
        if staff:
            wish: Any = self.fields["preferred_language"]
            wish.choices = [("", _("Geen voorkeur")), *languages]
        else:
            for name in self.STAFF_FIELDS:
                del self.fields[name]


def facts_initial(case: Case) -> dict[str, Any]:
    """The facts form's values from the case."""
    return {
        "question": case.question,
        "topics": list(case.topics),
        "minors_involved": "yes" if case.minors_involved else "no",
        "safety_at_stake": "yes" if case.safety_at_stake else "no",
        "court_measure": case.court_measure,
        "main_language": case.main_language,
        "municipality": case.municipality_id,
        "preferred_gender": case.preferred_gender,
        "preferred_language": case.preferred_language,
        "preferred_culture": case.preferred_culture,
        "coordinator_wish": case.coordinator_wish,
    }


class VariantForm(forms.Form):
    variant = forms.ChoiceField(
        label=_("Soort conferentie"),
        choices=Variant.choices,
        widget=ChoiceRadios,
        help_text=_(
            "Kan tot de conferentie gepland is. Kijk daarna in de kring wie bij welk deel komt."
        ),
        error_messages={
            "required": _("Kies de soort conferentie."),
            "invalid_choice": _("Kies een soort uit de lijst."),
        },
    )
