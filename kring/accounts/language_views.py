"""Languages for invitees, kept by administrators in Kring's own screens: add a language, name
it, set its direction, make it (in)active, and write its texts for the invitee-facing strings
(`kring.languages.sources`). No deploy: the texts are read from the database when a page,
mail, letter or PDF is made (`kring.languages.services.speaking`)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kring.accounts.access import may_manage_languages
from kring.accounts.http import AuthenticatedHttpRequest
from kring.accounts.language_forms import LanguageForm, TextsForm, field_name
from kring.languages import services, sources
from kring.languages.models import Language


def _require_admin(request: AuthenticatedHttpRequest) -> None:
    if not may_manage_languages(request.user):
        raise PermissionDenied


def _language(code: str) -> Language:
    language = Language.objects.filter(code=code.lower()[:3]).first()
    if language is None:
        raise Http404
    return language


@login_required
@require_GET
def languages(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every language (a short, fixed-size list), with how many texts an administrator wrote."""
    _require_admin(request)
    rows = Language.objects.annotate(text_count=Count("texts")).order_by("-active", "code")
    return render(
        request,
        "accounts/languages.html",
        {"languages": list(rows[:500]), "source_count": len(sources.invitee_msgids())},
    )


@login_required
@require_http_methods(["GET", "POST"])
def add_language(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A new language; its texts are written next."""
    _require_admin(request)
    form = LanguageForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        language = services.save_language(
            form.save(commit=False), list(form.changed_data), actor=request.user, request=request
        )
        messages.success(
            request,
            _("Taal %(name)s is toegevoegd. Schrijf nu de teksten.")
            % {"name": language.native_name},
        )
        return redirect("accounts:language_texts", code=language.code)
    return render(
        request,
        "accounts/language_form.html",
        {"form": form, "language": None},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit_language(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """Change a language's own name, direction or whether it can be given to people."""
    _require_admin(request)
    language = _language(code)
    form = LanguageForm(request.POST if request.method == "POST" else None, instance=language)
    if request.method == "POST" and form.is_valid():
        services.save_language(
            form.save(commit=False), list(form.changed_data), actor=request.user, request=request
        )
        messages.success(request, _("Opgeslagen."))
        return redirect("accounts:languages")
    return render(
        request,
        "accounts/language_form.html",
        {"form": form, "language": language},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def language_texts(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """Every invitee-facing source string with the Dutch original beside a box for this
    language's text; an empty box shows Dutch (or the shipped translation)."""
    _require_admin(request)
    language = _language(code)
    if language.code == services.DUTCH.code:
        raise Http404  # Dutch is the source language: its texts are the originals
    msgids = sources.invitee_msgids()
    current = dict(language.texts.values_list("msgid", "text"))
    shipped = sources.shipped_texts(language.code)
    form = TextsForm(
        request.POST if request.method == "POST" else None,
        msgids=msgids,
        current=current,
        shipped=shipped,
        language=language,
    )
    if request.method == "POST" and form.is_valid():
        changed, removed = services.save_texts(
            language, form.texts(), actor=request.user, request=request
        )
        messages.success(
            request,
            _("Opgeslagen: %(changed)s teksten gewijzigd, %(removed)s weggehaald.")
            % {"changed": changed, "removed": removed},
        )
        return redirect("accounts:language_texts", code=language.code)
    rows = [
        (form[field_name(msgid)], msgid, shipped.get(msgid, ""), msgid in current)
        for msgid in msgids
    ]
    return render(
        request,
        "accounts/language_texts.html",
        {
            "form": form,
            "language": language,
            "rows": rows,
            "written": len(current),
            "missing": sum(1 for m in msgids if m not in current and m not in shipped),
        },
        status=400 if form.errors else 200,
    )
