"""The coordinator invites a professional in the circle into the case (one POST)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kring.accounts.http import AuthenticatedHttpRequest
from kring.cases.access import Purpose, get_case_for
from kring.network.access import get_person_for
from kring.network.invitations import InvitationRefused, invite_professional


@login_required
@require_POST
def invite(
    request: AuthenticatedHttpRequest, case_uuid: uuid.UUID, person_uuid: uuid.UUID
) -> HttpResponse:
    """Link an existing professional account, or mail an activation link for a new one."""
    case = get_case_for(request, case_uuid, Purpose.CHANGE)
    person = get_person_for(case, person_uuid)
    try:
        linked = invite_professional(person, actor=request.user, request=request)
    except InvitationRefused as refused:
        messages.error(request, str(refused))
    else:
        if linked:
            messages.success(
                request,
                _("%(name)s heeft al een account en kan nu bij dit traject.")
                % {"name": person.name},
            )
        else:
            messages.success(
                request,
                _(
                    "%(name)s krijgt een e-mail om een account te maken. Daarna kan hij of zij "
                    "bij dit traject."
                )
                % {"name": person.name},
            )
    return redirect("network:person", case_uuid=case.uuid, person_uuid=person.uuid)
