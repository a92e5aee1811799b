"""Forms of the front door (public request form) and the intake desk (staff intake, triage)."""

from __future__ import annotations

import re
import secrets
from typing import TYPE_CHECKING, Any, cast

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms.formsets import BaseFormSet, formset_factory
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from kring.accounts.models import Municipality
from kring.core.forms import ModelChoiceField
from kring.core.languages import language_choices
from kring.intake.choices import (
    ADULT_AGE,
    MAX_MAIN_PEOPLE,
    CourtMeasure,
    GenderWish,
    MainPersonRelation,
    Topic,
    Variant,
    name_key,
)
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

    minors_involved = forms.TypedChoiceField(
        label=_("Zijn er kinderen onder de 18 bij betrokken?"),
        choices=YES_NO,
        coerce=_yes,
        widget=ChoiceRadios,
        help_text=_("Ook kinderen die zelf geen hoofdpersoon zijn."),
        error_messages={"required": _("Kies ja of nee.")},
    )
    municipality = ModelChoiceField(
        label=_("In welke gemeente woont de hoofdpersoon?"),
        # With its region: the request is routed there (one query less per request).
        queryset=Municipality.objects.filter(active=True).select_related("region").order_by("name"),
        empty_label=_("Kies een gemeente"),
        help_text=_("Zo komt de aanvraag bij het goede regiokantoor."),
        error_messages={
            "required": _("Kies een gemeente."),
            "invalid_choice": _("Kies een gemeente uit de lijst."),
        },
    )
    preferred_gender = forms.ChoiceField(
        label=_("Liever een vrouw of een man als coördinator?"),
        required=False,
        choices=[("", _("Maakt niet uit")), *GenderWish.choices],
        widget=ChoiceRadios,
    )
    preferred_language = forms.ChoiceField(
        label=_("Moet de coördinator een bepaalde taal spreken?"),
        required=False,
        choices=[],
        help_text=_("Bijvoorbeeld de taal van de familie, als die een andere is dan hierboven."),
    )
    preferred_culture = text_field(
        _("Wens over de culturele achtergrond van de coördinator"),
        100,
        required=False,
        help_text=_("In uw eigen woorden, bijvoorbeeld: Marokkaans, Turks, Surinaams."),
    )
    coordinator_wish = text_field(
        _("Heeft u nog een andere wens over de coördinator?"),
        500,
        multi_line=True,
        required=False,
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
        wish = self.fields["preferred_language"]
        assert isinstance(wish, forms.ChoiceField)
        wish.choices = [("", _("Geen voorkeur")), *language_choices()]
        if not self.is_bound:
            # An empty form only lists the municipalities: their names, without the region
            # each is read with to route a post (one joined row and two objects fewer per
            # municipality; a national list has more than 340).
            municipality = self.fields["municipality"]
            assert isinstance(municipality, forms.ModelChoiceField)
            assert municipality.queryset is not None
            municipality.queryset = municipality.queryset.select_related(None).only("name")

    def clean_requester_phone(self) -> str:
        value = self.cleaned_data.get("requester_phone", "").strip()
        return normalise_phone(value) if value else ""

    def clean_requester_email(self) -> str:
        # Stored in lower case, so that a request sent twice is recognised by its address.
        return str(self.cleaned_data.get("requester_email") or "").strip().lower()

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
        return data

    @property
    def question_looks_open(self) -> bool:
        """A gentle check: does the question end like a question?"""
        question = (
            (self.cleaned_data.get("question") or "") if hasattr(self, "cleaned_data") else ""
        )
        return looks_like_question(question)


# --- The main people ----------------------------------------------------------------------


def _language_field(label: StrOrPromise, **kwargs: Any) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=[], **kwargs)


class MainPersonForm(forms.Form):
    """One main person: asked one by one, so that nobody is split from a line of text."""

    name = text_field(
        _("Naam"),
        150,
        error_messages={"required": _("Vul de naam in.")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    relation = forms.ChoiceField(
        label=_("Wie is dit voor u?"),
        choices=[("", _("Kies…")), *MainPersonRelation.choices],
        error_messages={"required": _("Kies wie dit voor u is.")},
    )
    main_language = _language_field(
        _("Hoofdtaal"),
        help_text=_("De taal waarin deze persoon het makkelijkst praat."),
        error_messages={
            "required": _("Kies de taal waarin deze persoon het makkelijkst praat."),
            "invalid_choice": _("Kies een taal uit de lijst."),
        },
    )
    languages = forms.MultipleChoiceField(
        label=_("Spreekt ook"),
        required=False,
        choices=[],
        widget=LanguageCheckboxes(attrs={"class": "choices-columns"}),
        error_messages={"invalid_choice": _("Kies talen uit de lijst.")},
    )
    phone = text_field(
        _("Telefoonnummer"),
        40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "off"}),
    )
    email = forms.EmailField(
        label=_("E-mailadres"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        error_messages={
            "invalid": _("Dit e-mailadres klopt niet. Voorbeeld: naam@voorbeeld.nl"),
            "max_length": TOO_LONG,
        },
    )
    is_minor = forms.BooleanField(label=_("Jonger dan 18 jaar"), required=False)
    age = forms.IntegerField(
        label=_("Leeftijd"),
        required=False,
        min_value=0,
        max_value=120,
        help_text=_("Alleen als het een kind is."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": _("Vul een leeftijd in jaren in, bijvoorbeeld 12."),
            "min_value": _("Vul een leeftijd van 0 tot en met 120 in."),
            "max_value": _("Vul een leeftijd van 0 tot en met 120 in."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        all_languages = language_choices()
        names = dict(all_languages)
        main = self.fields["main_language"]
        also = self.fields["languages"]
        assert isinstance(main, forms.ChoiceField) and isinstance(also, forms.ChoiceField)
        main.choices = [("", _("Kies een taal")), *all_languages]
        # A language recorded earlier that is not among the common ones stays choosable.
        earlier = [c for c in self.initial.get("languages") or [] if c not in COMMON_LANGUAGES]
        also.choices = [(c, names[c]) for c in [*COMMON_LANGUAGES, *earlier] if c in names]

    def clean_phone(self) -> str:
        value = self.cleaned_data.get("phone", "").strip()
        return normalise_phone(value) if value else ""

    def clean_email(self) -> str:
        return str(self.cleaned_data.get("email") or "").strip().lower()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        age = data.get("age")
        if age is not None:
            if data.get("is_minor") and age >= ADULT_AGE:
                self.add_error("age", _("Bij 'jonger dan 18 jaar' past een leeftijd onder de 18."))
            else:
                data["is_minor"] = age < ADULT_AGE
        main = data.get("main_language")
        if main:
            # The main language is one of the person's languages, and always the first.
            data["languages"] = [main, *[c for c in data.get("languages") or [] if c != main]]
        return data


class BaseMainPeopleFormSet(BaseFormSet[MainPersonForm]):
    """The main people of a request: at least one, at most MAX_MAIN_PEOPLE; Dutch messages
    also for a tampered count. A person block left empty (after 'add a person') is skipped."""

    default_error_messages = {
        "missing_management_form": _(
            "Het formulier is niet compleet aangekomen. Verstuur het nog een keer."
        ),
        "too_many_forms": _("Noem hoogstens %(num)d hoofdpersonen."),
        "too_few_forms": _("Noem minstens één hoofdpersoon."),
    }

    def __init__(self, *args: Any, typed: list[dict[str, Any]] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        # What was typed per person, shown again without errors (no-JavaScript add/remove).
        self.typed = typed or []
        if not self.is_bound:
            self.extra = max(0, len(self.typed) - self.min_num)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        kwargs = super().get_form_kwargs(index)
        if index is not None and index < len(self.typed):
            kwargs["initial"] = self.typed[index]
        return kwargs

    def clean(self) -> None:
        super().clean()
        keys = [name_key(p["name"]) for p in self.people]
        if len(set(keys)) < len(keys):
            raise ValidationError(_("U noemt dezelfde persoon twee keer."), code="same_person")

    @property
    def people(self) -> list[dict[str, Any]]:
        """The cleaned people in their order, empty blocks left out (after is_valid())."""
        return [
            form.cleaned_data
            for form in self.forms
            if getattr(form, "cleaned_data", None) and form.cleaned_data.get("name")
        ]


MainPeopleFormSet = cast(
    type[BaseMainPeopleFormSet],
    formset_factory(
        MainPersonForm,
        formset=BaseMainPeopleFormSet,
        extra=0,
        min_num=1,
        max_num=MAX_MAIN_PEOPLE,
        absolute_max=MAX_MAIN_PEOPLE,
        validate_min=True,
        validate_max=True,
    ),
)
PEOPLE_PREFIX = "persoon"
# The names of the no-JavaScript buttons: add a person block, remove block n.
ADD_PERSON = "persoon_toevoegen"
REMOVE_PERSON = "persoon_weghalen"


def people_formset(data: QueryDict | None = None) -> BaseMainPeopleFormSet:
    """The main-people formset: bound to a post, or one empty person."""
    if data is not None:
        return MainPeopleFormSet(data, prefix=PEOPLE_PREFIX)
    return MainPeopleFormSet(prefix=PEOPLE_PREFIX)


def _typed_count(data: QueryDict) -> int:
    try:
        count = int(data.get(f"{PEOPLE_PREFIX}-TOTAL_FORMS", 1))
    except (TypeError, ValueError):
        count = 1
    return max(1, min(count, MAX_MAIN_PEOPLE))


def people_without_errors(
    data: QueryDict, *, add: bool = False, remove: int | None = None
) -> BaseMainPeopleFormSet:
    """The people as typed, one more (`add`) or one fewer (`remove`, by position), without
    errors: the 'add another person' and 'remove' buttons work without JavaScript."""
    typed = []
    for index in range(_typed_count(data)):
        form = MainPersonForm(data, prefix=f"{PEOPLE_PREFIX}-{index}")
        typed.append({name: form[name].data for name in form.fields})
    if remove is not None and 0 <= remove < len(typed) and len(typed) > 1:
        del typed[remove]
    added = add and len(typed) < MAX_MAIN_PEOPLE
    if added:
        typed.append({})
    formset = MainPeopleFormSet(prefix=PEOPLE_PREFIX, typed=typed)
    if added:
        # Straight to the new person's name, for keyboard and screen-reader users.
        formset.forms[-1].fields["name"].widget.attrs["autofocus"] = True
    return formset


def without_errors[F: forms.Form](form: F) -> F:
    """The same form with what was typed as its initial values and no errors shown."""
    initial = {name: form[name].data for name in form.fields}
    return type(form)(initial=initial, prefix=form.prefix)


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
    original = forms.CharField(
        label=_("Nummer van de eerdere aanvraag"),
        required=False,
        max_length=20,
        help_text=_("Alleen bij een duplicaat, bijvoorbeeld EK-2026-00042."),
    )
    note = text_field(
        _("Toelichting"),
        2000,
        multi_line=True,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_original(self) -> str:
        return str(self.cleaned_data.get("original") or "").strip().upper()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("reason") == CloseReason.OTHER and not data.get("note"):
            self.add_error("note", _("Schrijf kort op waarom."))
        return data


class StartCaseForm(forms.Form):
    """Starting a trajectory from the intake desk: the kind of conference is chosen here."""

    variant = forms.ChoiceField(
        label=_("Soort conferentie"),
        choices=Variant.choices,
        initial=Variant.FAMILY,
        # The radio starts on 'family'; a post without any answer means that too.
        required=False,
        widget=ChoiceRadios,
        help_text=_(
            "Bij een groep, een leervraag of herstel leidt de coördinator ook deel 2. U kunt "
            "dit wijzigen tot de conferentie gepland is."
        ),
        error_messages={"invalid_choice": _("Kies een soort uit de lijst.")},
    )

    def clean_variant(self) -> str:
        return str(self.cleaned_data.get("variant") or Variant.FAMILY)


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
    municipality = ModelChoiceField(
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

    gemeente = ModelChoiceField(
        label=_("Uw gemeente"),
        queryset=Municipality.objects.filter(active=True).select_related("region").order_by("name"),
        empty_label=_("Kies uw gemeente"),
        to_field_name="code",
        error_messages={"invalid_choice": _("Kies een gemeente uit de lijst.")},
    )
