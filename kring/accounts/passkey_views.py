"""Passkeys on Mijn account and as the second login step (decision 0126).

The four JSON endpoints are django-otp-webauthn's views with Kring's rules: registering needs a
signed-in session (which in Kring has always passed both steps); signing in with a passkey
needs the password step of this session (`login_flow`), counts failures in the same throttle
as a wrong code, and starts the session through `login_flow.finish` like the code does.
"""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponseBase, JsonResponse
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp_webauthn import exceptions
from django_otp_webauthn.models import AbstractWebAuthnCredential
from django_otp_webauthn.settings import app_settings
from django_otp_webauthn.utils import rewrite_exceptions
from django_otp_webauthn.views import (
    BeginCredentialAuthenticationView,
    BeginCredentialRegistrationView,
    CompleteCredentialAuthenticationView,
    CompleteCredentialRegistrationView,
)

from kring.accounts import login_flow, passkeys, throttling
from kring.accounts.http import AuthenticatedHttpRequest
from kring.accounts.models import User


class SignInAgain(exceptions.OTPWebAuthnApiError):
    """No password step in this session (or it expired): the browser script shows this."""

    status_code = 403
    default_detail = gettext_lazy("Log opnieuw in: de tijd voor de tweede stap is voorbij.")
    default_code = "sign_in_again"


class LockedOut(Exception):
    """Too many failed attempts for this account or address: the lockout answer, as JSON."""


def _logger() -> logging.Logger | None:
    name = app_settings.OTP_WEBAUTHN_EXCEPTION_LOGGER_NAME
    return logging.getLogger(name) if name else None


class _SignedIn:
    """Registering a passkey: only for a signed-in account."""

    def _check_user_verified(self, user: AbstractBaseUser) -> None:
        # The library asks django-otp whether this session passed a second factor. In Kring
        # Django's login() runs only after the second step (login_flow.finish), so every
        # signed-in session has; there is nothing more to check.
        return None


@method_decorator(login_required, name="dispatch")
class RegisterBegin(_SignedIn, BeginCredentialRegistrationView):
    """Step 1 of adding a passkey: the options and challenge for the browser."""


@method_decorator(login_required, name="dispatch")
class RegisterComplete(_SignedIn, CompleteCredentialRegistrationView):
    """Step 2 of adding a passkey: check what the authenticator made, save it, audit it."""

    def post(self, *args: object, **kwargs: object) -> JsonResponse:
        user = self.get_user()
        assert isinstance(user, User)
        state = self.get_state()
        with transaction.atomic(), rewrite_exceptions(logger=_logger()):
            device = self.get_helper().register_complete(
                user=user, state=state, data=self.request.data
            )
            passkeys.registered(user, device, self.request)
        messages.success(self.request, _("Uw toegangssleutel is toegevoegd."))
        return JsonResponse({"id": device.pk})


class _HalfwaySignIn:
    """Signing in with a passkey: the person of this session's password step."""

    request: HttpRequest

    def get_user(self) -> User | None:
        return login_flow.pending_user(self.request)

    def check_can_authenticate(self) -> None:
        user = self.get_user()
        if user is None:
            raise SignInAgain()
        if throttling.is_locked(self.request, user.email):
            raise LockedOut()

    def handle_exception(self, exc: Exception) -> HttpResponseBase:
        if isinstance(exc, LockedOut):
            return throttling.lockout_response(self.request)
        response: HttpResponseBase = super().handle_exception(exc)  # type: ignore[misc]
        return response


@method_decorator(require_POST, name="dispatch")
class SignInBegin(_HalfwaySignIn, BeginCredentialAuthenticationView):
    """Step 1 of signing in with a passkey: a challenge for this person's passkeys."""


@method_decorator(require_POST, name="dispatch")
class SignInComplete(_HalfwaySignIn, CompleteCredentialAuthenticationView):
    """Step 2: check the signature; then the session starts, as after a good code."""

    def post(self, *args: object, **kwargs: object) -> JsonResponse:
        user = self.get_user()
        assert user is not None  # check_can_authenticate ran first
        try:
            response: JsonResponse = super().post(*args, **kwargs)
        except exceptions.OTPWebAuthnApiError:
            throttling.count_failure(self.request, user.email)
            raise
        return response

    def complete_auth(self, device: AbstractWebAuthnCredential) -> AbstractBaseUser:
        user = self.get_user()
        if user is None or device.user_id != user.pk:
            raise SignInAgain()
        self._next_url = login_flow.finish(self.request, user)
        otp_login(self.request, device)
        return user

    def get_success_data(self, device: AbstractWebAuthnCredential) -> dict[str, object]:
        return {"id": device.pk, "redirect_url": self._next_url}


@login_required
@require_POST
def remove(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    """Remove one of my own passkeys (any other key: it does not exist for me)."""
    key = str(request.POST.get("passkey", ""))[:64]
    if not key or not passkeys.remove(request.user, key, request):
        raise Http404
    messages.success(request, _("De toegangssleutel is verwijderd."))
    return redirect("accounts:security")
