from django.contrib.auth import views as auth_views
from django.urls import path, register_converter
from django.views.i18n import JavaScriptCatalog

from kring.accounts import language_views, passkey_views, place_views, staff_views, views


class CbsCodeConverter:
    """A municipality's CBS code in a URL: GM and four digits."""

    regex = "GM[0-9]{4}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(CbsCodeConverter, "cbs")

app_name = "accounts"

M = "organisatie/mensen/<uuid:user_uuid>/"
P = "account/toegangssleutels/"

urlpatterns = [
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("inloggen/tweede-stap/", views.second_step, name="second_factor"),
    path("inloggen/tweede-stap-instellen/", views.enrol, name="enrol"),
    path("account/herstelcodes/", views.recovery_codes, name="recovery_codes"),
    path("account/", views.security, name="security"),
    path("account/herstelcodes/nieuw/", views.renew_recovery_codes, name="renew_recovery_codes"),
    # Passkeys (decision 0126): adding and removing on Mijn account, signing in as step two.
    path(
        P + "toevoegen/start/", passkey_views.RegisterBegin.as_view(), name="passkey_register_begin"
    ),
    path(
        P + "toevoegen/klaar/",
        passkey_views.RegisterComplete.as_view(),
        name="passkey_register_complete",
    ),
    path(P + "verwijderen/", passkey_views.remove, name="remove_passkey"),
    path(
        "inloggen/toegangssleutel/start/",
        passkey_views.SignInBegin.as_view(),
        name="passkey_sign_in_begin",
    ),
    path(
        "inloggen/toegangssleutel/klaar/",
        passkey_views.SignInComplete.as_view(),
        name="passkey_sign_in_complete",
    ),
    path(
        "inloggen/toegangssleutel/teksten.js",
        JavaScriptCatalog.as_view(packages=["django_otp_webauthn"]),
        name="passkey_texts",
    ),
    path("activeren/", views.activation, name="activation"),
    path("activeren/<str:token>/", views.activation_link, name="activate"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("wachtwoord-vergeten/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "wachtwoord-vergeten/verstuurd/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "wachtwoord-herstellen/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "wachtwoord-herstellen/klaar/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    # The organisation's own screens.
    path("organisatie/", staff_views.organisation, name="organisation"),
    path("organisatie/mensen/", staff_views.people, name="people"),
    path("organisatie/mensen/uitnodigen/", staff_views.invite, name="invite"),
    path(M, staff_views.person, name="person"),
    path(M + "wijzigen/", staff_views.change, name="change_person"),
    path(M + "deactiveren/", staff_views.deactivate, name="deactivate_person"),
    path(M + "activeren/", staff_views.reactivate, name="reactivate_person"),
    path(M + "uitnodiging-opnieuw/", staff_views.resend, name="resend_invitation"),
    path(M + "tweede-stap-wissen/", staff_views.reset_factor, name="reset_second_factor"),
    path(M + "blokkade-opheffen/", staff_views.release, name="release_lockout"),
    path("organisatie/regios/", place_views.regions, name="regions"),
    path("organisatie/regios/nieuw/", place_views.add_region, name="add_region"),
    path("organisatie/regios/<uuid:region_uuid>/", place_views.edit_region, name="edit_region"),
    path(
        "organisatie/regios/<uuid:region_uuid>/actief/",
        place_views.toggle_region,
        name="toggle_region",
    ),
    path("organisatie/gemeenten/", place_views.municipalities, name="municipalities"),
    path("organisatie/gemeenten/nieuw/", place_views.add_municipality, name="add_municipality"),
    path(
        "organisatie/gemeenten/importeren/", place_views.import_list, name="import_municipalities"
    ),
    path(
        "organisatie/gemeenten/<cbs:code>/",
        place_views.edit_municipality,
        name="edit_municipality",
    ),
    path(
        "organisatie/gemeenten/<cbs:code>/actief/",
        place_views.toggle_municipality,
        name="toggle_municipality",
    ),
    path("organisatie/talen/", language_views.languages, name="languages"),
    path("organisatie/talen/nieuw/", language_views.add_language, name="add_language"),
    path("organisatie/talen/<slug:code>/", language_views.edit_language, name="edit_language"),
    path(
        "organisatie/talen/<slug:code>/teksten/",
        language_views.language_texts,
        name="language_texts",
    ),
]
