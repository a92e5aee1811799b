"""Forms for logging in and for administrators' imports."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from kring.accounts.models import Region


class EmailAuthenticationForm(AuthenticationForm):
    """Django's login form, labelled for e-mail addresses and in plain Dutch."""

    username = forms.EmailField(
        label=_("E-mailadres"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    error_messages = {
        "invalid_login": _(
            "Het e-mailadres of het wachtwoord klopt niet. Let op hoofdletters en kleine letters."
        ),
        "inactive": _("Dit account is niet actief. Neem contact op met uw regiomanager."),
    }

    def clean_username(self) -> str:
        return str(self.cleaned_data["username"]).strip().lower()


class MunicipalityImportForm(forms.Form):
    """Upload the yearly list of municipalities (CSV with code and name)."""

    file = forms.FileField(
        label=_("CSV-bestand"),
        help_text=_(
            "Kolommen: code, naam en optioneel regio (naam of slug). "
            "Bijvoorbeeld: GM0363;Amsterdam."
        ),
    )
    default_region = forms.ModelChoiceField(
        queryset=Region.objects.all(),
        label=_("Regio voor nieuwe gemeenten zonder regio"),
        required=False,
    )
    deactivate_missing = forms.BooleanField(
        label=_("Gemeenten die niet in het bestand staan op inactief zetten"),
        required=False,
        initial=True,
    )
