"""Answering a request for information by personal link, for a professional without an account.

The coordinator mails the link from the case's information page
(`kring.conferences.services.request_information_by_mail`). The page shows only the questions
put to this person, with enough context to know which conference it is, and takes text and a
document through the same checked upload as the staff page. Every use of the link is recorded
(`kring.network.access.person_for_link`); the answer is recorded as given through the link.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kring.conferences import services
from kring.conferences.access import get_information_item_for_link, information_items_for_link
from kring.conferences.forms import ProvideInformationForm
from kring.conferences.invitations import contact_for
from kring.conferences.models import InformationItem, InformationStatus
from kring.languages.services import own_choice, page_speech, speaking
from kring.network.access import person_for_link
from kring.network.models import LinkPurpose, Person


def _page(
    request: HttpRequest,
    person: Person,
    token: str,
    *,
    failed: tuple[int, ProvideInformationForm] | None = None,
) -> HttpResponse:
    items = list(information_items_for_link(person))
    if not items:
        raise Http404
    case = person.case
    with speaking(page_speech(request, person.language)) as speech:
        return render(
            request,
            "portal/information_link.html",
            {
                "person": person,
                "speech": speech,
                "own_choice": own_choice(person.language, speech),
                "main_name": case.main_person_first_name,
                "reference": case.reference,
                "items": items,
                "received": InformationStatus.RECEIVED,
                "failed_item": failed[0] if failed else None,
                "provide_form": failed[1] if failed else ProvideInformationForm(),
                "contact": contact_for(case),
                "token": token,
            },
            status=400 if failed else 200,
        )


@require_GET
def information_link(request: HttpRequest, token: str) -> HttpResponse:
    """The questions put to this professional, each with a form to answer it."""
    person = person_for_link(request, token, LinkPurpose.INFORMATION)
    return _page(request, person, token)


@require_POST
def answer_information(request: HttpRequest, token: str, item_uuid: uuid.UUID) -> HttpResponse:
    """Save the answer (text and/or a PDF or photo, checked from its content)."""
    person = person_for_link(request, token, LinkPurpose.INFORMATION)
    item: InformationItem = get_information_item_for_link(person, item_uuid)
    form = ProvideInformationForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, person, token, failed=(item.pk, form))
    services.provide_information(
        item,
        answer=form.cleaned_data["answer"],
        document=form.cleaned_data.get("document"),
        document_type=getattr(form, "document_type", ""),
        actor=None,
        request=request,
        actor_label=f"link:{LinkPurpose.INFORMATION}:{person.uuid}",
    )
    with speaking(page_speech(request, person.language)):
        messages.success(request, _("Dank u wel. De informatie is opgeslagen."))
    return redirect("portal:information_link", token=token)
