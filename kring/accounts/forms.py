"""Forms for logging in and for administrators' imports."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kring.accounts.models import Region, User
from kring.core.languages import document_language
from kring.core.links import absolute_url
from kring.outbox import services as outbox


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


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's reset form, but the mail goes through the outbox with a link on KRING_BASE_URL
    (never on the Host header a visitor sent)."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, object],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        user = context["user"]
        assert isinstance(user, User)
        path = reverse(
            "accounts:password_reset_confirm",
            kwargs={"uidb64": context["uid"], "token": context["token"]},
        )
        outbox.send_mail(
            "account.password_reset",
            to=to_email,
            template="accounts/password_reset",
            context={"url": absolute_url(path)},
            language=document_language(user.preferred_language),
            about=user,
        )


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
