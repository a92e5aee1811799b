"""Forms for the coordinator registry and for assigning a coordinator."""

from typing import Any

from django import forms
from django.core.files import File
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kring.accounts.models import Region
from kring.coordinators.models import Absence, CoordinatorProfile, Gender
from kring.core.forms import ModelMultipleChoiceField
from kring.core.languages import language_choices
from kring.core.uploads import ACCEPT, check_document


class ProfileForm(forms.ModelForm):
    regions = ModelMultipleChoiceField(
        label=_("Regio's"),
        queryset=Region.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Kies minstens één regio."),
            "invalid_choice": _("Kies alleen regio's uit de lijst (%(value)s staat er niet in)."),
            "invalid_pk_value": _("Kies alleen regio's uit de lijst (%(pk)s staat er niet in)."),
        },
    )
    languages = forms.MultipleChoiceField(
        label=_("Talen"),
        choices=language_choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Vink alle talen aan die de coördinator goed spreekt."),
        error_messages={"required": _("Kies minstens één taal.")},
    )

    class Meta:
        model = CoordinatorProfile
        fields = [
            "languages",
            "gender",
            "cultural_background",
            "training_completed_on",
            "certificate_number",
            "max_cases",
            "notes",
        ]
        widgets = {
            "training_completed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "max_cases": {"invalid": _("Vul een heel getal in.")},
            "training_completed_on": {
                "invalid": _("Vul een geldige datum in, bijvoorbeeld 12-03-2025.")
            },
        }

    def __init__(self, *args: Any, regions: QuerySet[Region] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["max_cases"].widget.attrs.update({"min": 1, "max": 20})
        gender: Any = self.fields["gender"]
        gender.choices = [("", _("Niet ingevuld")), *Gender.choices]
        if regions is not None:
            # A manager gives or takes only their own regions; others stay as they are.
            field: Any = self.fields["regions"]
            field.queryset = regions
            field.help_text = _("Alleen uw eigen regio's. Andere regio's blijven zoals ze zijn.")

    def clean_max_cases(self) -> int:
        value: int = self.cleaned_data["max_cases"]
        if not 1 <= value <= 20:
            raise forms.ValidationError(_("Kies een aantal van 1 tot en met 20."))
        return value


class AbsenceForm(forms.ModelForm):
    class Meta:
        model = Absence
        fields = ["starts_on", "ends_on", "note"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        error_messages = {
            "starts_on": {"required": _("Vul de eerste dag in.")},
            "ends_on": {"required": _("Vul de laatste dag in.")},
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("De laatste dag ligt voor de eerste dag."))
        return data


class AssignForm(forms.Form):
    coordinator = forms.UUIDField(
        label=_("Coördinator"),
        error_messages={
            "required": _("Kies een coördinator."),
            "invalid": _("Kies een coördinator."),
        },
    )
    override_reason = forms.CharField(
        label=_("Waarom kiest u iemand anders dan nummer 1?"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Alleen nodig als u niet de eerste van de lijst kiest."),
    )


class ReplaceForm(forms.Form):
    """Another coordinator for a running case, with the manager's reason."""

    coordinator = forms.UUIDField(
        label=_("Coördinator"),
        error_messages={
            "required": _("Kies een coördinator."),
            "invalid": _("Kies een coördinator."),
        },
    )
    reason = forms.CharField(
        label=_("Waarom vervangt u de coördinator?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Bijvoorbeeld: ziek voor langere tijd. Noem geen gezondheidsgegevens die niet "
            "nodig zijn. Alleen regiomanagers zien dit."
        ),
        error_messages={"required": _("Schrijf kort op waarom u de coördinator vervangt.")},
    )

    def __init__(self, *args: Any, vacant: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if vacant:
            # Nobody is replaced: a reason is needed only for someone below the best candidate.
            reason = self.fields["reason"]
            reason.required = False
            reason.label = _("Waarom kiest u iemand anders dan nummer 1?")
            reason.help_text = _("Alleen nodig als u niet de eerste van de lijst kiest.")


class SignDeclarationForm(forms.Form):
    agree = forms.BooleanField(
        label=_("Ik verklaar dat dit klopt"),
        error_messages={"required": _("Vink aan dat de verklaring klopt.")},
    )


class CertificateForm(forms.Form):
    """The training certificate as a document: a PDF or photo, checked from its content."""

    certificate = forms.FileField(
        label=_("Certificaat (PDF of foto)"),
        help_text=_("Een PDF of foto van het certificaat, hoogstens 10 MB."),
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
        error_messages={
            "required": _("Kies een bestand."),
            "empty": _("Dit bestand is leeg."),
            "invalid": _("Kies een bestand."),
        },
    )

    def clean_certificate(self) -> File:
        upload = self.cleaned_data["certificate"]
        # The type comes from the content, never from the name or the browser's claim.
        self.content_type = check_document(upload)
        return upload
