"""Forms of the front door (public request form) and the intake desk (staff intake, triage)."""

from __future__ import annotations

import re
import secrets
from typing import TYPE_CHECKING, Any

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kring.accounts.models import Municipality
from kring.core.languages import language_choices
from kring.intake.choices import CourtMeasure, Topic
from kring.intake.models import CloseReason, ReceivedVia, RequesterType
from kring.intake.states import RequestStatus

if TYPE_CHECKING:
    # Only the stubs know the lazy-translation type Django's fields accept as a label.
    from django_stubs_ext import StrOrPromise

# Languages most asked for, shown as checkboxes; every other language is one pick away.
COMMON_LANGUAGES = ["nl", "en", "ar", "ber", "tr", "pl", "so", "ti", "pap", "srn", "uk", "fa"]
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
# C0 and C1 control characters; line breaks and tabs are allowed only in multi-line text.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
CONTROL_OR_NEWLINE_RE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Something that looks like an HTML tag; nobody needs one to ask for a conference.
TAG_RE = re.compile(r"<\s*[A-Za-z/!?]")

TOO_LONG = _("Dit is te lang: gebruik hoogstens %(limit_value)d tekens (nu %(show_value)d).")
YES_NO = [("yes", _("Ja")), ("no", _("Nee"))]


def new_submission_token() -> str:
    """A one-time token for one filled-in form (idempotency key)."""
    return secrets.token_urlsafe(32)


def _yes(value: str) -> bool:
    return value == "yes"


def validate_single_line(value: str) -> None:
    """No control characters, no line breaks, no HTML tags."""
    if CONTROL_OR_NEWLINE_RE.search(value):
        raise ValidationError(
            _("Hier staan onzichtbare tekens of regeleinden in. Typ de tekst opnieuw."),
            code="control",
        )
    _validate_no_tags(value)


def validate_multi_line(value: str) -> None:
    """No control characters (line breaks are fine), no HTML tags."""
    if CONTROL_RE.search(value):
        raise ValidationError(
            _("Hier staan onzichtbare tekens in. Typ de tekst opnieuw."), code="control"
        )
    _validate_no_tags(value)


def _validate_no_tags(value: str) -> None:
    if TAG_RE.search(value):
        raise ValidationError(
            _("Gebruik geen HTML-code (zoals <script>). Haal de tekens < en > weg."),
            code="markup",
        )


def normalise_phone(value: str) -> str:
    """A Dutch or international phone number in international notation, or ValidationError."""
    try:
        number = phonenumbers.parse(value, "NL")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _(
                "Dit telefoonnummer klopt niet. Voorbeelden: 06 12345678, 020 1234567 of "
                "+32 470 12 34 56."
            ),
            code="phone",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def text_field(
    label: StrOrPromise, max_length: int, *, multi_line: bool = False, **kwargs: Any
) -> forms.CharField:
    """A CharField with a clear length message and the control-character and markup checks."""
    kwargs.setdefault("required", True)
    widget = kwargs.pop("widget", forms.Textarea(attrs={"rows": 5}) if multi_line else None)
    error_messages = {
        "max_length": TOO_LONG,
        "required": _("Vul dit in."),
        **kwargs.pop("error_messages", {}),
    }
    return forms.CharField(
        label=label,
        max_length=max_length,
        widget=widget,
        validators=[validate_multi_line if multi_line else validate_single_line],
        error_messages=error_messages,
        **kwargs,
    )


class ChoiceRadios(forms.RadioSelect):
    template_name = "intake/widgets/choices.html"


class ChoiceCheckboxes(forms.CheckboxSelectMultiple):
    template_name = "intake/widgets/choices.html"


class LanguageCheckboxes(forms.CheckboxSelectMultiple):
    """Each language name is marked with its own language, for screen readers (WCAG 3.1.2)."""

    template_name = "intake/widgets/language_choices.html"


class RequestForm(forms.Form):
    """What every request records, whoever types it in."""

    requester_type = forms.ChoiceField(
        label=_("Wie vraagt de conferentie aan?"),
        choices=RequesterType.choices,
        widget=ChoiceRadios,
        error_messages={"required": _("Kies wie de aanvraag doet.")},
    )
    requester_name = text_field(
        _("Naam van de aanvrager"), 150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    requester_organisation = text_field(
        _("Organisatie"),
        150,
        required=False,
        help_text=_("Alleen voor professionals: bij welke organisatie werkt u?"),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    requester_phone = text_field(
        _("Telefoonnummer"),
        40,
        required=False,
        help_text=_(
            "Wij bellen u om kennis te maken. Vul een telefoonnummer of e-mailadres in, of allebei."
        ),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    requester_email = forms.EmailField(
        label=_("E-mailadres"),
        required=False,
        max_length=254,
        help_text=_("U krijgt dan een bevestiging met uw aanvraagnummer."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "invalid": _("Dit e-mailadres klopt niet. Voorbeeld: naam@voorbeeld.nl"),
            "max_length": TOO_LONG,
        },
    )

    main_person_names = text_field(
        _("Naam van de hoofdpersoon"),
        300,
        help_text=_("Om wie gaat het? Meer mensen mag ook, bijvoorbeeld een gezin."),
    )
    minors_involved = forms.TypedChoiceField(
        label=_("Zijn er kinderen onder de 18 bij betrokken?"),
        choices=YES_NO,
        coerce=_yes,
        widget=ChoiceRadios,
        error_messages={"required": _("Kies ja of nee.")},
    )
    municipality = forms.ModelChoiceField(
        label=_("In welke gemeente woont de hoofdpersoon?"),
        queryset=Municipality.objects.filter(active=True).order_by("name"),
        empty_label=_("Kies een gemeente"),
        help_text=_("Zo komt de aanvraag bij het goede regiokantoor."),
        error_messages={
            "required": _("Kies een gemeente."),
            "invalid_choice": _("Kies een gemeente uit de lijst."),
        },
    )
    languages = forms.MultipleChoiceField(
        label=_("Welke talen spreekt de hoofdpersoon?"),
        required=False,
        choices=[],
        widget=LanguageCheckboxes(attrs={"class": "choices-columns"}),
    )
    other_language = forms.ChoiceField(
        label=_("Een andere taal"),
        required=False,
        choices=[],
    )
    coordinator_wish = text_field(
        _("Heeft u een wens over de coördinator?"),
        500,
        multi_line=True,
        required=False,
        help_text=_("Bijvoorbeeld: een vrouw, of iemand die onze cultuur of taal kent."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    question = text_field(
        _("Wat is uw vraag?"),
        2000,
        multi_line=True,
        help_text=_(
            "Schrijf de vraag in uw eigen woorden. Een goede vraag is concreet en open. "
            "Bijvoorbeeld: 'Wat is nodig om in dit huis te kunnen blijven wonen?', 'Hoe kunnen "
            "de kinderen weer naar school?' of 'Hoe voorkom ik dat ik eenzaam word nu ik minder "
            "mobiel ben?'"
        ),
        error_messages={"required": _("Schrijf uw vraag op.")},
    )
    topics = forms.MultipleChoiceField(
        label=_("Waar gaat het over?"),
        required=False,
        choices=Topic.choices,
        help_text=_("Kies alles wat past."),
        widget=ChoiceCheckboxes(attrs={"class": "choices-columns"}),
    )
    safety_at_stake = forms.TypedChoiceField(
        label=_("Is iemand op dit moment niet veilig?"),
        choices=YES_NO,
        coerce=_yes,
        widget=ChoiceRadios,
        help_text=_("Bijvoorbeeld door geweld thuis. Is er nu direct gevaar? Bel dan 112."),
        error_messages={"required": _("Kies ja of nee.")},
    )
    court_measure = forms.ChoiceField(
        label=_("Is er een maatregel van de rechter, of dreigt die?"),
        choices=CourtMeasure.choices,
        widget=ChoiceRadios,
        help_text=_("Bijvoorbeeld een ondertoezichtstelling of een reclasseringstoezicht."),
        error_messages={"required": _("Kies een antwoord.")},
    )
    wants_info_conversation = forms.TypedChoiceField(
        label=_("Wat wilt u?"),
        choices=[
            ("no", _("Een Eigen Kracht-conferentie aanvragen")),
            ("yes", _("Eerst een informatief gesprek: ik wil meer weten")),
        ],
        coerce=_yes,
        widget=ChoiceRadios,
        error_messages={"required": _("Kies wat u wilt.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        names = dict(language_choices())
        languages = self.fields["languages"]
        other = self.fields["other_language"]
        assert isinstance(languages, forms.ChoiceField) and isinstance(other, forms.ChoiceField)
        languages.choices = [(c, names[c]) for c in COMMON_LANGUAGES if c in names]
        other.choices = [
            ("", _("Geen andere taal")),
            *[(c, n) for c, n in language_choices() if c not in COMMON_LANGUAGES],
        ]

    def clean_requester_phone(self) -> str:
        value = self.cleaned_data.get("requester_phone", "").strip()
        return normalise_phone(value) if value else ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            "requester_phone" in data
            and "requester_email" in data
            and not data["requester_phone"]
            and not data["requester_email"]
        ):
            self.add_error(
                "requester_phone",
                _("Vul een telefoonnummer of een e-mailadres in, zodat wij u kunnen bereiken."),
            )
        if data.get("requester_type") == RequesterType.PROFESSIONAL and not data.get(
            "requester_organisation"
        ):
            self.add_error("requester_organisation", _("Vul de naam van uw organisatie in."))
        languages = list(data.get("languages") or [])
        other = data.get("other_language")
        if other and other not in languages:
            languages.append(other)
        data["languages"] = languages
        return data

    @property
    def question_looks_open(self) -> bool:
        """A gentle check: does the question end like a question?"""
        question = (
            (self.cleaned_data.get("question") or "") if hasattr(self, "cleaned_data") else ""
        )
        return looks_like_question(question)


def looks_like_question(text: str) -> bool:
    """True when the text contains a question mark or starts like a Dutch/English question."""
    stripped = text.strip().lower()
    starters = ("wat ", "hoe ", "wie ", "waar ", "wanneer ", "welke ", "what ", "how ")
    return "?" in stripped or stripped.startswith(starters)


class PublicRequestForm(RequestForm):
    """The public form: adds consent, the one-time token and the honeypot."""

    consent = forms.BooleanField(
        label=_("Ik geef toestemming om deze gegevens te gebruiken voor mijn aanvraag."),
        error_messages={
            "required": _("Zonder uw toestemming kunnen wij de aanvraag niet behandelen.")
        },
    )
    submission_token = forms.CharField(widget=forms.HiddenInput, required=False)
    # Honeypot: hidden from people and screen readers; bots fill it in.
    website = forms.CharField(required=False, max_length=200)

    def clean_submission_token(self) -> str:
        token = self.cleaned_data.get("submission_token", "")
        if not TOKEN_RE.match(token):
            raise ValidationError(
                _(
                    "Het formulier is verlopen. Controleer uw gegevens en verstuur het nog "
                    "een keer."
                ),
                code="token",
            )
        return token

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))


class StaffRequestForm(RequestForm):
    """A request received by phone or e-mail, typed in by a regional manager."""

    channel = forms.ChoiceField(
        label=_("Hoe kwam de aanvraag binnen?"),
        choices=[
            (ReceivedVia.PHONE, ReceivedVia.PHONE.label),
            (ReceivedVia.EMAIL, ReceivedVia.EMAIL.label),
        ],
        widget=ChoiceRadios,
        error_messages={"required": _("Kies telefoon of e-mail.")},
    )
    consent = forms.BooleanField(
        label=_("De aanvrager gaf toestemming om deze gegevens te gebruiken."),
        error_messages={"required": _("Vraag eerst toestemming aan de aanvrager.")},
    )
    submission_token = forms.CharField(widget=forms.HiddenInput)

    field_order = ["channel"]

    def clean_submission_token(self) -> str:
        token = self.cleaned_data.get("submission_token", "")
        if not TOKEN_RE.match(token):
            raise ValidationError(_("Het formulier is verlopen. Verstuur het nog een keer."))
        return token


# --- Triage --------------------------------------------------------------------------------


class FirstContactForm(forms.Form):
    note = text_field(
        _("Wat is besproken?"),
        2000,
        multi_line=True,
        required=False,
        help_text=_("Kort en zakelijk. Deze notitie hoort bij de aanvraag."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class InfoConversationForm(forms.Form):
    at = forms.DateTimeField(
        label=_("Datum en tijd van het gesprek"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M"],
        error_messages={
            "required": _("Vul een datum en tijd in."),
            "invalid": _("Vul een datum en tijd in, bijvoorbeeld 12-03-2027 14:00."),
        },
    )


class CloseForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Waarom sluit u de aanvraag af?"),
        choices=CloseReason.choices,
        widget=ChoiceRadios,
        error_messages={"required": _("Kies een reden.")},
    )
    note = text_field(
        _("Toelichting"),
        2000,
        multi_line=True,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Shown on the same page as the first-contact form, which has a `note` too: its own
        # ids, so that each label points at its own box.
        kwargs.setdefault("auto_id", "id_close_%s")
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("reason") == CloseReason.OTHER and not data.get("note"):
            self.add_error("note", _("Schrijf kort op waarom."))
        return data


FILTER_FIELD_TEMPLATE = "intake/widgets/filter_field.html"


class QueueFilterForm(forms.Form):
    """Filters of the intake queue; invalid values are ignored rather than refused."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Open aanvragen")), *RequestStatus.choices],
    )
    topic = forms.ChoiceField(
        label=_("Onderwerp"), required=False, choices=[("", _("Alle onderwerpen")), *Topic.choices]
    )
    municipality = forms.ModelChoiceField(
        label=_("Gemeente"),
        required=False,
        queryset=Municipality.objects.none(),
        empty_label=_("Alle gemeenten"),
        to_field_name="code",
    )
    q = forms.CharField(
        label=_("Zoek op nummer of naam"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )

    def __init__(
        self, *args: Any, municipalities: QuerySet[Municipality] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        # Filters are optional by nature: no "(niet verplicht)" after every label.
        for bound in self.fields.values():
            bound.template_name = FILTER_FIELD_TEMPLATE  # type: ignore[attr-defined]
        field = self.fields["municipality"]
        if municipalities is not None and isinstance(field, forms.ModelChoiceField):
            field.queryset = municipalities


class FindOfficeForm(forms.Form):
    """The home page's 'which regional office is mine?' lookup."""

    gemeente = forms.ModelChoiceField(
        label=_("Uw gemeente"),
        queryset=Municipality.objects.filter(active=True).select_related("region").order_by("name"),
        empty_label=_("Kies uw gemeente"),
        to_field_name="code",
        error_messages={"invalid_choice": _("Kies een gemeente uit de lijst.")},
    )
