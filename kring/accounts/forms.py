"""Forms for signing in, the second factor, passwords, and keeping people and places."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kring.accounts.models import Municipality, Region, Role, User
from kring.core.forms import ModelChoiceField, ModelMultipleChoiceField
from kring.core.languages import document_language
from kring.core.links import absolute_url
from kring.outbox import services as outbox

# Django 6.1's own empty choice ("- Select an option -") has no Dutch translation yet.
EMPTY_CHOICE = _("– Kies –")


class EmailAuthenticationForm(AuthenticationForm):
    """Django's login form, labelled for e-mail addresses and in plain Dutch."""

    username = forms.EmailField(
        label=_("E-mailadres"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _(
            "Het e-mailadres of het wachtwoord klopt niet. Let op hoofdletters en kleine letters."
        ),
        "inactive": _("Dit account is niet actief. Neem contact op met uw regiomanager."),
    }

    def clean_username(self) -> str:
        return str(self.cleaned_data["username"]).strip().lower()


class CodeForm(forms.Form):
    """A six-digit code from the authenticator app (or, at sign-in, a recovery code)."""

    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "spellcheck": "false",
            }
        ),
        error_messages={"required": _("Vul de code in.")},
    )


class KringSetPasswordForm(SetPasswordForm):
    """Choose a password (twice), checked by the rules in plain Dutch."""

    error_messages = {"password_mismatch": _("De twee wachtwoorden zijn niet hetzelfde.")}

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(user, *args, **kwargs)
        self.fields["new_password1"].label = _("Nieuw wachtwoord")
        self.fields["new_password1"].help_text = " ".join(
            str(text) for text in password_validation.password_validators_help_texts()
        )
        self.fields["new_password2"].label = _("Herhaal het wachtwoord")
        self.fields["new_password2"].help_text = ""
        for name in ("new_password1", "new_password2"):
            self.fields[name].error_messages["required"] = _("Vul een wachtwoord in.")


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's reset form, but the mail goes through the outbox with a link on KRING_BASE_URL
    (never on the Host header a visitor sent)."""

    email = forms.EmailField(
        label=_("E-mailadres"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Vul uw e-mailadres in."),
            "invalid": _("Dit is geen geldig e-mailadres."),
        },
    )

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


def _region_choices(regions: QuerySet[Region]) -> QuerySet[Region]:
    return regions.filter(active=True).order_by("name")


class InviteForm(forms.Form):
    """Invite someone by e-mail, with their role and (for staff) their regions."""

    full_name = forms.CharField(label=_("Naam"), max_length=150)
    email = forms.EmailField(
        label=_("E-mailadres"),
        max_length=254,
        error_messages={"invalid": _("Dit is geen geldig e-mailadres.")},
    )
    role = forms.ChoiceField(label=_("Rol"))
    regions = ModelMultipleChoiceField(
        label=_("Regio's"),
        queryset=Region.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Voor regiomanagers en coördinatoren: de regio's waar zij werken."),
    )
    organisation = forms.CharField(
        label=_("Organisatie"),
        max_length=150,
        required=False,
        help_text=_("Voor professionals en financiers: de instelling of gemeente."),
    )
    funder_municipality = ModelChoiceField(
        label=_("Gemeente (financier)"),
        queryset=Municipality.objects.none(),
        required=False,
        empty_label=EMPTY_CHOICE,
    )

    def __init__(
        self,
        *args: Any,
        roles: list[Role],
        regions: QuerySet[Region],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        role = self.fields["role"]
        assert isinstance(role, forms.ChoiceField)
        role.choices = [("", EMPTY_CHOICE), *((r.value, r.label) for r in roles)]
        role.error_messages["required"] = _("Kies een rol.")
        role.error_messages["invalid_choice"] = _("Kies een van de rollen.")
        region_field = self.fields["regions"]
        assert isinstance(region_field, forms.ModelMultipleChoiceField)
        region_field.queryset = _region_choices(regions)
        region_field.error_messages["invalid_choice"] = _("Kies alleen regio's uit de lijst.")
        funder = self.fields["funder_municipality"]
        assert isinstance(funder, forms.ModelChoiceField)
        funder.queryset = Municipality.objects.filter(active=True).order_by("name")
        if Role.FUNDER not in roles:
            del self.fields["funder_municipality"]
        if not {Role.PROFESSIONAL, Role.FUNDER} & set(roles):
            del self.fields["organisation"]

    def clean_email(self) -> str:
        email = str(self.cleaned_data["email"]).strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("Er is al een account met dit e-mailadres."))
        return email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        role = data.get("role")
        if role in {Role.REGIONAL_MANAGER, Role.COORDINATOR} and not data.get("regions"):
            self.add_error("regions", _("Kies minstens één regio."))
        if (
            role == Role.FUNDER
            and "funder_municipality" in self.fields
            and not data.get("funder_municipality")
        ):
            self.add_error("funder_municipality", _("Kies de gemeente van de financier."))
        return data


class StaffEditForm(forms.Form):
    """Change someone's name, role and regions (a new role ends their sessions)."""

    full_name = forms.CharField(label=_("Naam"), max_length=150)
    role = forms.ChoiceField(label=_("Rol"))
    regions = ModelMultipleChoiceField(
        label=_("Regio's"),
        queryset=Region.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    organisation = forms.CharField(label=_("Organisatie"), max_length=150, required=False)

    def __init__(
        self, *args: Any, roles: list[Role], regions: QuerySet[Region], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        role = self.fields["role"]
        assert isinstance(role, forms.ChoiceField)
        role.choices = [(r.value, r.label) for r in roles]
        role.error_messages["invalid_choice"] = _("Kies een van de rollen.")
        region_field = self.fields["regions"]
        assert isinstance(region_field, forms.ModelMultipleChoiceField)
        region_field.queryset = _region_choices(regions)
        region_field.error_messages["invalid_choice"] = _("Kies alleen regio's uit de lijst.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("role") in {Role.REGIONAL_MANAGER, Role.COORDINATOR} and not data.get(
            "regions"
        ):
            self.add_error("regions", _("Kies minstens één regio."))
        return data


class RegionForm(forms.ModelForm):
    """A region and its office."""

    contact_deadline_days = forms.IntegerField(
        label=_("Contact binnen (werkdagen)"),
        min_value=1,
        max_value=30,
        initial=3,
        help_text=_("Binnen hoeveel werkdagen nemen we contact op met de aanvrager?"),
        error_messages={
            "min_value": _("Kies een getal van 1 tot en met 30."),
            "max_value": _("Kies een getal van 1 tot en met 30."),
            "invalid": _("Vul een heel getal in."),
            "required": _("Vul een aantal werkdagen in."),
        },
    )

    class Meta:
        model = Region
        fields = [
            "name",
            "office_phone",
            "office_email",
            "office_address",
            "contact_deadline_days",
            "funding_required",
        ]
        error_messages = {
            "name": {
                "unique": _("Er is al een regio met deze naam."),
                "required": _("Vul een naam in."),
            },
            "office_email": {"invalid": _("Dit is geen geldig e-mailadres.")},
        }


class MunicipalityForm(forms.ModelForm):
    """A municipality by its CBS code, in one region."""

    class Meta:
        model = Municipality
        fields = ["code", "name", "region"]
        field_classes = {"region": ModelChoiceField}
        error_messages = {"code": {"unique": _("Er is al een gemeente met deze CBS-code.")}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region = self.fields["region"]
        assert isinstance(region, forms.ModelChoiceField)
        region.queryset = Region.objects.filter(active=True).order_by("name")
        region.empty_label = EMPTY_CHOICE
        region.error_messages["required"] = _("Kies een regio.")
        self.fields["code"].help_text = _("GM en vier cijfers, bijvoorbeeld GM0363.")
        if self.instance.pk:
            self.fields["code"].disabled = True

    def clean_code(self) -> str:
        code = str(self.cleaned_data["code"]).strip().upper()
        if not (len(code) == 6 and code.startswith("GM") and code[2:].isdigit()):
            raise forms.ValidationError(_("Een CBS-code is GM met vier cijfers, zoals GM0363."))
        return code


# 2 MB is far more than the 342 municipalities of the Netherlands need.
MAX_IMPORT_BYTES = 2 * 1024 * 1024


class MunicipalityImportForm(forms.Form):
    """Upload the yearly list of municipalities (CSV with code and name)."""

    file = forms.FileField(
        label=_("CSV-bestand"),
        help_text=_(
            "Kolommen: code, naam en optioneel regio (naam of slug). "
            "Bijvoorbeeld: GM0363;Amsterdam."
        ),
        error_messages={"required": _("Kies een CSV-bestand."), "empty": _("Het bestand is leeg.")},
    )
    default_region = ModelChoiceField(
        queryset=Region.objects.filter(active=True),
        label=_("Regio voor nieuwe gemeenten zonder regio"),
        required=False,
        empty_label=EMPTY_CHOICE,
    )
    deactivate_missing = forms.BooleanField(
        label=_("Gemeenten die niet in het bestand staan op inactief zetten"),
        required=False,
        initial=True,
    )

    def clean_file(self) -> str:
        """The file's text; a binary or too-large file is a plain error, never a crash."""
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("Het bestand is te groot (meer dan 2 MB)."))
        raw = upload.read(MAX_IMPORT_BYTES + 1)
        if b"\x00" in raw:
            raise forms.ValidationError(_("Dit is geen CSV-bestand (tekst), maar iets anders."))
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1252", errors="replace")
        if "\ufffd" in text or any(ord(c) < 32 and c not in "\t\r\n" for c in text):
            raise forms.ValidationError(_("Dit is geen CSV-bestand (tekst), maar iets anders."))
        return text
