"""Login, logout and password reset (each role's start page is in `kring.portal`)."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpResponse
from django.urls import reverse_lazy

from kring.accounts import second_factor
from kring.accounts.forms import EmailAuthenticationForm, OutboxPasswordResetForm


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
    form_class = OutboxPasswordResetForm
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
