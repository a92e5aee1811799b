"""Fixtures shared by every app's tests."""

from collections.abc import Callable, Iterator

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from kring.accounts.models import Role, User
from kring.accounts.tests.factories import MunicipalityFactory, RegionFactory, UserFactory
from kring.languages.services import add_shipped


@pytest.fixture(autouse=True)
def _fast_media(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "private"


@pytest.fixture(autouse=True)
def _each_test_starts_in_the_default_language() -> Iterator[None]:
    """A test client's request in English leaves English active in the thread (the locale
    middleware activates a language and nothing deactivates it): a later test on the same worker
    would build its texts in English. Every test starts, and ends, without one."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Rate limits and login lockouts live in the cache: every test starts with none."""
    cache.clear()


@pytest.fixture(autouse=True)
def _shipped_languages(request) -> None:  # type: ignore[no-untyped-def]
    """A transactional test empties the database afterwards, data migrations' rows included:
    the next one gets the shipped languages back (kring.languages migration 0002)."""
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        request.getfixturevalue("transactional_db")
        add_shipped()


@pytest.fixture
def region(db):  # type: ignore[no-untyped-def]
    return RegionFactory(name="Noord-Holland", slug="noord-holland")


@pytest.fixture
def other_region(db):  # type: ignore[no-untyped-def]
    return RegionFactory(name="Zuid", slug="zuid")


@pytest.fixture
def municipality(region):  # type: ignore[no-untyped-def]
    return MunicipalityFactory(code="GM0363", name="Amsterdam", region=region)


@pytest.fixture
def other_municipality(other_region):  # type: ignore[no-untyped-def]
    return MunicipalityFactory(code="GM0772", name="Eindhoven", region=other_region)


@pytest.fixture
def make_user(db, region) -> Callable[..., User]:  # type: ignore[no-untyped-def]
    def make(role: str = Role.REGIONAL_MANAGER, regions: list | None = None, **kwargs) -> User:  # type: ignore[no-untyped-def]
        user = UserFactory(role=role, **kwargs)
        if role in {Role.REGIONAL_MANAGER, Role.COORDINATOR}:
            user.regions.set(regions if regions is not None else [region])
        return user

    return make


@pytest.fixture
def manager(make_user):  # type: ignore[no-untyped-def]
    return make_user(Role.REGIONAL_MANAGER, full_name="Marieke de Boer")


@pytest.fixture
def admin_user(make_user):  # type: ignore[no-untyped-def]
    return make_user(Role.ADMIN, is_superuser=True, full_name="Beheerder")


@pytest.fixture
def coordinator(make_user):  # type: ignore[no-untyped-def]
    return make_user(Role.COORDINATOR, full_name="Anouk Verbeek")


@pytest.fixture
def professional(make_user):  # type: ignore[no-untyped-def]
    return make_user(Role.PROFESSIONAL, organisation="Jeugdbescherming")


@pytest.fixture
def funder(make_user, municipality):  # type: ignore[no-untyped-def]
    return make_user(
        Role.FUNDER, organisation="Gemeente Amsterdam", funder_municipality=municipality
    )


@pytest.fixture
def client_for() -> Callable[[User], Client]:
    """A test client logged in as this user."""

    def make(user: User) -> Client:
        c = Client()
        c.force_login(user)
        return c

    return make
