"""A matching card written in Python (`match_cards.match_card`, decision 204) is the card the
template partial wrote: the same elements, attributes, words and escaping, in Dutch and English."""

import uuid

from django.template import engines
from django.test import SimpleTestCase
from django.utils import translation
from django.utils.safestring import mark_safe

from kring.accounts.models import User
from kring.coordinators.matching import Match, Reason
from kring.coordinators.models import CoordinatorProfile
from kring.coordinators.templatetags.match_cards import match_card

# The partial of coordinators/match.html that the tag replaces, as it was.
PARTIAL = """{% load i18n %}
{% translate "beste keuze" as best_label %}{% translate "kan niet" as blocked_label %}{% translate "Kan niet:" as cannot_label %}{% translate "Past:" as fits_label %}{% translate "Past niet:" as fits_not_label %}
{% with uid=m.user.uuid|stringformat:"s" %}
  <li class="card match{% if not m.eligible %} match--blocked{% endif %}">
    <div class="choice">
      <input type="radio" name="coordinator" value="{{ uid }}" id="kies-{{ uid }}"{% if not m.eligible %} disabled{% endif %}{% if chosen == uid %} checked{% endif %} aria-describedby="{% if m.warnings %}let-op-{{ uid }} {% endif %}redenen-{{ uid }}">
      <label for="kies-{{ uid }}"><strong>{{ m.rank }}. {{ m.user.full_name }}</strong>
        {% if m.eligible %}<span class="badge">{% blocktranslate with score=m.score %}{{ score }} punten{% endblocktranslate %}</span>{% if m == best %} <span class="badge badge--ok">{{ best_label }}</span>{% endif %}{% else %}<span class="badge badge--overdue">{{ blocked_label }}</span>{% endif %}
      </label>
    </div>
    {% if m.warnings %}<p class="alert alert--warning match-warning" id="let-op-{{ uid }}">{% for w in m.warnings %}{{ w }}{% if not forloop.last %} {% endif %}{% endfor %}</p>{% endif %}
    {% if m.tie_note %}<p class="muted match-tie">{{ m.tie_note }}</p>{% endif %}
    <ul class="match-reasons" id="redenen-{{ uid }}">
      {% for b in m.blockers %}<li class="reason reason--no"><span aria-hidden="true">✗</span> <span class="visually-hidden">{{ cannot_label }}</span> {{ b }}</li>{% endfor %}
      {% for r in m.reasons %}<li class="reason {% if r.ok %}reason--yes{% else %}reason--no{% endif %}"><span aria-hidden="true">{% if r.ok %}✓{% else %}✗{% endif %}</span> <span class="visually-hidden">{% if r.ok %}{{ fits_label }}{% else %}{{ fits_not_label }}{% endif %}</span> {{ r.text }}</li>{% endfor %}
    </ul>
  </li>
{% endwith %}"""  # noqa: E501


def _match(name: str, **kwargs: object) -> Match:
    user = User(full_name=name, uuid=uuid.uuid4())
    return Match(profile=CoordinatorProfile(user=user), **kwargs)  # type: ignore[arg-type]


def _cards() -> list[Match]:
    best = _match(
        "Anna de Vries",
        score=110,
        rank=1,
        reasons=[Reason(True, "Werkt in regio Noord"), Reason(False, "Spreekt geen Turks")],
        warnings=["Let op: spreekt geen Turks.", "Nog iets <b>"],
    )
    return [
        best,
        _match(
            "Bram & <Zoë> O'Neill",
            score=110,
            rank=2,
            tie_note='Evenveel punten als nummer 1: "naam" <gaat> voor.',
            reasons=[Reason(True, "Culturele achtergrond past bij de wens: <Marokkaans & Turks>")],
        ),
        _match(
            "Chris Blok",
            score=-25,
            rank=3,
            blockers=["Training nog niet afgerond", "Is <nu> de coördinator"],
            reasons=[Reason(False, mark_safe("<em>al veilig</em>"))],
        ),
        _match("", score=0, rank=1234),
    ]


class MatchCardTest(SimpleTestCase):
    def test_the_card_is_the_partial_it_replaces(self) -> None:
        partial = engines["django"].from_string(PARTIAL)
        cards = _cards()
        for language in ("nl", "en"):
            for chosen_index in (None, 0, 2):
                chosen = "" if chosen_index is None else str(cards[chosen_index].user.uuid)
                for m in cards:
                    with self.subTest(language=language, card=m.rank, chosen=chosen_index):
                        with translation.override(language):
                            expected = partial.render({"m": m, "chosen": chosen, "best": cards[0]})
                            written = match_card(m, chosen, cards[0])
                        self.assertHTMLEqual(written, expected)

    def test_names_and_reasons_are_escaped_and_safe_text_is_kept(self) -> None:
        written = match_card(_cards()[1], "", None)
        assert "Bram &amp; &lt;Zoë&gt; O&#x27;Neill" in written
        assert "&lt;Marokkaans &amp; Turks&gt;" in written
        assert "<em>al veilig</em>" in match_card(_cards()[2], "", None)
