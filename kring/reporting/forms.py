"""The dashboard's filter and the choices of the other figure pages."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kring.accounts.models import Municipality, Region
from kring.cases.models import Variant
from kring.core.forms import ModelChoiceField
from kring.intake.choices import Topic
from kring.intake.models import RequesterType
from kring.reporting.figures import Filters

MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class MonthInput(forms.TextInput):
    input_type = "month"


def parse_month(value: str) -> datetime.date | None:
    match = MONTH.match(value.strip())
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        return None
    return datetime.date(year, month, 1)


class MonthField(forms.CharField):
    widget = MonthInput

    def clean(self, value: object) -> datetime.date | None:
        text = super().clean(value)
        if not text:
            return None
        month = parse_month(text)
        if month is None:
            raise forms.ValidationError(
                _("Vul een maand in als jaar en maand, bijvoorbeeld 2026-03."), code="month"
            )
        return month


def default_period(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The last twelve months, this month included."""
    today = today or timezone.localdate()
    end = today.replace(day=1)
    start = end.replace(year=end.year - 1)
    start = (start + datetime.timedelta(days=32)).replace(day=1)
    return start, end


class FilterForm(forms.Form):
    van = MonthField(label=_("Van maand"), required=False)
    tot = MonthField(label=_("Tot en met maand"), required=False)
    regio = ModelChoiceField(
        label=_("Regio"), queryset=Region.objects.none(), required=False, empty_label=_("Alle")
    )
    gemeente = ModelChoiceField(
        label=_("Gemeente"),
        queryset=Municipality.objects.none(),
        required=False,
        empty_label=_("Alle"),
    )
    soort = forms.ChoiceField(
        label=_("Soort conferentie"), choices=[("", _("Alle")), *Variant.choices], required=False
    )
    onderwerp = forms.ChoiceField(
        label=_("Onderwerp"), choices=[("", _("Alle")), *Topic.choices], required=False
    )
    bron = forms.ChoiceField(
        label=_("Wie vroeg aan"), choices=[("", _("Alle")), *RequesterType.choices], required=False
    )

    def __init__(self, *args: Any, regions: list[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = [r.id for r in regions]
        regio = self.fields["regio"]
        gemeente = self.fields["gemeente"]
        assert isinstance(regio, forms.ModelChoiceField)
        assert isinstance(gemeente, forms.ModelChoiceField)
        regio.queryset = Region.objects.filter(id__in=ids).order_by("name")
        gemeente.queryset = Municipality.objects.filter(region_id__in=ids).order_by("name")
        start, end = default_period()
        self.fields["van"].initial = start.strftime("%Y-%m")
        self.fields["tot"].initial = end.strftime("%Y-%m")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("van"), data.get("tot")
        if start and end and start > end:
            self.add_error("tot", _("De laatste maand ligt vóór de eerste. Kies een latere maand."))
        return data

    def filters(self, regions: frozenset[int] | None) -> Filters:
        """The filter this form asks for (the last twelve months when not (validly) given)."""
        start, end = default_period()
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        region = data.get("regio")
        municipality = data.get("gemeente")
        return Filters(
            start=data.get("van") or start,
            end=data.get("tot") or end,
            regions=regions,
            region=region.id if region else None,
            municipality=municipality.id if municipality else None,
            variant=data.get("soort") or "",
            source=data.get("bron") or "",
            topic=data.get("onderwerp") or "",
        )


def year_choices() -> list[tuple[int, int]]:
    this = timezone.localdate().year
    return [(y, y) for y in range(this, this - 10, -1)]


class YearForm(forms.Form):
    jaar = forms.TypedChoiceField(label=_("Jaar"), coerce=int, choices=year_choices)


class AnnualReportForm(YearForm):
    regio = ModelChoiceField(
        label=_("Regio"),
        queryset=Region.objects.order_by("name"),
        required=False,
        empty_label=_("Alle regio's"),
    )


class ExportForm(forms.Form):
    van = MonthField(label=_("Van maand"))
    tot = MonthField(label=_("Tot en met maand"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("van"), data.get("tot")
        if start and end and start > end:
            self.add_error("tot", _("De laatste maand ligt vóór de eerste. Kies een latere maand."))
        return data
