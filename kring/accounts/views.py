"""Signing in (password, then the second factor), activating an account, password reset.

Each role's start page is in `kring.portal`; the staff and places screens are in
`staff_views` and `place_views`.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import login as otp_login

from kring.accounts import login_flow, passkeys, second_factor, staff, throttling
from kring.accounts.forms import (
    CodeForm,
    EmailAuthenticationForm,
    KringSetPasswordForm,
    OutboxPasswordResetForm,
)
from kring.accounts.http import AuthenticatedHttpRequest
from kring.accounts.models import User
from kring.audit.services import Action, record

ACTIVATION = "kring_activation"


class LoginView(auth_views.LoginView):
    """Step one: e-mail and password. Nobody is signed in before the second factor."""

    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        user = form.get_user()
        assert isinstance(user, User)
        login_flow.start(self.request, user, self.get_redirect_url())
        if second_factor.is_enrolled(user):
            return redirect("accounts:second_factor")
        return redirect("accounts:enrol")


def _start_again(request: HttpRequest) -> HttpResponse:
    messages.info(request, _("Log opnieuw in: de tijd voor de tweede stap is voorbij."))
    return redirect("accounts:login")


def _wrong_code(request: HttpRequest, user: User, form: Form) -> HttpResponseBase | None:
    """Count a wrong code; the lockout page once the account or address is over the limit."""
    throttling.count_failure(request, user.email)
    if getattr(request, "axes_locked_out", False) or throttling.is_locked(request, user.email):
        return throttling.lockout_response(request)
    form.add_error(
        "code",
        _("Deze code klopt niet. Gebruik de nieuwste code uit de app, of een herstelcode."),
    )
    return None


@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def second_step(request: HttpRequest) -> HttpResponseBase:
    """Step two: a code from the authenticator app, or one of the recovery codes."""
    user = login_flow.pending_user(request)
    if user is None:
        return _start_again(request)
    if not second_factor.is_enrolled(user):
        return redirect("accounts:enrol")
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if throttling.is_locked(request, user.email):
            return throttling.lockout_response(request)
        if form.is_valid():
            verified = second_factor.verify(user, form.cleaned_data["code"])
            if verified is not None:
                next_url = login_flow.finish(request, user)
                otp_login(request, verified.device)
                if verified.recovery:
                    record(
                        Action.LOGIN,
                        user,
                        actor=user,
                        request=request,
                        key="account.recovery_code_used",
                    )
                    messages.warning(
                        request,
                        _(
                            "U logde in met een herstelcode; er zijn er nog %(n)d. "
                            "Maak nieuwe codes onder 'Mijn account'."
                        )
                        % {"n": verified.recovery_left},
                    )
                return redirect(next_url)
            locked = _wrong_code(request, user, form)
            if locked is not None:
                return locked
    offer_passkey = passkeys.available(request) and passkeys.has_passkey(user)
    return render(
        request,
        "accounts/second_factor.html",
        {
            "form": form,
            "passkey_config": passkeys.client_config(request) if offer_passkey else None,
        },
    )


@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest) -> HttpResponseBase:
    """First sign-in: connect an authenticator app by its QR code and a first code."""
    user = login_flow.pending_user(request)
    if user is None:
        return _start_again(request)
    if second_factor.is_enrolled(user):
        return redirect("accounts:second_factor")
    secret = request.session.get(login_flow.ENROL_SECRET)
    if not isinstance(secret, str) or len(secret) != 40:
        secret = second_factor.new_secret()
        request.session[login_flow.ENROL_SECRET] = secret
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if throttling.is_locked(request, user.email):
            return throttling.lockout_response(request)
        if form.is_valid():
            codes = second_factor.enrol(user, secret, form.cleaned_data["code"])
            if codes is not None:
                next_url = login_flow.finish(request, user)
                request.session[login_flow.RECOVERY_CODES] = {"codes": codes, "next": next_url}
                return redirect("accounts:recovery_codes")
            locked = _wrong_code(request, user, form)
            if locked is not None:
                return locked
    return render(
        request,
        "accounts/enrol.html",
        {
            "form": form,
            "qr": second_factor.qr_svg(user, secret),
            "secret": second_factor.grouped(secret),
            "email": user.email,
        },
    )


@never_cache
@login_required
@require_GET
def recovery_codes(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The recovery codes, shown once right after they were made."""
    data = request.session.pop(login_flow.RECOVERY_CODES, None)
    if not isinstance(data, dict):
        return redirect("accounts:security")
    return render(
        request,
        "accounts/recovery_codes.html",
        {
            "codes": data.get("codes", []),
            "next": login_flow.safe_next(request, str(data.get("next", ""))),
        },
    )


@never_cache
@login_required
@require_GET
def security(request: AuthenticatedHttpRequest) -> HttpResponse:
    """My account: the second factor, the passkeys and the recovery codes."""
    return render(
        request,
        "accounts/security.html",
        {
            "enrolled": second_factor.is_enrolled(request.user),
            "passkeys": list(passkeys.passkeys_of(request.user)),
            "passkey_config": (
                passkeys.client_config(request) if passkeys.available(request) else None
            ),
        },
    )


@login_required
@require_POST
def renew_recovery_codes(request: AuthenticatedHttpRequest) -> HttpResponse:
    """New recovery codes (the old ones stop working), shown once."""
    codes = second_factor.new_recovery_codes(request.user)
    request.session[login_flow.RECOVERY_CODES] = {
        "codes": codes,
        "next": str(reverse_lazy("accounts:security")),
    }
    return redirect("accounts:recovery_codes")


def _link_invalid(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/activation_invalid.html", status=404)


@never_cache
@require_GET
def activation_link(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the invitation mail: remembered in the session, then out of the address
    bar (so it does not stay in the browser's history or a proxy's log of later pages)."""
    invitation = staff.invitation_for_token(token)
    if invitation is None:
        return _link_invalid(request)
    request.session[ACTIVATION] = invitation.pk
    return redirect("accounts:activation")


@never_cache
@sensitive_post_parameters("new_password1", "new_password2")
@require_http_methods(["GET", "POST"])
def activation(request: HttpRequest) -> HttpResponse:
    """Choose a password; then the second factor is set up, then the person is signed in."""
    invitation_id = request.session.get(ACTIVATION)
    invitation = staff.open_invitation(invitation_id) if isinstance(invitation_id, int) else None
    if invitation is None:
        return _link_invalid(request)
    form = KringSetPasswordForm(invitation.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = staff.activate(invitation, form.cleaned_data["new_password1"], request)
        except ValueError:
            return _link_invalid(request)
        request.session.pop(ACTIVATION, None)
        login_flow.start(request, user)
        messages.success(request, _("Uw wachtwoord is opgeslagen. Nu de tweede stap."))
        return redirect("accounts:enrol")
    return render(request, "accounts/activation.html", {"form": form, "invitee": invitation.user})


class PasswordResetView(auth_views.PasswordResetView):
    """Ask for a reset link; throttled per address and per e-mail address."""

    template_name = "accounts/password_reset_form.html"
    form_class = OutboxPasswordResetForm
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        if not throttling.allow_password_reset(self.request, form.cleaned_data["email"]):
            return throttling.lockout_response(self.request)
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Choose a new password from the mailed link (valid one hour); sessions end."""

    template_name = "accounts/password_reset_confirm.html"
    form_class = KringSetPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: SetPasswordForm[User]) -> HttpResponse:
        response = super().form_valid(form)
        record(
            Action.UPDATE,
            form.user,
            actor=form.user,
            request=self.request,
            key="account.password_set",
        )
        return response
