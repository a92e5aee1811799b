"""Forms for money: funders, contracts with tariffs, invoicing details, funding per case,
invoice runs and credit notes. Errors in plain Dutch; nothing typed is lost."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.files import File
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kring.accounts.models import Municipality, Role, User
from kring.cases.models import Variant
from kring.core.forms import DateInput, ModelChoiceField, ModelMultipleChoiceField
from kring.core.text import clean_text
from kring.core.uploads import ACCEPT, check_document
from kring.funding.models import (
    Contract,
    EndpointScheme,
    ExpenseKind,
    FeeOutcome,
    FeeTariff,
    Funder,
    FunderKind,
    Issuer,
    KmRate,
    Product,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

AMOUNT_ERRORS = {
    "required": _("Vul een bedrag in."),
    "invalid": _("Vul een bedrag in euro's in, bijvoorbeeld 1250,00."),
    "min_value": _("Een bedrag kan niet negatief zijn."),
    "max_digits": _("Dit bedrag is te groot."),
    "max_decimal_places": _("Gebruik hoogstens twee cijfers achter de komma."),
    "max_whole_digits": _("Dit bedrag is te groot."),
}
DATE_ERRORS = {"required": _("Vul een datum in."), "invalid": _("Vul een geldige datum in.")}


def amount_field(label: StrOrPromise, **kwargs: Any) -> forms.DecimalField:
    """A euro amount: two decimals, not negative, a comma or a point."""
    return forms.DecimalField(
        label=label,
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0"),
        localize=True,
        error_messages=AMOUNT_ERRORS,
        **kwargs,
    )


class MunicipalityChoiceField(ModelChoiceField):
    """Municipalities shown with their CBS code."""

    def label_from_instance(self, obj: Municipality) -> str:
        return f"{obj.name} ({obj.code})"


class FunderForm(forms.ModelForm):
    accounts = ModelMultipleChoiceField(
        label=_("Accounts van de financier"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Voor een instelling: wie van de financier mag inloggen. Bij een gemeente zien de "
            "financiers van die gemeente dit vanzelf."
        ),
    )

    class Meta:
        model = Funder
        fields = [
            "kind",
            "name",
            "municipality",
            "accounts",
            "invoice_street",
            "invoice_postcode",
            "invoice_city",
            "invoice_email",
            "endpoint_scheme",
            "endpoint_id",
            "required_reference",
        ]
        widgets = {"kind": forms.RadioSelect}
        field_classes = {"municipality": MunicipalityChoiceField}
        error_messages = {
            "kind": {"required": _("Kies gemeente of instelling.")},
            "name": {"required": _("Vul een naam in.")},
            "invoice_street": {"required": _("Vul straat en huisnummer in.")},
            "invoice_postcode": {"required": _("Vul een postcode in.")},
            "invoice_city": {"required": _("Vul een plaats in.")},
            "invoice_email": {"invalid": _("Dit is geen geldig e-mailadres.")},
            "municipality": {
                "unique": _("Deze gemeente is al een financier."),
                "invalid_choice": _("Kies een gemeente uit de lijst."),
            },
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        municipality = self.fields["municipality"]
        assert isinstance(municipality, forms.ModelChoiceField)
        municipality.queryset = Municipality.objects.filter(active=True).order_by("name")
        municipality.label = _("Gemeente (CBS-code)")
        municipality.help_text = _("Alleen bij een gemeente.")
        accounts = self.fields["accounts"]
        assert isinstance(accounts, forms.ModelMultipleChoiceField)
        accounts.queryset = User.objects.filter(role=Role.FUNDER, is_active=True).order_by(
            "full_name"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind == FunderKind.MUNICIPALITY and not data.get("municipality"):
            self.add_error("municipality", _("Kies de gemeente."))
        if kind == FunderKind.INSTITUTION and data.get("municipality"):
            self.add_error("municipality", _("Een instelling is geen gemeente: laat dit leeg."))
        scheme, endpoint = data.get("endpoint_scheme"), data.get("endpoint_id", "")
        if bool(scheme) != bool(endpoint):
            self.add_error(
                "endpoint_id", _("Vul het soort Peppol-nummer én het nummer in, of geen van beide.")
            )
        elif scheme == EndpointScheme.OIN and not re.fullmatch(r"\d{20}", endpoint):
            self.add_error("endpoint_id", _("Een OIN bestaat uit 20 cijfers."))
        elif scheme == EndpointScheme.KVK and not re.fullmatch(r"\d{8}", endpoint):
            self.add_error("endpoint_id", _("Een KvK-nummer bestaat uit 8 cijfers."))
        return data


class ContractForm(forms.ModelForm):
    yearly_ceiling = amount_field(_("Plafond per jaar (euro, zonder btw)"))

    class Meta:
        model = Contract
        fields = ["number", "starts_on", "ends_on", "vat", "yearly_ceiling", "payment_days"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput(), "vat": forms.RadioSelect}
        error_messages = {
            "number": {"required": _("Vul het contractnummer in.")},
            "starts_on": DATE_ERRORS,
            "ends_on": DATE_ERRORS,
            "vat": {"required": _("Kies hoe de btw werkt.")},
            "payment_days": {
                "required": _("Vul een betaaltermijn in."),
                "invalid": _("Vul een heel aantal dagen in."),
            },
        }

    def __init__(self, *args: Any, funder: Funder, tariffs: dict[str, Decimal], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.funder = funder
        self.instance.funder = funder
        for product in Product:
            self.fields[f"tariff_{product.value}"] = amount_field(
                product.label, initial=tariffs.get(product.value)
            )

    @property
    def tariff_fields(self) -> list[forms.BoundField]:
        return [self[f"tariff_{p.value}"] for p in Product]

    def tariffs(self) -> dict[str, Decimal]:
        return {p.value: self.cleaned_data[f"tariff_{p.value}"] for p in Product}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("De einddatum ligt voor de begindatum."))
        number = data.get("number")
        if number:
            taken = Contract.objects.filter(funder=self.funder, number=number)
            if self.instance.pk:
                taken = taken.exclude(pk=self.instance.pk)
            if taken.exists():
                self.add_error("number", _("Deze financier heeft al een contract met dit nummer."))
        return data


class IssuerForm(forms.ModelForm):
    # Longer than the stored value: spaces typed for readability are taken out.
    vat_number = forms.CharField(
        label=_("Btw-nummer"),
        max_length=20,
        error_messages={"required": _("Vul het btw-nummer in.")},
    )
    iban = forms.CharField(
        label=_("IBAN"), max_length=50, error_messages={"required": _("Vul het IBAN in.")}
    )

    class Meta:
        model = Issuer
        fields = [
            "name",
            "street",
            "postcode",
            "city",
            "kvk",
            "vat_number",
            "iban",
            "invoice_email",
            "exemption_text",
        ]
        error_messages = {
            name: {"required": _("Vul dit in.")}
            for name in ("name", "street", "postcode", "city", "exemption_text")
        } | {
            "kvk": {"required": _("Vul het KvK-nummer in.")},
            "invoice_email": {
                "required": _("Vul een e-mailadres in."),
                "invalid": _("Dit is geen geldig e-mailadres."),
            },
        }

    def clean_kvk(self) -> str:
        value = str(self.cleaned_data["kvk"]).strip()
        if not re.fullmatch(r"\d{8}", value):
            raise forms.ValidationError(_("Een KvK-nummer bestaat uit 8 cijfers."))
        return value

    def clean_vat_number(self) -> str:
        value = str(self.cleaned_data["vat_number"]).replace(" ", "").upper()
        if not re.fullmatch(r"NL\d{9}B\d{2}", value):
            raise forms.ValidationError(_("Een btw-nummer ziet eruit als NL123456789B01."))
        return value

    def clean_iban(self) -> str:
        value = str(self.cleaned_data["iban"]).replace(" ", "").upper()
        if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", value) or not _iban_ok(value):
            raise forms.ValidationError(_("Dit IBAN klopt niet. Kijk het nog eens na."))
        return value


def _iban_ok(iban: str) -> bool:
    moved = iban[4:] + iban[:4]
    digits = "".join(str(int(c, 36)) for c in moved)
    return int(digits) % 97 == 1


def _last_month() -> tuple[datetime.date, datetime.date]:
    first_this = timezone.localdate().replace(day=1)
    end = first_this - datetime.timedelta(days=1)
    return end.replace(day=1), end


class RunForm(forms.Form):
    start = forms.DateField(label=_("Van"), widget=DateInput(), error_messages=DATE_ERRORS)
    end = forms.DateField(label=_("Tot en met"), widget=DateInput(), error_messages=DATE_ERRORS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        start, end = _last_month()
        self.fields["start"].initial = start
        self.fields["end"].initial = end

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("De einddatum ligt voor de begindatum."))
        if start and end and (end - start).days > 366:
            self.add_error("end", _("Kies een periode van hoogstens een jaar."))
        return data


class FundingRequestForm(forms.Form):
    funder = ModelChoiceField(
        label=_("Financier"),
        queryset=Funder.objects.all(),
        to_field_name="uuid",
        error_messages={
            "required": _("Kies een financier."),
            "invalid_choice": _("Kies een financier uit de lijst."),
        },
    )
    remind_on = forms.DateField(
        label=_("Herinner mij op"),
        required=False,
        widget=DateInput(),
        error_messages=DATE_ERRORS,
        help_text=_("Als de financier dan nog niet heeft besloten, ziet u een herinnering."),
    )

    def __init__(
        self,
        *args: Any,
        funders: QuerySet[Funder],
        initial_funder: Funder | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        funder = self.fields["funder"]
        assert isinstance(funder, forms.ModelChoiceField)
        funder.queryset = funders.order_by("name")
        if initial_funder is not None:
            self.fields["funder"].initial = initial_funder.uuid
        self.fields["remind_on"].initial = timezone.localdate() + datetime.timedelta(days=14)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Besluit van de financier"),
        choices=[("approved", _("Goedgekeurd")), ("refused", _("Afgewezen"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies goedgekeurd of afgewezen.")},
    )
    order_number = forms.CharField(
        label=_("Ordernummer of toezeggingsnummer"),
        help_text=_("Verplicht als de financier de aanvraag goedkeurt."),
        max_length=60,
        required=False,
    )
    reason = forms.CharField(
        label=_("Reden van afwijzing"),
        help_text=_(
            "Verplicht als de financier de aanvraag afwijst. Zoals de financier het zegt; "
            "noem geen namen van mensen."
        ),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "approved" and not data.get("order_number", "").strip():
            self.add_error("order_number", _("Vul het ordernummer van de financier in."))
        if data.get("decision") == "refused" and not data.get("reason", "").strip():
            self.add_error("reason", _("Vul de reden van de afwijzing in."))
        return data


class CreditForm(forms.Form):
    reason = forms.CharField(
        label=_("Waarom crediteert u deze factuur?"),
        help_text=_("De financier leest dit. Noem geen namen van mensen."),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Vul de reden in.")},
    )


# --- Coordinator fees and expenses ------------------------------------------------------------


class FeeTariffForm(forms.Form):
    variant = forms.ChoiceField(
        label=_("Soort conferentie"),
        choices=Variant.choices,
        error_messages={"required": _("Kies de soort conferentie.")},
    )
    outcome = forms.ChoiceField(
        label=_("Uitkomst"),
        choices=FeeOutcome.choices,
        error_messages={"required": _("Kies de uitkomst.")},
    )
    amount = amount_field(_("Vergoeding in euro's"))
    valid_from = forms.DateField(
        label=_("Geldig vanaf"), widget=DateInput, error_messages=DATE_ERRORS
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        valid_from = data.get("valid_from")
        if (
            valid_from is not None
            and FeeTariff.objects.filter(
                variant=data.get("variant"), outcome=data.get("outcome"), valid_from=valid_from
            ).exists()
        ):
            self.add_error(
                "valid_from",
                _("Voor deze soort en uitkomst is er al een tarief vanaf deze datum."),
            )
        return data


class KmRateForm(forms.Form):
    rate = forms.DecimalField(
        label=_("Vergoeding per kilometer in euro's"),
        help_text=_("Bijvoorbeeld 0,23."),
        max_digits=5,
        decimal_places=2,
        min_value=Decimal("0"),
        localize=True,
        error_messages=AMOUNT_ERRORS,
    )
    km_valid_from = forms.DateField(
        label=_("Geldig vanaf"), widget=DateInput, error_messages=DATE_ERRORS
    )

    def clean_km_valid_from(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["km_valid_from"]
        if KmRate.objects.filter(valid_from=day).exists():
            raise forms.ValidationError(_("Vanaf deze datum is er al een kilometervergoeding."))
        return day


class ExpenseForm(forms.Form):
    """A declaration: kilometres, or another cost with its receipt."""

    case = forms.ChoiceField(
        label=_("Traject"), error_messages={"required": _("Kies het traject.")}
    )
    kind = forms.ChoiceField(
        label=_("Soort kosten"),
        choices=ExpenseKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies de soort kosten.")},
    )
    spent_on = forms.DateField(label=_("Datum"), widget=DateInput, error_messages=DATE_ERRORS)
    km = forms.IntegerField(
        label=_("Aantal kilometers"),
        help_text=_("Alleen bij reiskosten. Heen en terug samen."),
        required=False,
        min_value=1,
        max_value=2000,
        error_messages={
            "invalid": _("Vul een heel aantal kilometers in."),
            "min_value": _("Vul minstens 1 kilometer in."),
            "max_value": _("Zoveel kilometers kan niet op één dag. Kijk het aantal na."),
        },
    )
    amount = amount_field(
        _("Bedrag in euro's"), required=False, help_text=_("Alleen bij andere kosten.")
    )
    description = forms.CharField(
        label=_("Omschrijving"),
        help_text=_("Bijvoorbeeld: rit naar het gesprek, zaalhuur. Noem geen namen van mensen."),
        max_length=200,
        error_messages={"required": _("Vul een korte omschrijving in.")},
    )
    receipt = forms.FileField(
        label=_("Bon (PDF of foto)"),
        help_text=_("Verplicht bij andere kosten, hoogstens 10 MB."),
        required=False,
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
        error_messages={"empty": _("Dit bestand is leeg."), "invalid": _("Kies een bestand.")},
    )

    def __init__(self, *args: Any, cases: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.receipt_type = ""
        case_field = self.fields["case"]
        assert isinstance(case_field, forms.ChoiceField)
        case_field.choices = [("", _("Kies een traject")), *cases]

    def clean_description(self) -> str:
        return clean_text(self.cleaned_data["description"]).strip()

    def clean_spent_on(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["spent_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Deze datum ligt in de toekomst."))
        return day

    def clean_receipt(self) -> File | None:
        upload = self.cleaned_data.get("receipt")
        if upload:
            self.receipt_type = check_document(upload)
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("kind") == ExpenseKind.TRAVEL
            and not data.get("km")
            and "km" not in self.errors
        ):
            self.add_error("km", _("Vul het aantal kilometers in."))
        if data.get("kind") == ExpenseKind.OTHER:
            if data.get("amount") is None and "amount" not in self.errors:
                self.add_error("amount", _("Vul het bedrag in."))
            if not data.get("receipt") and "receipt" not in self.errors:
                self.add_error("receipt", _("Voeg de bon toe."))
        return data


class ExpenseDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Besluit"),
        choices=[("approved", _("Goedkeuren")), ("rejected", _("Afwijzen"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies goedkeuren of afwijzen.")},
    )
    reason = forms.CharField(
        label=_("Reden van afwijzing"),
        help_text=_("Verplicht bij afwijzen. De coördinator leest dit."),
        max_length=500,
        required=False,
    )

    def clean_reason(self) -> str:
        return clean_text(self.cleaned_data["reason"]).strip()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "rejected" and not data.get("reason"):
            self.add_error("reason", _("Vul de reden van de afwijzing in."))
        return data
