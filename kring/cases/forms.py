"""Forms on the case page."""

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kring.cases.models import Contact, ContactChannel
from kring.cases.states import StopReason


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
