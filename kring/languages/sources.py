"""Which strings an invitee or a main person reads: the invitee-facing source strings.

Pages reached by a personal link, the invitation, update and cancel mails and the letter, the
plan notices and the plan PDFs. They are named here by source file, or by top-level name
inside a Python module that also holds staff texts. Their msgids are read from the Dutch
catalogue's references (`locale/nl/LC_MESSAGES/django.po`, written by `make messages`), so
this list is the one place that says what the seven catalogues must translate and what an
administrator translates for a new language. Staff screens stay Dutch and English.
"""

from __future__ import annotations

import ast
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

# A file named alone counts entirely; with names, only strings inside those top-level
# classes, functions or assignments count.
INVITEE_SOURCES: dict[str, tuple[str, ...]] = {
    "kring/core/templates/kring/base.html": (),
    "kring/core/templates/kring/forms/errors_summary.html": (),
    "kring/core/forms.py": ("field_group",),
    "kring/network/templates/network/_check.html": (),
    "kring/portal/templates/portal/rsvp.html": (),
    "kring/portal/templates/portal/code_entry.html": (),
    "kring/portal/templates/portal/information_link.html": (),
    "kring/portal/templates/portal/link_plan.html": (),
    "kring/portal/templates/portal/_contact.html": (),
    "kring/portal/rsvp.py": (),
    "kring/portal/information.py": (),
    "kring/portal/plan_links.py": (),
    "kring/conferences/templates/conferences/invitations/subject.txt": (),
    "kring/conferences/templates/conferences/invitations/body.txt": (),
    "kring/conferences/templates/conferences/invitations/letter.html": (),
    "kring/conferences/templates/conferences/mail/information_request.html": (),
    "kring/conferences/templates/conferences/mail/information_request.txt": (),
    "kring/conferences/templates/conferences/mail/information_request_subject.txt": (),
    "kring/conferences/forms.py": ("ANSWERS", "RsvpForm", "ProvideInformationForm"),
    "kring/conferences/models.py": ("Conference",),
    "kring/cases/models.py": ("Part",),
    "kring/plans/templates/plans/email/plan_notice.txt": (),
    "kring/plans/templates/plans/email/plan_notice_subject.txt": (),
    "kring/plans/templates/plans/email/not_met_notice.txt": (),
    "kring/plans/templates/plans/email/not_met_notice_subject.txt": (),
    "kring/plans/templates/plans/email/choose_recipients.txt": (),
    "kring/plans/templates/plans/email/choose_recipients_subject.txt": (),
    "kring/plans/templates/plans/pdf/plan.html": (),
    "kring/plans/templates/plans/pdf/my_agreements.html": (),
    "kring/plans/templates/plans/_content.html": (),
    "kring/plans/templates/plans/_recipients.html": (),
    "kring/plans/forms.py": ("RecipientChoiceField", "RecipientRow", "DeliverForm"),
    "kring/plans/delivery.py": (
        "Caution",
        "recipient_cautions",
        "_unconfirmed_reasons",
        "choose_recipients",
    ),
    # The family portal: signing in with a link and a code, and what the main person and the
    # participants read and do there (decision 0170).
    "kring/portal/family.py": (),
    "kring/portal/templates/portal/family/_nav.html": (),
    "kring/portal/templates/portal/family/code.html": (),
    "kring/portal/templates/portal/family/draft.html": (),
    "kring/portal/templates/portal/family/entry.html": (),
    "kring/portal/templates/portal/family/follow_up.html": (),
    "kring/portal/templates/portal/family/home.html": (),
    "kring/portal/templates/portal/family/lost_link.html": (),
    "kring/portal/templates/portal/family/recipients.html": (),
    "kring/portal/templates/portal/family/signed_out.html": (),
    "kring/portal/templates/portal/family/viewers.html": (),
    "kring/portal/templates/portal/email/signin_code.txt": (),
    "kring/portal/templates/portal/email/signin_code_subject.txt": (),
    "kring/portal/templates/portal/email/portal_link.txt": (),
    "kring/portal/templates/portal/email/portal_link_subject.txt": (),
    "kring/portal/models.py": ("CodeChannel",),
    "kring/plans/family.py": (),
    "kring/plans/models.py": ("Progress",),
    "kring/accounts/models.py": ("Role",),
    "kring/network/states.py": ("PersonStatus",),  # "Uw antwoord: Komt" on the portal
    # Follow-up: the satisfaction survey, the reminders to the circle and the opt-out page
    # (the check-in and late follow-up mails go to staff and stay Dutch and English).
    "kring/followup/templates/followup/survey.html": (),
    "kring/followup/templates/followup/survey_thanks.html": (),
    "kring/followup/templates/followup/opt_out.html": (),
    "kring/followup/templates/followup/mail/survey.txt": (),
    "kring/followup/templates/followup/mail/survey_subject.txt": (),
    "kring/followup/templates/followup/mail/rsvp.txt": (),
    "kring/followup/templates/followup/mail/rsvp_subject.txt": (),
    "kring/followup/templates/followup/mail/conference_tomorrow.txt": (),
    "kring/followup/templates/followup/mail/conference_tomorrow_subject.txt": (),
    "kring/followup/templates/followup/mail/agreement_due.txt": (),
    "kring/followup/templates/followup/mail/agreement_due_subject.txt": (),
    "kring/followup/templates/followup/mail/follow_up.txt": (),
    "kring/followup/templates/followup/mail/follow_up_subject.txt": (),
    "kring/followup/reminders.py": ("sms_text",),
    # The survey, and the follow-up form the main person fills in on the family portal.
    "kring/followup/forms.py": (),
    "kring/followup/models.py": (
        "AgreementsOutcome",
        "QuestionAnswered",
        "ProfessionalHelp",
        "SafetyHolds",
        "Progress",
    ),
    "kring/followup/meetings.py": ("why_not_main_person", "check_outcomes", "record_follow_up"),
    "kring/portal/templates/portal/family/record_follow_up.html": (),
}


@dataclass
class Entry:
    """One message of a catalogue."""

    msgid: str
    msgstr: str = ""
    plural: str = ""
    plural_strs: list[str] = field(default_factory=list)
    context: str = ""
    references: list[tuple[str, int]] = field(default_factory=list)
    fuzzy: bool = False

    @property
    def translated(self) -> bool:
        if self.fuzzy:
            return False
        if self.plural:
            return bool(self.plural_strs) and all(self.plural_strs)
        return bool(self.msgstr)


_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


def _unquote(line: str) -> str:
    match = _QUOTED.search(line)
    if match is None:
        return ""
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), match.group(1))


def parse_po(text: str) -> list[Entry]:
    """The entries of a .po file (obsolete `#~` entries left out), header excluded."""
    entries: list[Entry] = []
    for block in re.split(r"\n\s*\n", text):
        entry = Entry(msgid="")
        target: str | None = None
        index = 0
        seen = False
        for line in block.splitlines():
            if line.startswith("#~"):
                continue
            if line.startswith("#:"):
                for ref in line[2:].split():
                    path, _sep, number = ref.rpartition(":")
                    if path and number.isdigit():
                        entry.references.append((path, int(number)))
            elif line.startswith("#,"):
                entry.fuzzy = entry.fuzzy or "fuzzy" in line
            elif line.startswith("msgctxt"):
                target, entry.context = "context", _unquote(line)
            elif line.startswith("msgid_plural"):
                target, entry.plural = "plural", _unquote(line)
            elif line.startswith("msgid"):
                target, entry.msgid, seen = "msgid", _unquote(line), True
            elif line.startswith("msgstr["):
                index = int(line[7 : line.index("]")])
                entry.plural_strs.append(_unquote(line))
                target = "plural_str"
            elif line.startswith("msgstr"):
                target, entry.msgstr = "msgstr", _unquote(line)
            elif line.startswith('"') and target is not None:
                more = _unquote(line)
                if target == "plural_str":
                    entry.plural_strs[index] += more
                else:
                    setattr(entry, target, getattr(entry, target) + more)
        if seen and entry.msgid:
            entries.append(entry)
    return entries


def _spans(path: Path, names: tuple[str, ...]) -> list[tuple[int, int]]:
    """The line spans of these top-level names in a Python module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    spans = []
    for node in tree.body:
        found = getattr(node, "name", None)
        if found is None and isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            found = next((t.id for t in targets if isinstance(t, ast.Name)), None)
        if found in names:
            spans.append((node.lineno, node.end_lineno or node.lineno))
    return spans


def catalogue_path(language: str) -> Path:
    """Where a language's catalogue lives (the first of LOCALE_PATHS)."""
    return Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / "django.po"


@functools.cache
def _selection() -> dict[str, list[tuple[int, int]] | None]:
    base = Path(settings.BASE_DIR)
    selection: dict[str, list[tuple[int, int]] | None] = {}
    for name, symbols in INVITEE_SOURCES.items():
        selection[name] = _spans(base / name, symbols) if symbols else None
    return selection


def is_invitee_facing(entry: Entry) -> bool:
    """Does a catalogue entry come from something an invitee or main person reads?"""
    selection = _selection()
    for path, line in entry.references:
        if path not in selection:
            continue
        spans = selection[path]
        if spans is None or any(start <= line <= end for start, end in spans):
            return True
    return False


@functools.cache
def invitee_entries() -> tuple[Entry, ...]:
    """The invitee-facing entries of the Dutch catalogue, in catalogue order."""
    text = catalogue_path("nl").read_text(encoding="utf-8")
    return tuple(e for e in parse_po(text) if not e.context and is_invitee_facing(e))


def invitee_msgids() -> list[str]:
    """The invitee-facing source strings an administrator can translate (singular ones;
    counted phrases fall back to Dutch for a language without a catalogue)."""
    return [e.msgid for e in invitee_entries() if not e.plural]


@functools.cache
def shipped_texts(language: str) -> dict[str, str]:
    """The shipped catalogue's translations of a language (empty for one without)."""
    path = catalogue_path(language)
    if language == "nl" or not path.exists():
        return {}
    entries = parse_po(path.read_text(encoding="utf-8"))
    return {e.msgid: e.msgstr for e in entries if e.translated and not e.plural and not e.context}
