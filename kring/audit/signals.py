"""Logins, logouts and failed logins are audit events too."""

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from kring.audit.services import Action, record


@receiver(user_logged_in)
def _logged_in(
    sender: type[AbstractBaseUser], request: HttpRequest, user: AbstractBaseUser, **kwargs: object
) -> None:
    record(Action.LOGIN, user, actor=user, request=request, key="auth.login")


@receiver(user_logged_out)
def _logged_out(
    sender: type[AbstractBaseUser] | type[None],
    request: HttpRequest,
    user: AbstractBaseUser | None,
    **kwargs: object,
) -> None:
    # Django sends this with user None (and sender NoneType) when nobody was signed in.
    if user is not None:
        record(Action.LOGOUT, user, actor=user, request=request, key="auth.logout")


@receiver(user_login_failed)
def _login_failed(
    sender: str,
    credentials: dict[str, object],
    request: HttpRequest | None = None,
    **kwargs: object,
) -> None:
    # Never the attempted password, nor the typed address (it may be anyone's, or a typo of
    # it): the account's id when the address belongs to one, otherwise only that it did not.
    typed = str(credentials.get("username", "") or "").strip().lower()
    user_model = get_user_model()
    account = user_model.objects.filter(email=typed).only("uuid").first() if typed else None
    record(
        Action.LOGIN_FAILED,
        object_type="accounts.user",
        object_id=str(account.uuid) if account is not None else "",
        changes={"known_account": account is not None},
        request=request,
        key="auth.login_failed",
    )
