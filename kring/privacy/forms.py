"""The privacy pages' two small forms."""

from django import forms
from django.utils.translation import gettext_lazy as _


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Referentie of e-mailadres"),
        max_length=254,
        help_text=_(
            "Het nummer van een traject of aanvraag (EK-2026-00042), of het e-mailadres "
            "van een account."
        ),
        error_messages={"required": _("Vul een referentie of e-mailadres in.")},
    )


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Ik begrijp dat dit niet ongedaan kan worden gemaakt."),
        error_messages={"required": _("Vink aan dat u dit begrijpt.")},
    )
