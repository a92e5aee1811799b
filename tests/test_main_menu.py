"""The main menu written in Python (`{% main_menu %}`, decision 206) is the menu the template
wrote: the same links, words and current page, for every combination of what `nav` offers,
on the pages each item marks as current, in Dutch and English, also under a script prefix."""

import itertools
from dataclasses import fields
from types import SimpleNamespace

from django.template import Context, engines
from django.test import SimpleTestCase
from django.urls import resolve, set_script_prefix
from django.utils import translation

from kring.accounts.context_processors import Nav
from kring.core.templatetags.main_menu import main_menu

# kring/_nav.html, which the tag replaces, as it was.
MENU = """{% load i18n %}
<li><a href="{% url 'portal:start' %}" {% if request.resolver_match.url_name == 'start' %}aria-current="page"{% endif %}>{% translate "Start" %}</a></li>
{% if nav.desk %}
  <li><a href="{% url 'intake:queue' %}" {% if request.resolver_match.app_name == 'intake' %}aria-current="page"{% endif %}>{% translate "Aanvragen" %}</a></li>
  <li><a href="{% url 'cases:list' %}" {% if request.resolver_match.app_name == 'cases' %}aria-current="page"{% endif %}>{% translate "Trajecten" %}</a></li>
  <li><a href="{% url 'coordinators:list' %}" {% if request.resolver_match.app_name == 'coordinators' %}aria-current="page"{% endif %}>{% translate "Coördinatoren" %}</a></li>
  <li><a href="{% url 'followup:worklist' %}" {% if request.resolver_match.app_name == 'followup' %}aria-current="page"{% endif %}>{% translate "Vervolg" %}</a></li>
  <li><a href="{% url 'funding:index' %}" {% if request.resolver_match.app_name == 'funding' %}aria-current="page"{% endif %}>{% translate "Financiering" %}</a></li>
{% elif nav.my_cases %}
  {# A coordinator's start page is the list of their cases: one menu item, not two. #}
  <li><a href="{% url 'coordinators:my_profile' %}" {% if request.resolver_match.url_name == 'my_profile' %}aria-current="page"{% endif %}>{% translate "Mijn profiel" %}</a></li>
{% endif %}
{% if nav.check_ins %}
  <li><a href="{% url 'plans:check_ins' %}" {% if request.resolver_match.url_name == 'check_ins' %}aria-current="page"{% endif %}>{% translate "Nabellen" %}</a></li>
{% endif %}
{% if nav.my_money %}
  <li><a href="{% url 'funding:money' %}" {% if request.resolver_match.url_name == 'statement' %}aria-current="page"{% endif %}>{% translate "Mijn vergoedingen" %}</a></li>
{% endif %}
{% if nav.figures %}
  <li><a href="{% url 'reporting:dashboard' %}" {% if request.resolver_match.app_name == 'reporting' %}aria-current="page"{% endif %}>{% translate "Cijfers" %}</a></li>
{% endif %}
{% if nav.organisation %}
  <li><a href="{% url 'accounts:organisation' %}" {% if request.resolver_match.app_name == 'accounts' and request.resolver_match.url_name != 'security' %}aria-current="page"{% endif %}>{% translate "Organisatie" %}</a></li>
{% endif %}
{% if nav.account %}
  <li><a href="{% url 'accounts:security' %}" {% if request.resolver_match.url_name == 'security' %}aria-current="page"{% endif %}>{% translate "Mijn account" %}</a></li>
{% endif %}
{% if nav.admin_site %}
  <li><a href="{% url 'privacy:search' %}" {% if request.resolver_match.app_name == 'privacy' %}aria-current="page"{% endif %}>{% translate "Privacy" %}</a></li>
  <li><a href="{% url 'admin:index' %}">{% translate "Beheer" %}</a></li>
{% endif %}
"""  # noqa: E501

CASE = "00000000-0000-0000-0000-000000000001"
# Each page an item marks as current, one with the same url name in another app (the plan's
# "start"), pages of no item, and no resolved page at all (an error page).
PAGES = [
    "/start/",
    f"/trajecten/{CASE}/plan/starten/",
    "/aanvragen/",
    "/trajecten/",
    "/coordinatoren/",
    "/mijn-profiel/",
    "/vervolg/",
    "/financiering/",
    "/vergoedingen/",
    f"/vergoedingen/{CASE}/2026/11/",
    "/nabellen/",
    "/cijfers/",
    "/organisatie/",
    "/account/",
    "/privacyverzoeken/",
    "/privacy/",
    None,
]


def _navs() -> list[Nav]:
    """No part, each part alone, each part but one, every part; and the desk with a
    coordinator's cases (the profile is then not offered)."""
    names = [f.name for f in fields(Nav)]
    navs = [Nav(**dict.fromkeys(names, False)), Nav(**dict.fromkeys(names, True))]
    for name in names:
        navs.append(Nav(**{n: n == name for n in names}))
        navs.append(Nav(**{n: n != name for n in names}))
    navs.append(Nav(**{n: n in ("desk", "my_cases") for n in names}))
    return navs


class MainMenuTest(SimpleTestCase):
    def _compare(self, nav: Nav, path: str | None) -> None:
        match = resolve(path) if path else None
        request = SimpleNamespace(resolver_match=match)
        context = {"nav": nav, "request": request}
        expected = engines["django"].from_string(MENU).render(context)
        written = main_menu(Context(context))
        self.assertHTMLEqual(written, expected)

    def test_the_menu_is_the_template_it_replaces(self) -> None:
        for language, nav, path in itertools.product(("nl", "en"), _navs(), PAGES):
            with (
                self.subTest(language=language, nav=nav, path=path),
                translation.override(language),
            ):
                self._compare(nav, path)

    def test_under_a_script_prefix(self) -> None:
        set_script_prefix("/kring/")
        try:
            self._compare(_navs()[-1], "/trajecten/")
            assert 'href="/kring/trajecten/"' in main_menu(
                Context({"nav": _navs()[-1], "request": None})
            )
        finally:
            set_script_prefix("/")
