"""Forms: the follow-up meeting with its outcome register, and the satisfaction survey."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kring.cases.models import Case
from kring.core.forms import DateInput, DateTimeInput, ModelMultipleChoiceField
from kring.followup import meetings
from kring.followup.models import (
    AgreementsOutcome,
    ProfessionalHelp,
    Progress,
    QuestionAnswered,
    SafetyHolds,
)
from kring.network.models import Person
from kring.plans.models import Agreement

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

NEXT, CLOSE = "next", "close"


class PeopleField(ModelMultipleChoiceField):
    """People shown by name (and organisation for professionals)."""

    def label_from_instance(self, obj: Person) -> str:
        if obj.organisation:
            return f"{obj.name} ({obj.organisation})"
        return str(obj.name)


def _radio(
    label: StrOrPromise, choices: Sequence[tuple[str, StrOrPromise]], required_message: StrOrPromise
) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": required_message,
            "invalid_choice": _("Kies een van de mogelijkheden."),
        },
    )


class FollowUpForm(forms.Form):
    """One follow-up meeting: date, who came, per agreement how it went, the outcome register,
    what changes, and the next meeting or closing the case."""

    held_on = forms.DateField(
        label=_("Datum van de vervolgbijeenkomst"),
        widget=DateInput(),
        error_messages={
            "required": _("Vul de datum van de bijeenkomst in."),
            "invalid": _("Vul een geldige datum in, bijvoorbeeld 12-03-2026."),
        },
    )
    present = PeopleField(
        label=_("Wie waren er?"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    agreements = _radio(
        _("Zijn de afspraken gedaan?"),
        AgreementsOutcome.choices,
        _("Kies of de afspraken gedaan zijn: gedaan, deels of niet."),
    )
    question_answered = _radio(
        _("Is de centrale vraag beantwoord?"),
        QuestionAnswered.choices,
        _("Kies of de centrale vraag beantwoord is: ja, deels of nee."),
    )
    professional_help = _radio(
        _("Is er nu minder, evenveel of meer hulp van professionals?"),
        ProfessionalHelp.choices,
        _("Kies of er minder, evenveel of meer hulp van professionals is."),
    )
    safety_holds = _radio(
        _("Geldt er nog een minimumeis?"),
        SafetyHolds.choices,
        _("Kies of er nog een minimumeis geldt."),
    )
    changes = forms.CharField(
        label=_("Wat verandert er aan het plan?"),
        help_text=_(
            "Kort, zonder namen van mensen buiten de kring. Het plan zelf past u aan op de "
            "planpagina."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )
    next_step = _radio(
        _("Hoe gaat het verder?"),
        [
            (NEXT, _("We plannen een nieuwe vervolgbijeenkomst")),
            (CLOSE, _("Het traject wordt afgesloten")),
        ],
        _("Kies: een nieuwe vervolgbijeenkomst plannen, of afsluiten."),
    )
    next_at = forms.DateTimeField(
        label=_("Datum en tijd van de volgende vervolgbijeenkomst"),
        widget=DateTimeInput(),
        required=False,
        error_messages={"invalid": _("Vul een geldige datum en tijd in.")},
    )

    def __init__(self, *args: Any, case: Case, agreements: list[Agreement], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case = case
        self.agreement_list = agreements
        self.fields["present"].queryset = Person.objects.filter(case=case)  # type: ignore[attr-defined]
        for agreement in agreements:
            self.fields[f"progress_{agreement.pk}"] = _radio(
                _("Hoe ging het?"),
                Progress.choices,
                _("Kies hoe het ging met deze afspraak."),
            )
            self.fields[f"note_{agreement.pk}"] = forms.CharField(
                label=_("Toelichting"), max_length=500, required=False
            )

    def agreement_rows(self) -> list[tuple[Agreement, forms.BoundField, forms.BoundField]]:
        """Each agreement with its two fields, for the template."""
        return [(a, self[f"progress_{a.pk}"], self[f"note_{a.pk}"]) for a in self.agreement_list]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        held_on = data.get("held_on")
        if held_on and held_on > timezone.localdate():
            self.add_error("held_on", _("De vervolgbijeenkomst kan niet in de toekomst liggen."))
        if data.get("next_step") == NEXT:
            at = data.get("next_at")
            if at is None and "next_at" not in self.errors:
                self.add_error("next_at", _("Vul de datum en tijd van de volgende bijeenkomst in."))
            elif at is not None and at <= timezone.now():
                self.add_error("next_at", _("Kies een datum in de toekomst."))
        if all(data.get(k) for k in ("agreements", "question_answered", "professional_help")):
            outcomes = self.outcomes()
            if outcomes is not None:
                for field, message in meetings.check_outcomes(self.case, outcomes).items():
                    self.add_error(field, message)
        return data

    def outcomes(self) -> meetings.Outcomes | None:
        data = self.cleaned_data
        if not data.get("safety_holds"):
            return None
        return meetings.Outcomes(
            agreements=data["agreements"],
            question_answered=data["question_answered"],
            professional_help=data["professional_help"],
            safety_holds=data["safety_holds"],
        )

    def steps(self) -> list[meetings.AgreementStep]:
        data = self.cleaned_data
        return [
            meetings.AgreementStep(a, data[f"progress_{a.pk}"], data.get(f"note_{a.pk}", ""))
            for a in self.agreement_list
        ]


SCORES = [(str(n), str(n)) for n in range(1, 11)]


def _score(label: StrOrPromise) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=SCORES,
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "scores"}),
        help_text=_("1 is heel slecht, 10 is heel goed."),
        error_messages={
            "required": _("Kies een cijfer van 1 tot en met 10."),
            "invalid_choice": _("Kies een cijfer van 1 tot en met 10."),
        },
    )


class SurveyForm(forms.Form):
    """The short satisfaction survey after the conference; nothing in it names anyone."""

    heard = _score(_("Voelde u zich gehoord?"))
    plan = _score(_("Hoe tevreden bent u over het plan?"))
    coordinator = _score(_("Hoe tevreden bent u over de coördinator?"))
    open_answer = forms.CharField(
        label=_("Wat wilt u ons nog zeggen?"),
        help_text=_("Schrijf liever geen namen op. Uw antwoord wordt zonder uw naam bewaard."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=1000,
        required=False,
        error_messages={"max_length": _("Schrijf hooguit 1000 tekens.")},
    )
