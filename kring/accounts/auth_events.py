"""What happens around signing in: the session's clock starts, and the audit trail hears of it.

Connected to Django's own login signals in `AccountsConfig.ready()`. A failed attempt is
recorded with a keyed hash of the address that was tried, never the address itself.
"""

from __future__ import annotations

from axes.signals import user_locked_out
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.http import HttpRequest

from kring.accounts.sessions import stamp
from kring.accounts.throttling import account_key
from kring.audit.services import Action, record


def _logged_in(
    sender: type[AbstractBaseUser], request: HttpRequest, user: AbstractBaseUser, **kwargs: object
) -> None:
    if hasattr(request, "session"):
        stamp(request.session)
    record(Action.LOGIN, user, actor=user, request=request, key="account.logged_in")


def _logged_out(
    sender: type[AbstractBaseUser] | type[None],
    request: HttpRequest,
    user: AbstractBaseUser | None,
    **kwargs: object,
) -> None:
    # Django sends this with user None (and sender NoneType) when nobody was signed in.
    if user is not None:
        record(Action.LOGOUT, user, actor=user, request=request, key="account.logged_out")


def _login_failed(
    sender: str,
    credentials: dict[str, object],
    request: HttpRequest | None = None,
    **kwargs: object,
) -> None:
    # Never the password nor the address tried: a keyed hash ties attempts on one account.
    attempted = str(credentials.get("username", "") or "")
    record(
        Action.LOGIN_FAILED,
        object_type="accounts.user",
        object_id=account_key(attempted) if attempted else "",
        request=request,
        key="account.login_failed",
        changes={"step": "second_factor" if "second_factor" in str(sender) else "password"},
    )


def connect() -> None:
    """Listen to Django's login signals (once, from the app config)."""
    user_logged_in.connect(_logged_in, dispatch_uid="kring.accounts.logged_in")
    user_logged_out.connect(_logged_out, dispatch_uid="kring.accounts.logged_out")
    user_login_failed.connect(_login_failed, dispatch_uid="kring.accounts.login_failed")
    user_locked_out.connect(_locked_out, dispatch_uid="kring.accounts.locked_out")


def _locked_out(
    sender: str,
    request: HttpRequest | None = None,
    username: str | None = None,
    ip_address: str | None = None,
    **kwargs: object,
) -> None:
    record(
        Action.LOGIN_FAILED,
        object_type="accounts.user",
        object_id=account_key(username) if username else "",
        request=request,
        key="account.locked_out",
    )
