"""Forms for the languages administrators keep: a language, and its texts for invitees."""

from __future__ import annotations

import hashlib
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kring.core.languages import language_choices as iso_languages
from kring.core.text import clean_text
from kring.languages.models import Language
from kring.languages.services import PLACEHOLDER, placeholders


class LanguageForm(forms.ModelForm):
    """A language: its code (only when adding), its own name, direction and whether active."""

    class Meta:
        model = Language
        fields = ["code", "native_name", "direction", "active"]
        error_messages = {
            "code": {
                "unique": gettext_lazy("Deze taal is er al."),
                "required": gettext_lazy("Vul de taalcode in."),
                "invalid": gettext_lazy("Een taalcode is 2 of 3 kleine letters, zoals so."),
            },
            "native_name": {"required": gettext_lazy("Vul de naam van de taal in.")},
        }
        widgets = {"direction": forms.RadioSelect}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["code"]
        self.fields["active"].help_text = _(
            "Alleen een actieve taal kan iemand in de kring krijgen."
        )

    def clean_code(self) -> str:
        code = str(self.cleaned_data["code"]).strip().lower()
        # Only a code the main-person forms know, so the language can be everyone's.
        if code not in dict(iso_languages()):
            raise forms.ValidationError(
                _("Deze taalcode kennen we niet. Gebruik de code uit ISO 639, zoals so.")
            )
        return code

    def clean_active(self) -> bool:
        active = bool(self.cleaned_data.get("active"))
        # Staff screens and staff mail are Dutch or English: those two always stay.
        if not active and self.instance.code in dict(settings.LANGUAGES):
            raise forms.ValidationError(
                _("Nederlands en Engels blijven actief: daarin werkt Kring zelf.")
            )
        return active

    def clean_native_name(self) -> str:
        return clean_text(str(self.cleaned_data["native_name"])).strip()


def field_name(msgid: str) -> str:
    """A stable form field name for a source string."""
    return "t_" + hashlib.sha256(msgid.encode()).hexdigest()[:16]


class TextsForm(forms.Form):
    """One box per invitee-facing source string, the Dutch original as its label."""

    def __init__(
        self,
        *args: Any,
        msgids: list[str],
        current: dict[str, str],
        shipped: dict[str, str],
        language: Language,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.msgids = {field_name(m): m for m in msgids}
        for name, msgid in self.msgids.items():
            self.fields[name] = forms.CharField(
                label=msgid,
                required=False,
                max_length=2000,
                initial=current.get(msgid, ""),
                widget=forms.Textarea(
                    attrs={
                        "rows": 2 if len(msgid) < 90 else 4,
                        "lang": language.code,
                        "dir": language.direction,
                    }
                ),
                help_text=shipped.get(msgid, ""),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name, msgid in self.msgids.items():
            text = clean_text(str(data.get(name) or "")).strip()
            data[name] = text
            stray = "%" in PLACEHOLDER.sub("", text).replace("%%", "")
            if text and (placeholders(text) != placeholders(msgid) or stray):
                self.add_error(
                    name,
                    _(
                        "Neem deze stukken precies zo over: %(fields)s. "
                        "Een los procentteken schrijft u als %%%%."
                    )
                    % {"fields": " ".join(placeholders(msgid)) or _("geen")},
                )
        return data

    def texts(self) -> dict[str, str]:
        """Source string -> the administrator's text ('' removes it)."""
        return {msgid: self.cleaned_data[name] for name, msgid in self.msgids.items()}
