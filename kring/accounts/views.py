"""Login, logout, password reset and each role's start page."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from kring.accounts import second_factor
from kring.accounts.forms import EmailAuthenticationForm
from kring.accounts.models import Role, User


class LoginView(auth_views.LoginView):
    """E-mail and password; a second factor will slot in through `second_factor`."""

    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        user = form.get_user()
        if second_factor.is_required(user):  # pragma: no cover - no factor enrolled yet
            raise NotImplementedError("Two-factor verification step")
        return super().form_valid(form)


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


@login_required
def start(request: HttpRequest) -> HttpResponse:
    """Each role's start page: the work that waits for this person."""
    from kring.cases import worklists

    user: User = request.user  # type: ignore[assignment]
    if user.role in {Role.REGIONAL_MANAGER, Role.ADMIN}:
        return worklists.manager_start(request)
    if user.role == Role.COORDINATOR:
        return worklists.coordinator_start(request)
    if user.role == Role.PROFESSIONAL:
        from kring.core.access import cases_for_professional

        circle_cases = cases_for_professional(user).order_by("reference")[:50]
        return render(
            request,
            "accounts/start_professional.html",
            {"title": _("Start"), "circle_cases": circle_cases},
        )
    return render(request, "accounts/start_funder.html", {"title": _("Start")})
