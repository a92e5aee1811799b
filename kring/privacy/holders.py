"""Which models hold personal data, and what retention, erasure and subject access do with them.

This is the one list to extend when an app adds a model with personal data: add one `Holder`
line to `CASE_DATA` (rows that belong to a case), `PERSON_DATA` (rows about one person in a
circle) or `ACCOUNT_DATA` (rows about a user), in the order in which they can be deleted
(a model whose rows PROTECT others comes after them). `kring/privacy/tests/test_holders.py`
fails when a model with a personal-looking field is in none of the lists and not declared
free of personal data in `NOT_PERSONAL`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from django.apps import apps
from django.db import models

# What an anonymised e-mail field holds where the database requires some contact: a reserved,
# undeliverable domain (RFC 2606), the same for everyone, so it says nothing about anybody.
ERASED_EMAIL = "verwijderd@kring.invalid"

Value = object | Callable[[models.Model], object]


@dataclass(frozen=True)
class Holder:
    """One model with personal data.

    - `model`: "app_label.ModelName".
    - `to_case`: the lookup from a row to its case ("case", "plan__case"; "" for the case
      itself); `case_uuid` instead when the row stores only the case's uuid (no foreign key).
    - `erase`: "delete" the rows, or "blank" the fields in `blank` (a value, or a function of
      the row for values that must stay unique).
    - `files`: FileFields whose stored files are deleted with the row or when blanked.
    - `to_person`: lookups from a row to the network person it is about (subject access and
      erasure of one person); `export`: the fields that person gets to see.
    - `texts`: free-text fields in which an erased person's name is replaced.
    """

    model: str
    to_case: str | None = None
    case_uuid: str | None = None
    erase: Literal["delete", "blank"] = "delete"
    blank: Mapping[str, Value] = field(default_factory=dict)
    files: tuple[str, ...] = ()
    to_person: tuple[str, ...] = ()
    export: tuple[str, ...] = ()
    texts: tuple[str, ...] = ()

    @property
    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)


def _user_email(row: models.Model) -> str:
    return f"verwijderd-{getattr(row, 'uuid', row.pk)}@kring.invalid"


# Rows of a case, in the order retention anonymises them. What stays: the case row (status,
# variant, region, municipality, the per-state timestamps, stop reason, topics, languages,
# minors and safety flags), the conference's times, the conference record's flags, the
# check-in date and the independence declarations: the figures a funder and a report need.
CASE_DATA: list[Holder] = [
    # After the conference (kring.followup): the outcome register and the survey scores stay
    # as figures; what was said, and who was asked or reminded, goes.
    Holder("followup.AgreementProgress", to_case="follow_up__case", texts=("what", "note")),
    Holder("followup.FollowUp", to_case="case", erase="blank", blank={"changes": ""},
           to_person=("present",), export=("held_on",), texts=("changes",)),
    Holder("followup.Reminder", to_case="case", to_person=("person",),
           export=("kind", "due", "created_at")),
    Holder("followup.SurveyInvitation", to_case="person__case", to_person=("person",),
           export=("sent_at", "answered_at")),
    Holder("followup.SurveyAnswer", to_case="case", erase="blank", blank={"open_answer": ""},
           texts=("open_answer",)),
    Holder("network.RequirementChange", to_case="requirement__case", to_person=("old_set_by",),
           export=("kind", "old_text", "old_organisation", "changed_at"),
           texts=("old_text", "note")),
    Holder("network.SafetyRequirement", to_case="case", to_person=("set_by",),
           export=("text", "organisation", "set_on"), texts=("text",)),
    Holder("plans.Plan", to_case="case",
           texts=("question", "contingency", "follow_up_place", "follow_up_organiser",
                  "no_conference_reason")),
    Holder("plans.Agreement", to_case="plan__case", to_person=("performers",),
           export=("what", "due", "how_known"), texts=("what", "how_known")),
    Holder("plans.SupportRequest", to_case="plan__case", to_person=("professional",),
           export=("what", "organisation", "status", "answer"), texts=("what", "answer")),
    Holder("plans.SafetyAssessment", to_case="plan__case", texts=("explanation", "basis")),
    # The family portal (decision 0170): progress marks, requests, the family's own draft.
    Holder("plans.AgreementProgress", to_case="agreement__plan__case", to_person=("person",),
           export=("status", "note", "marked_at"), texts=("note",)),
    Holder("plans.FollowUpRequest", to_case="plan__case", to_person=("person",),
           export=("wished_date", "note", "asked_at", "handled_at"), texts=("note",)),
    Holder("plans.FamilyDraft", to_case="case",
           texts=("question", "agreements", "contingency")),
    Holder("plans.PlanVersion", to_case="plan__case"),
    Holder("plans.PlanRecipient", to_case="version__plan__case", to_person=("person",),
           export=("version__number", "notified_at")),
    Holder("conferences.InformationItem", to_case="case", files=("document",),
           to_person=("answered_by",), export=("question", "answer", "document_name", "status"),
           texts=("question", "answer")),
    Holder("cases.Contact", to_case="case", texts=("with_whom", "note")),
    # The funder's answer stays (the money depends on it); its reason is blanked (a refused
    # request must keep one: the database checks it).
    Holder("funding.FundingRequest", to_case="case", erase="blank",
           blank={"refusal_reason": "–"}, texts=("refusal_reason",)),
    Holder("cases.CaseFactChange", to_case="case", texts=("old_value", "new_value")),
    # Who coordinated, ranked where, stays (a figure); why a manager chose or replaced is text.
    Holder("cases.CoordinatorAssignment", to_case="case", erase="blank", blank={"reason": ""},
           texts=("reason",)),
    # The main people as the request and the case know them (the circle has its own copy).
    Holder("cases.CasePerson", to_case="case", texts=("name",)),
    Holder("intake.RequestPerson", to_case="request__case", texts=("name",)),
    Holder("conferences.Invitation", to_case="person__case", to_person=("person",),
           export=("kind", "language", "sent_at")),
    Holder("conferences.DateVote", to_case="person__case", to_person=("person",),
           export=("option__starts_at", "suits")),
    Holder("conferences.Attendance", to_case="person__case", to_person=("person",),
           export=("part", "present", "gave_information")),
    Holder("portal.SignInCode", to_case="person__case", to_person=("person",),
           export=("channel", "created_at", "used_at")),
    Holder("portal.FamilySession", to_case="person__case", to_person=("person",),
           export=("created_at", "expires_at", "ended_at")),
    Holder("network.PersonalLink", to_case="person__case", to_person=("person",),
           export=("purpose", "created_at", "expires_at", "revoked_at", "last_used_at")),
    # Only that a restriction exists and its kind: who is on the other side is someone else's.
    Holder("network.ContactRestriction", to_case="case", to_person=("person_a", "person_b"),
           export=("kind",), texts=("note", "decision_reason")),
    Holder("network.Person", to_case="case", to_person=("",),
           export=("name", "relation", "ring", "organisation", "email", "phone", "language",
                   "reminders_off",
                   "is_minor", "status", "consent_at", "consent_withdrawn_at",
                   "consent_given_by", "needs_interpreter", "interpreter_language",
                   "needs_accessibility", "needs_childcare", "needs_travel", "parts",
                   "informed_on", "informed_channel", "informed_note", "answered_at",
                   "answer_note", "created_at"),
           texts=("informed_note", "answer_note")),
    Holder("outbox.Message", case_uuid="case_id"),
    Holder("conferences.Conference", to_case="case", erase="blank",
           blank={"place_name": "", "address": "", "room": "", "accessibility": "",
                  "cancel_reason": "", "interpreters": "", "childcare": "", "food": "",
                  "travel": ""}),
    Holder("conferences.ConferenceRecord", to_case="case", erase="blank",
           blank={"planning_notes": ""}, texts=("planning_notes",)),
    Holder("plans.CheckIn", to_case="case", erase="blank", blank={"note": ""},
           texts=("note",)),
    Holder("cases.IndependenceDeclaration", to_case="case", erase="blank", blank={"note": ""}),
    Holder("intake.Request", to_case="case", erase="blank",
           blank={"requester_name": "", "requester_organisation": "", "requester_phone": "",
                  "requester_email": ERASED_EMAIL, "main_person_names": "", "question": "",
                  "coordinator_wish": "", "close_note": "", "first_contact_note": ""},
           texts=("question", "close_note", "first_contact_note")),
    Holder("cases.Case", to_case="", erase="blank",
           blank={"main_person_names": "", "main_person_first_name": "", "question": "",
                  "coordinator_wish": "", "preferred_culture": "", "preferred_gender": "",
                  "stop_note": ""},
           texts=("question", "stop_note", "coordinator_wish")),
]  # fmt: skip

# What a requester (someone who asked for a conference) is in Kring: their request.
REQUESTER_FIELDS = ("requester_name", "requester_organisation", "requester_phone",
                    "requester_email")  # fmt: skip
REQUESTER_EXPORT = (
    "reference", "requester_type", "channel", "created_at", "status", *REQUESTER_FIELDS,
    "contact_due", "first_contact_at", "closed_at", "close_reason",
)  # fmt: skip
# A requester who asked for themself also gets (and erases) what they wrote about themself.
REQUESTER_SELF_EXPORT = ("main_person_names", "question", "coordinator_wish", "languages")

# A user account and what hangs off it; erasure anonymises, because cases, plans and the audit
# log refer to the account (who did what stays a fact, only the person behind it goes).
ACCOUNT_DATA: list[Holder] = [
    # The second factor (an authenticator's secret, recovery codes): gone with the person.
    Holder("otp_totp.TOTPDevice", to_person=("user",), export=("name", "confirmed")),
    Holder("otp_static.StaticDevice", to_person=("user",), export=("name", "confirmed")),
    # Passkeys: a public key per device (its attestation goes with it, CASCADE) and the random
    # handle that ties them to the account on the person's devices.
    Holder("django_otp_webauthn.WebAuthnCredential", to_person=("user",),
           export=("created_at", "last_used_at")),
    Holder("django_otp_webauthn.WebAuthnUserHandle", to_person=("user",)),
    Holder("coordinators.Absence", to_person=("profile__user",),
           export=("starts_on", "ends_on", "note")),
    Holder("coordinators.CoordinatorProfile", to_person=("user",), erase="blank",
           files=("certificate",),
           blank={"cultural_background": "", "gender": "", "notes": "", "languages": [],
                  "certificate": "", "certificate_name": "", "certificate_number": ""},
           export=("languages", "gender", "cultural_background", "training_completed_on",
                   "certificate_number", "certificate_name", "max_cases",
                   "declaration_signed_at", "declaration_version", "notes")),
    # A coordinator's declarations (with receipts) are money records the office must keep for
    # seven years (fiscal duty) and, once decided, the database refuses to change them
    # (decision 0136): erasing the account keeps them, subject access shows them.
    Holder("funding.Expense", to_person=("coordinator",), erase="blank", blank={},
           export=("case__reference", "kind", "spent_on", "km", "km_rate", "amount",
                   "description", "receipt_name", "status", "rejection_reason",
                   "submitted_at", "decided_at")),
    Holder("accounts.User", to_person=("",), erase="blank",
           blank={"full_name": "Verwijderde gebruiker", "email": _user_email, "phone": "",
                  "organisation": "", "is_active": False},
           export=("email", "full_name", "role", "organisation", "phone",
                   "preferred_language", "is_active", "date_joined", "last_login")),
]  # fmt: skip

# Models checked and found to hold no personal data (the holders test reads this).
NOT_PERSONAL = {
    "accounts.Region",  # an office's own contact details
    "accounts.Municipality",
    "intake.Testimonial",  # quotes without surnames, chosen and published by an administrator
    "languages.Language",  # languages and their texts for invitees, no person in them
    "languages.LanguageText",
    "conferences.DateOption",
    "core.ReferenceCounter",
    "core.ScheduledRun",
    "outbox.Attachment",  # deleted with its message (CASCADE), and once sent
    "audit.AuditEvent",  # facts, not content; retention drops whole months
    "privacy.Erasure",
    # Figures (kring.reporting): codes, dates by week and month, counts; `stop_reason` and the
    # outcome register are codes, survey scores numbers without the open answers (as
    # anonymous as followup.SurveyAnswer itself). Kept after a case is anonymised or deleted
    # (the link to it is set to NULL).
    "reporting.FlowFigure",
    "reporting.Cell",
    "reporting.Tally",
    "reporting.CoordinatorLoad",
    "cases.RunningCaseCount",  # a number per coordinator, counted from their cases
    "reporting.RefreshState",
    "followup.OverdueSignal",  # a case and a planned date: that a follow-up is late
    # Organisations' own invoicing details (a municipality, an institution, the office).
    "funding.Funder",
    "funding.Issuer",
    # Frozen once issued (the database refuses changes, decision 0131): organisations'
    # details and case references, never a name; the credit reason is written for the funder
    # and the form asks not to name anyone.
    "funding.Invoice",
    "funding.FeeTariff",  # a coordinator's fee per variant and outcome: amounts and dates
    "funding.KmRate",
}


def case_holder(model: str) -> Holder:
    """The case holder of this model (tests and retention look one up by name)."""
    return next(h for h in CASE_DATA if h.model == model)


def person_holders() -> list[Holder]:
    """Case holders that say which network person a row is about."""
    return [h for h in CASE_DATA if h.to_person]
