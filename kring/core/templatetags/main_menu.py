"""`{% main_menu %}`: the items of the main menu, for the layout (`kring/base.html`).

Every signed-in page shows the menu. As a template it cost about 2.7 of the 12.6 million Python
instructions of the cheapest signed-in page, mostly in `{% url %}`, which walks the URL
patterns for each of its eight to ten links on every request (issue 15). Here the items are
written in Python and each path is reversed once per URL configuration and script prefix
(decision 206). `tests/test_main_menu.py` compares the result with the template it
replaces, for every role and the page each item marks as current.

The layout knows no roles: `nav` (from `kring.accounts.context_processors`) says which parts of
Kring to offer, and this module only which link belongs to which part.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Callable
from typing import Any

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

register = template.Library()

# Which page of Kring the visitor is on: (app name, url name) of the request's resolved URL.
Where = tuple[str, str]


def _app(name: str) -> Callable[[Where], bool]:
    return lambda where: where[0] == name


def _page(name: str) -> Callable[[Where], bool]:
    return lambda where: where[1] == name


def _never(where: Where) -> bool:
    return False


# (the part of `nav` that offers it, or None for everyone signed in; the URL's name; the
# words; when the link is the current page). In the menu's order. A coordinator's profile
# is offered only to someone without the desk (their start page is their list of cases).
ITEMS: list[tuple[str | None, str, Promise, Callable[[Where], bool]]] = [
    (None, "portal:start", _("Start"), _page("start")),
    ("desk", "intake:queue", _("Aanvragen"), _app("intake")),
    ("desk", "cases:list", _("Trajecten"), _app("cases")),
    ("desk", "coordinators:list", _("Coördinatoren"), _app("coordinators")),
    ("desk", "followup:worklist", _("Vervolg"), _app("followup")),
    ("desk", "funding:index", _("Financiering"), _app("funding")),
    ("my_cases", "coordinators:my_profile", _("Mijn profiel"), _page("my_profile")),
    ("check_ins", "plans:check_ins", _("Nabellen"), _page("check_ins")),
    ("my_money", "funding:money", _("Mijn vergoedingen"), _page("statement")),
    ("figures", "reporting:dashboard", _("Cijfers"), _app("reporting")),
    (
        "organisation",
        "accounts:organisation",
        _("Organisatie"),
        lambda where: where[0] == "accounts" and where[1] != "security",
    ),
    ("account", "accounts:security", _("Mijn account"), _page("security")),
    ("admin_site", "privacy:search", _("Privacy"), _app("privacy")),
    ("admin_site", "admin:index", _("Beheer"), _never),
]


@functools.lru_cache(maxsize=128)
def _path(viewname: str, urlconf: object, root: str, prefix: str) -> str:
    """`reverse(viewname)` for a URL without arguments: the same for the same URL
    configuration (`urlconf` for this thread, `root` the project's) and script prefix."""
    return reverse(viewname)


@register.simple_tag(takes_context=True)
def main_menu(context: template.Context) -> SafeString:
    """The `<li>` items of the main menu for `nav`, the current one marked for screen
    readers (`aria-current`)."""
    nav: Any = context.get("nav")
    match = getattr(context.get("request"), "resolver_match", None)
    where = (match.app_name or "", match.url_name or "") if match is not None else ("", "")
    key = (get_urlconf(), settings.ROOT_URLCONF, get_script_prefix())
    items = []
    for part, viewname, label, current in ITEMS:
        if part is not None and not getattr(nav, part, False):
            continue
        if part == "my_cases" and getattr(nav, "desk", False):
            continue
        marked = ' aria-current="page"' if current(where) else ""
        items.append(
            f'<li><a href="{html.escape(_path(viewname, *key))}"{marked}>'
            f"{html.escape(str(label))}</a></li>"
        )
    return mark_safe("\n".join(items))  # the paths and words are escaped above
