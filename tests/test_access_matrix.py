"""The one URL x role access matrix (ENGINEERING.md: "Keep one table of URL x role -> expected
status, and test it exhaustively").

Every answer of every URL, for every role and whatever its status, also carries the security
headers (`header_problems`: no-store, a strict Content-Security-Policy, Permissions-Policy).

Every named URL the resolver knows (except the Django admin and set_language) is requested by
every role against one realistic case world. `EXPECTED` is the table; besides it, a few rules
hold whatever the table says (never a 500, anonymous never reaches personal data, funders and
outsiders never reach a case, GET on a POST-only URL gives 405). A new URL without a row, or
with a URL argument the fixtures cannot fill, fails the test with a message saying what to add.

Each request runs in a savepoint that is rolled back, so a successful empty POST (stop, cancel,
deliver...) cannot change the world for the URLs after it.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from kring.accounts import staff as staff_accounts
from kring.accounts.models import Role
from kring.accounts.tests.factories import MunicipalityFactory, RegionFactory, UserFactory
from kring.cases import transitions
from kring.cases.states import Status
from kring.cases.tests.factories import CaseFactory
from kring.conferences.models import DateOption, InformationItem
from kring.conferences.services import conference_for
from kring.coordinators.tests.factories import AbsenceFactory, CoordinatorProfileFactory
from kring.followup import reminders
from kring.funding import fees, invoicing
from kring.funding.models import ExpenseKind, Issuer
from kring.funding.tests.factories import ContractFactory, IssuerFactory, approve
from kring.funding.tests.test_coordinator_fees import PDF as RECEIPT_PDF
from kring.intake.tests.factories import RequestFactory
from kring.network.links import issue_letter_link, issue_link
from kring.network.models import ContactRestriction, Person, RestrictionKind
from kring.outbox.models import Message
from kring.plans import delivery, safety
from kring.plans.models import FamilyDraft, FollowUpRequest, Outcome
from kring.plans.tests.factories import (
    AgreementFactory,
    PersonFactory,
    PlanFactory,
    RequirementFactory,
)

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "admin",
    "manager",
    "coordinator",
    "other_manager",
    "other_coordinator",
    "professional",
    "circle_professional",
    "funder",
]


# --- The world -------------------------------------------------------------------------------


@dataclass
class World:
    users: dict[str, Any]
    kwargs: dict[str, Any]  # URL kwarg name -> value
    by_url: dict[str, dict[str, Any]]  # url name -> kwargs that mean something else per URL
    query: dict[str, str]  # url name -> query string the page needs
    case: Any


def build_world() -> World:
    """Region A with its manager and a case whose plan was delivered; region B with its own."""
    region_a = RegionFactory(name="Noord-Holland", slug="noord-holland")
    region_b = RegionFactory(name="Zuid", slug="zuid")
    municipality_a = MunicipalityFactory(code="GM0363", name="Amsterdam", region=region_a)
    MunicipalityFactory(code="GM0772", name="Eindhoven", region=region_b)

    def staff(role: str, region: Any, **kwargs: Any) -> Any:
        user = UserFactory(role=role, **kwargs)
        user.regions.set([region])
        return user

    manager = staff(Role.REGIONAL_MANAGER, region_a, full_name="Marieke de Boer")
    other_manager = staff(Role.REGIONAL_MANAGER, region_b, full_name="Bram Zuid")
    coordinator = staff(Role.COORDINATOR, region_a, full_name="Anouk Verbeek")
    other_coordinator = staff(Role.COORDINATOR, region_a, full_name="Ozan Ander")
    CoordinatorProfileFactory(user=coordinator)
    CoordinatorProfileFactory(user=other_coordinator)
    own_absence = AbsenceFactory(profile=coordinator.coordinator_profile)
    certified = coordinator.coordinator_profile
    certified.certificate.save("certificaat.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    certified.certificate_name = "certificaat.pdf"
    certified.certificate_type = "application/pdf"
    certified.certificate_uploaded_at = timezone.now()
    certified.save()
    admin = UserFactory(admin=True, full_name="Beheerder")
    professional = UserFactory(professional=True, full_name="Piet Buiten")
    circle_professional = UserFactory(professional=True, full_name="Sanne Visser")
    # Someone who asked for a new password (and has not signed in since).
    forgetful = UserFactory(role=Role.REGIONAL_MANAGER)
    funder = UserFactory(
        funder=True, organisation="Gemeente Amsterdam", funder_municipality=municipality_a
    )

    # The case: conference held, plan written, assessed and delivered (PLAN_DELIVERED).
    case = CaseFactory(held=True, municipality=municipality_a, coordinator=coordinator)
    CaseFactory(declared=True, municipality=municipality_a, coordinator=other_coordinator)
    main = PersonFactory(case=case, main=True, name="Fatima Amrani", email="fatima@example.nl")
    aunt = PersonFactory(case=case, name="Ria Amrani")
    uncle = PersonFactory(case=case, name="Karim Amrani")
    prof = PersonFactory(
        case=case, professional=True, name="Sanne Visser", user=circle_professional
    )
    requirement = RequirementFactory(set_by=prof)
    restriction = ContactRestriction.objects.create(
        case=case, person_a=aunt, person_b=uncle, kind=RestrictionKind.RESTRAINING_ORDER
    )
    conference = conference_for(case)
    conference.starts_at = case.conference_held_at
    conference.place_name = "Buurthuis De Pijp"
    conference.save()
    option = DateOption.objects.create(
        conference=conference, starts_at=timezone.now() + datetime.timedelta(days=30)
    )
    item = InformationItem.objects.create(case=case, question="Hoe gaat het op school?")
    item.answered_by = prof
    item.answer = "Goed."
    item.document.save("rapport.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    item.document_name = "rapport.pdf"
    item.document_type = "application/pdf"
    item.save()

    plan = PlanFactory(case=case, ready=True)
    agreement = AgreementFactory(plan=plan, what="Oma brengt de kinderen naar school.")
    agreement.performers.set([aunt])
    support = plan.support_requests.create(
        what="Gezinscoach", organisation="Jeugdbescherming", professional=prof
    )
    safety.assess_requirement(
        plan, requirement, outcome=Outcome.MET, explanation="", actor=circle_professional
    )
    delivery.deliver(case, [aunt, uncle, prof], actor=coordinator)
    case.refresh_from_db()
    assert case.status == Status.PLAN_DELIVERED

    # The family wrote its own plan and the main person presented it; she also asked to move
    # the follow-up meeting (the family portal).
    FamilyDraft.objects.create(
        case=case, question="Veilig naar school", revision=1, presented_at=timezone.now()
    )
    follow_up_request = FollowUpRequest.objects.create(
        plan=plan, person=main, wished_date=timezone.localdate() + datetime.timedelta(days=60)
    )
    # Money: Amsterdam funds the case (approved) and has its invoice (decision 0133).
    if not Issuer.objects.exists():
        IssuerFactory()
    contract = ContractFactory(funder__municipality=municipality_a)
    funding = approve(case, contract.funder, manager)
    today = timezone.localdate()
    invoice = invoicing.run_invoice(
        contract.funder, today - datetime.timedelta(days=30), today, actor=manager
    )

    # The coordinator's own declaration with a receipt, waiting for the manager (decision 0137).
    expense = fees.declare(
        coordinator=coordinator,
        case=case,
        kind=ExpenseKind.OTHER,
        spent_on=today,
        description="Zaalhuur",
        amount=Decimal("45.00"),
        receipt=ContentFile(RECEIPT_PDF, name="bon.pdf"),
        receipt_type="application/pdf",
    )

    intake_request = RequestFactory(municipality=municipality_a)
    # The case's own main person (made by the factory; the circle's people are network's).
    main_person = case.main_people.get()
    # A message to the case that did not arrive (no address): shown on the case page.
    undelivered = Message.objects.create(
        kind="plan.notice",
        to="",
        subject="Jullie plan staat klaar",
        status="failed",
        case_id=case.uuid,
    )

    users = {
        "anonymous": None,
        "admin": admin,
        "manager": manager,
        "coordinator": coordinator,
        "other_manager": other_manager,
        "other_coordinator": other_coordinator,
        "professional": professional,
        "circle_professional": circle_professional,
        "funder": funder,
    }
    kwargs = {
        "case_uuid": case.uuid,
        "person_uuid": aunt.uuid,
        "main_person_uuid": main_person.uuid,
        "restriction_uuid": restriction.uuid,
        "option_uuid": option.uuid,
        "item_uuid": item.uuid,
        "key": "room_booked",
        "agreement_uuid": agreement.uuid,
        "number": 1,
        "requirement_uuid": requirement.uuid,
        "support_uuid": support.uuid,
        "request_uuid": intake_request.uuid,
        "message_uuid": undelivered.uuid,
        "follow_up_uuid": follow_up_request.uuid,
        "user_uuid": coordinator.uuid,
        "absence_uuid": own_absence.uuid,
        "funder_uuid": contract.funder.uuid,
        "contract_uuid": contract.uuid,
        "invoice_uuid": invoice.uuid,
        "funding_uuid": funding.uuid,
        "expense_uuid": expense.uuid,
        "year": today.year,
        "month": today.month,
        "uidb64": urlsafe_base64_encode(force_bytes(forgetful.pk)),
    }
    # Someone invited who has not activated their account yet (the token is in the mail).
    invitee_email = f"nieuw-{uuid.uuid4().hex[:12]}@kring.test"
    invited = staff_accounts.invite(
        email=invitee_email,
        full_name="Nieuwe Coordinator",
        role=Role.COORDINATOR,
        regions=[region_a],
        actor=admin,
    )
    activation_token = Message.objects.filter(to=invitee_email).latest("id").text
    activation_token = activation_token.split("/activeren/", 1)[1].split("/", 1)[0]
    assert invited.invitation.token_hash == staff_accounts.hash_token(activation_token)
    kwargs["region_uuid"] = region_a.uuid
    kwargs["code"] = "GM0363"
    kwargs["section"] = "trechter"
    rsvp_token = issue_link(aunt, "rsvp")
    plan_token = issue_link(main, "plan")
    information_token = issue_link(prof, "information")
    portal_token = issue_link(aunt, "portal")
    letter_code = issue_letter_link(uncle, "rsvp").code
    survey_token = issue_link(aunt, "survey")
    # `token` means different things per URL: say which one each URL gets.
    by_url = {
        "portal:rsvp": {"token": rsvp_token},
        "portal:rsvp_calendar": {"token": rsvp_token},
        "portal:code": {"token": letter_code},
        "portal:information_link": {"token": information_token},
        "portal:answer_information": {"token": information_token},
        "portal:link_plan": {"token": plan_token},
        "portal:link_plan_pdf": {"token": plan_token},
        "portal:link_choose_recipients": {"token": plan_token},
        "portal:link_my_agreements_pdf": {"token": plan_token},
        "followup:survey": {"token": survey_token},
        "followup:opt_out": {"token": reminders.opt_out_token(aunt)},
        "portal:family_entry": {"token": portal_token},
        "portal:family_send_code": {"token": portal_token},
        "portal:family_code": {"token": portal_token},
        "accounts:password_reset_confirm": {"token": default_token_generator.make_token(forgetful)},
        "accounts:activate": {"token": activation_token},
        # A language shipped by the data migration (Turkish).
        "accounts:edit_language": {"code": "tr"},
        "accounts:language_texts": {"code": "tr"},
    }
    # Compare the delivered version with the plan as it is now.
    query = {"plans:diff": "?van=1&naar=0"}
    return World(users, kwargs, by_url, query, case)


# --- The table -------------------------------------------------------------------------------
#
# Each cell is "GET/POST": the outcome of a GET and of a POST with empty data. An outcome is a
# status code, or "login" for a redirect to the login page; "a|b" allows either.

STAFF = ("admin", "manager", "coordinator")
# Roles that have nothing to do with the case of the world.
OUTSIDERS = ("other_manager", "other_coordinator", "professional", "funder")
LOGGED_IN = tuple(r for r in ROLES if r != "anonymous")

# How a refused role sees a case-bound URL, by the methods the URL accepts.
PAGE, ACTION, FORM = "404/405", "405/404", "404/404"


def everyone(cell: str) -> dict[str, str]:
    return dict.fromkeys(ROLES, cell)


def staff_only(cell: str, refused: str, **overrides: str) -> dict[str, str]:
    """A URL of the staff side without a case: anonymous to login, `refused` for non-staff."""
    row = {"anonymous": "login/login", **dict.fromkeys(LOGGED_IN, refused)}
    return {**row, **overrides}


def case_bound(staff: str, refused: str, **overrides: str) -> dict[str, str]:
    """A URL of the case: its staff get `staff`, everyone else `refused` (404: it does not
    exist for them), anonymous visitors go to the login page."""
    row = {
        "anonymous": "login/login",
        **dict.fromkeys(STAFF, staff),
        **dict.fromkeys((*OUTSIDERS, "circle_professional"), refused),
    }
    return {**row, **overrides}


INTAKE_DESK = ("admin", "manager", "other_manager")
NOT_INTAKE = {r: "403/403" for r in LOGGED_IN if r not in INTAKE_DESK}
# Managers manage the coordinators of their own regions (the world's coordinator is in region A).
NOT_REGISTRY = {r: "403/403" for r in LOGGED_IN if r not in {"admin", "manager"}}

EXPECTED: dict[str, dict[str, str]] = {
    # Public pages.
    "intake:home": everyone("200/405"),
    "core:privacy": everyone("200/405"),
    "core:health": everyone("200/405"),
    "core:security_txt": everyone("200/405"),
    "accounts:login": {**everyone("302/302"), "anonymous": "200/200"},
    "accounts:logout": everyone("405/302"),
    "portal:start": staff_only("200/200", "200/200"),
    "accounts:password_reset": everyone("200/200"),
    "accounts:password_reset_done": everyone("200/405"),
    # A valid reset link moves its token into the session and redirects (Django's flow).
    "accounts:password_reset_confirm": everyone("302/302"),
    "accounts:password_reset_complete": everyone("200/405"),
    # The two-step login: without a password step in this session, back to the login page.
    "accounts:second_factor": everyone("login/login"),
    "accounts:enrol": everyone("login/login"),
    # Activation: the mailed link is remembered in the session, then the token leaves the
    # address bar; the page without a remembered link says the link does not work.
    "accounts:activate": everyone("302/405"),
    "accounts:activation": everyone("404/404"),
    # My own account.
    "accounts:security": staff_only("200/405", "200/405"),
    "accounts:recovery_codes": staff_only("302/405", "302/405"),
    "accounts:renew_recovery_codes": staff_only("405/302", "405/302"),
    # Passkeys (decision 0126): every account adds its own (the options come back as JSON; an
    # empty answer to them is refused); removing one of nobody's passkeys finds nothing.
    "accounts:passkey_register_begin": staff_only("405/200", "405/200"),
    "accounts:passkey_register_complete": staff_only("405/400|422", "405/400|422"),
    "accounts:remove_passkey": staff_only("405/404", "405/404"),
    # Signing in with a passkey needs the password step of this session first; the browser
    # script's words are public (the second step is before the session starts).
    "accounts:passkey_sign_in_begin": everyone("405/403"),
    "accounts:passkey_sign_in_complete": everyone("405/403"),
    "accounts:passkey_texts": everyone("200/405"),
    # The organisation's screens: administrators everyone, managers the coordinators of their
    # regions (the world's coordinator is in region A), regions and municipalities admin only.
    "accounts:organisation": staff_only(
        "403/405", "403/405", admin="200/405", manager="200/405", other_manager="200/405"
    ),
    "accounts:people": staff_only(
        "403/405", "403/405", admin="200/405", manager="200/405", other_manager="200/405"
    ),
    "accounts:invite": staff_only(
        "403/403", "403/403", admin="200/400", manager="200/400", other_manager="200/400"
    ),
    "accounts:person": staff_only(
        "403/405", "403/405", admin="200/405", manager="200/405", other_manager="404/405"
    ),
    "accounts:change_person": staff_only(
        "405/403", "405/403", admin="405/400", manager="405/400", other_manager="405/404"
    ),
    **{
        name: staff_only(
            "405/403", "405/403", admin="405/302", manager="405/302", other_manager="405/404"
        )
        for name in (
            "accounts:deactivate_person",
            "accounts:reactivate_person",
            "accounts:resend_invitation",
            "accounts:release_lockout",
        )
    },
    "accounts:reset_second_factor": staff_only(
        "405/403", "405/403", admin="405/302", manager="405/403", other_manager="405/404"
    ),
    "accounts:regions": staff_only("403/405", "403/405", admin="200/405"),
    "accounts:add_region": staff_only("403/403", "403/403", admin="200/400"),
    "accounts:edit_region": staff_only("403/403", "403/403", admin="200/400"),
    "accounts:toggle_region": staff_only("405/403", "405/403", admin="405/302"),
    "accounts:municipalities": staff_only("403/405", "403/405", admin="200/405"),
    "accounts:add_municipality": staff_only("403/403", "403/403", admin="200/400"),
    "accounts:import_municipalities": staff_only("403/403", "403/403", admin="200/400"),
    "accounts:edit_municipality": staff_only("403/403", "403/403", admin="200/400"),
    "accounts:toggle_municipality": staff_only("405/403", "405/403", admin="405/302"),
    # Languages for invitees and their texts: administrators only.
    "accounts:languages": staff_only("403/405", "403/405", admin="200/405"),
    "accounts:add_language": staff_only("403/403", "403/403", admin="200/400"),
    "accounts:edit_language": staff_only("403/403", "403/403", admin="200/400"),
    "accounts:language_texts": staff_only("403/403", "403/403", admin="200/302"),
    "intake:request_form": everyone("200/200"),
    # Only the browser session that sent the request sees its confirmation.
    "intake:received": everyone("404/405"),
    "intake:find_office": everyone("200/405"),
    # The intake desk: regional managers (their own regions) and admins.
    "intake:queue": {
        **staff_only("200/405", "403/403"),
        **dict.fromkeys(INTAKE_DESK, "200/405"),
    },
    # An empty post is a form with errors (400, like the other staff forms).
    "intake:staff_create": {
        **staff_only("200/200", "403/403"),
        **dict.fromkeys(INTAKE_DESK, "200/400"),
    },
    "intake:detail": {
        **staff_only("200/405", "403/403"),
        **NOT_INTAKE,
        "admin": "200/405",
        "manager": "200/405",
        "other_manager": "404/405",
    },
    **{
        name: {
            **staff_only(ok, "403/403"),
            **NOT_INTAKE,
            "admin": ok,
            "manager": ok,
            "other_manager": "405/404",
        }
        for name, ok in {
            "intake:record_contact": "405/302",
            "intake:plan_info": "405/400",
            "intake:close": "405/400",
            "cases:open": "405/302",
            # Only a request flagged as a possible duplicate can be merged.
            "intake:merge": "405/404",
        }.items()
    },
    # Cases.
    "cases:list": staff_only(
        "200/405",
        "200/405",
        professional="403/405",
        circle_professional="403/405",
        funder="403/405",
    ),
    "cases:detail": case_bound("200/405", PAGE),
    # Already declared, first contact already made: refused as a state error (403).
    "cases:declare": case_bound("405/403", ACTION),
    "cases:first_contact": case_bound("405/403", ACTION),
    "cases:log_contact": case_bound("405/400", ACTION),
    "cases:stop": case_bound("405/400", ACTION, coordinator="405/403"),
    "cases:message_handled": case_bound("405/302", ACTION),
    "cases:withdraw": case_bound("405/403", ACTION),
    # The facts can be corrected while the case runs (a coordinator during their task).
    "cases:facts": case_bound("200/400", FORM),
    "cases:main_person_edit": case_bound("405/400", ACTION),
    "cases:main_person_add": case_bound("405/400", ACTION),
    # The case's only main person cannot be removed: refused with a message.
    "cases:main_person_remove": case_bound("405/302", ACTION),
    # The plan is delivered: the kind of conference no longer changes.
    "cases:variant": case_bound("405/403", ACTION),
    "cases:close_case": case_bound("405/302", ACTION, coordinator="405/403"),
    # Coordinator registry and matching.
    "coordinators:my_profile": staff_only(
        "403/405", "403/405", coordinator="200/405", other_coordinator="200/405"
    ),
    "coordinators:sign_declaration": staff_only(
        "405/403", "405/403", coordinator="405/400", other_coordinator="405/400"
    ),
    "coordinators:add_my_absence": staff_only(
        "405/403", "405/403", coordinator="405/400", other_coordinator="405/400"
    ),
    # The absence is the world coordinator's own: another coordinator cannot remove it.
    "coordinators:remove_my_absence": staff_only(
        "405/403", "405/403", coordinator="405/302", other_coordinator="405/404"
    ),
    "coordinators:list": staff_only(
        "403/405", "403/405", admin="200/405", manager="200/405", other_manager="200/405"
    ),
    "coordinators:edit": {
        **staff_only("403/403", "403/403"),
        "admin": "200/200",
        "manager": "200/200",
        "other_manager": "404/404",
    },
    "coordinators:add_absence": {
        **staff_only("405/403", "405/403"),
        "admin": "405/400",
        "manager": "405/400",
        "other_manager": "405/404",
    },
    "coordinators:remove_absence": {
        **staff_only("405/403", "405/403"),
        "admin": "405/302",
        "manager": "405/302",
        "other_manager": "405/404",
    },
    # The training certificate: managers of the coordinator's regions and admins change it; they
    # and the coordinator themself download it; for everyone else it does not exist.
    "coordinators:certificate": {
        **staff_only("404/405", "404/405"),
        "admin": "200/405",
        "manager": "200/405",
        "coordinator": "200/405",
    },
    "coordinators:upload_certificate": {
        **staff_only("405/403", "405/403"),
        "admin": "405/400",
        "manager": "405/400",
        "other_manager": "405/404",
    },
    "coordinators:remove_certificate": {
        **staff_only("405/403", "405/403"),
        "admin": "405/302",
        "manager": "405/302",
        "other_manager": "405/404",
    },
    "coordinators:upload_my_certificate": staff_only(
        "405/403", "405/403", coordinator="405/400", other_coordinator="405/400"
    ),
    # Matching is the manager's; the case already has its coordinator (redirect to the case).
    "coordinators:match": case_bound("302/405", PAGE, coordinator="403/405"),
    "coordinators:assign": case_bound("405/400", ACTION, coordinator="405/403"),
    # Replacing the coordinator: any time before the check-in call, by the manager.
    "coordinators:replace": case_bound("200/400", FORM, coordinator="403/403"),
    # The circle.
    "network:circle": case_bound("200/405", PAGE),
    "network:add_person": case_bound("200/200", FORM),
    "network:add_main_people": case_bound("405/302", ACTION),
    "network:person": case_bound("200/405", PAGE),
    "network:edit_person": case_bound("405/400", ACTION),
    "network:remove_person": case_bound("405/302", ACTION),
    "network:give_consent": case_bound("405/400", ACTION),
    "network:withdraw_consent": case_bound("405/302", ACTION),
    "network:record_informed": case_bound("405/400", ACTION),
    "network:set_status": case_bound("405/400", ACTION),
    # The world's aunt is family, not a professional: refused with a message (redirect).
    "network:invite_professional": case_bound("405/302", ACTION),
    "network:revoke_links": case_bound("405/302", ACTION),
    # Safety and information: a professional in the circle contributes here (ADR 0040).
    "network:safety": case_bound("200/405", PAGE, circle_professional="200/405"),
    "network:add_requirement": case_bound("405/400", ACTION, circle_professional="405/400"),
    # The requirement is the circle professional's own: they (and the people who run the case)
    # change, withdraw or hand it over; an empty form is refused.
    "network:change_requirement": case_bound("405/400", ACTION, circle_professional="405/400"),
    "network:withdraw_requirement": case_bound("405/400", ACTION, circle_professional="405/400"),
    "network:hand_over_requirement": case_bound("405/400", ACTION, circle_professional="405/400"),
    "network:add_restriction": case_bound("405/400", ACTION),
    "network:decide_restriction": case_bound("405/400", ACTION),
    # The conference.
    "conferences:conference": case_bound("200/405", PAGE),
    "conferences:save_logistics": case_bound("405/302", ACTION),
    "conferences:tick": case_bound("405/302", ACTION),
    "conferences:add_date": case_bound("405/400", ACTION),
    "conferences:remove_date": case_bound("405/302", ACTION),
    "conferences:choose_date": case_bound("405/302", ACTION),
    "conferences:invite_all": case_bound("405/302", ACTION),
    "conferences:invite": case_bound("405/302", ACTION),
    "conferences:letter": case_bound("405/200", ACTION),
    "conferences:schedule": case_bound("405/302", ACTION),
    "conferences:cancel": case_bound("405/400", ACTION),
    "conferences:information": case_bound("200/405", PAGE, circle_professional="200/405"),
    "conferences:add_information_item": case_bound("405/400", ACTION),
    # The item was put to the professional in the circle, so they may answer and download it.
    "conferences:provide_information": case_bound("405/400", ACTION, circle_professional="405/400"),
    "conferences:document": case_bound("200/405", PAGE, circle_professional="200/405"),
    # The answerer has an account, so nothing is mailed: a message and back to the page.
    "conferences:request_information": case_bound("405/302", ACTION),
    # Personal links: the token is the key, whoever holds it (signed in or not).
    "portal:rsvp": everyone("200/400"),
    "portal:rsvp_calendar": everyone("200/405"),
    # A letter's code: typed on a public page, or opened as a short address (on to the RSVP).
    "portal:code_entry": everyone("200/400"),
    "portal:code": everyone("302/405"),
    # A professional without an account answers the questions put to them.
    "portal:information_link": everyone("200/405"),
    "portal:answer_information": everyone("405/400"),
    # Conference record and plan (an empty form is refused; nobody came needs a reason).
    "conferences:record": case_bound("200/400", FORM),
    "conferences:nobody_came": case_bound("405/400", ACTION),
    "plans:detail": case_bound("200/405", PAGE),
    "plans:start": case_bound("405/302", ACTION),
    "plans:edit": case_bound("200/200", FORM),
    "plans:agreement_new": case_bound("200/200", FORM),
    "plans:agreement_edit": case_bound("200/200", FORM),
    "plans:agreement_delete": case_bound("405/302", ACTION),
    "plans:support_new": case_bound("200/200", FORM),
    "plans:deliver": case_bound("200/200", FORM),
    "plans:ask_main_person": case_bound("405/302", ACTION),
    "plans:ask_assessment": case_bound("405/302", ACTION),
    "plans:version": case_bound("200/405", PAGE),
    "plans:version_pdf": case_bound("200/405", PAGE),
    "plans:diff": case_bound("200/405", PAGE),
    # The world's conference was five days ago: the check-in window is not open yet, so the
    # page says from when, and a POST is refused (decision 0091).
    "plans:check_in": case_bound("200/403", FORM),
    "plans:check_ins": staff_only(
        "403/403", "403/403", coordinator="200/405", other_coordinator="200/405"
    ),
    # Professionals: their start page (the old worklist address leads there), per case only
    # what they were asked, and the plan because the main person chose to share it with them.
    "portal:professional": staff_only(
        "403/403", "403/403", professional="302/405", circle_professional="302/405"
    ),
    "portal:professional_case": case_bound("404/405", PAGE, circle_professional="200/405"),
    "portal:professional_plan": case_bound("404/405", PAGE, circle_professional="200/405"),
    "portal:professional_plan_pdf": case_bound("404/405", PAGE, circle_professional="200/405"),
    "plans:assess": staff_only(
        "403/403", "403/403", professional="404/404", circle_professional="200/200"
    ),
    "plans:support_answer": staff_only(
        "403/403", "403/403", professional="404/404", circle_professional="200/200"
    ),
    # The family portal: a personal link opens the sign-in page (an empty POST asks for a
    # channel or a code again); every other family page needs a family session, which no staff
    # session is, and sends everyone without one to the page that explains how to sign in.
    "portal:family_entry": everyone("200/405"),
    "portal:family_send_code": everyone("405/400"),
    "portal:family_code": everyone("200/400"),
    "portal:family_home": everyone("302/302"),
    "portal:family_progress": everyone("302/302"),
    "portal:family_follow_up": everyone("302/302"),
    "portal:family_record_follow_up": everyone("302/302"),
    "portal:family_recipients": everyone("302/302"),
    "portal:family_viewers": everyone("302/302"),
    "portal:family_draft": everyone("302/302"),
    "portal:family_present": everyone("302/302"),
    "portal:family_sign_out": everyone("405/302"),
    "portal:family_signed_out": everyone("200/405"),
    "portal:family_lost_link": everyone("200/400"),
    # The family's presented plan (taking it over needs a date: an empty form is refused), and
    # the main person's request to move the follow-up meeting.
    "plans:family_plan": case_bound("200/405", PAGE),
    "plans:family_plan_adopt": case_bound("405/400", ACTION),
    "plans:follow_up_request_handled": case_bound("405/302", ACTION),
    "portal:link_plan": everyone("200/405"),
    "portal:link_plan_pdf": everyone("200/405"),
    "portal:link_choose_recipients": everyone("405/302"),
    "portal:link_my_agreements_pdf": everyone("200/405"),
    # After the conference (kring.followup). The world's plan was just delivered: the
    # follow-up page says to record the check-in first, and a POST is refused.
    "followup:case": case_bound("200/403", FORM),
    "followup:worklist": staff_only(
        "403/403", "403/403", admin="200/405", manager="200/405", other_manager="200/405"
    ),
    "followup:survey_answers": staff_only(
        "403/403", "403/403", admin="200/405", manager="200/405", other_manager="200/405"
    ),
    # The survey and the reminders' opt-out: the token is the key (an empty answer is refused).
    "followup:survey": everyone("200/400"),
    "followup:opt_out": everyone("200/200"),
    # Money (decision 0133): staff keep it (a manager their regions' funders); a funder user sees
    # their own funder's contracts, budget and invoices, never a case; 404 for the rest.
    "funding:index": staff_only("403/405", "403/405", **dict.fromkeys(INTAKE_DESK, "200/405")),
    "funding:issuer": staff_only("403/403", "403/403", admin="200/400"),
    "funding:funder_new": staff_only("403/403", "403/403", **dict.fromkeys(INTAKE_DESK, "200/400")),
    # The world's funder is Amsterdam (region A): another region's manager does not keep it.
    "funding:funder": staff_only(
        "404/405", "404/405", admin="200/405", manager="200/405", funder="200/405"
    ),
    **{
        name: staff_only("404/404", "404/404", admin="200/400", manager="200/400")
        for name in ("funding:funder_edit", "funding:contract_new", "funding:contract_edit")
    },
    # An empty run (no period) is a form with errors.
    "funding:run": staff_only("404/404", "404/404", admin="200/400", manager="200/400"),
    **{
        name: staff_only("404/405", "404/405", admin="200/405", manager="200/405", funder="200/405")
        for name in (
            "funding:invoice",
            "funding:invoice_pdf",
            "funding:invoice_csv",
            "funding:invoice_ubl",
        )
    },
    "funding:credit": staff_only("405/404", "405/404", admin="405/400", manager="405/400"),
    # A case's money is the manager's: the coordinator of the case does not reach it.
    "funding:case": case_bound("200/405", PAGE, coordinator="404/405"),
    "funding:case_request": case_bound("405/400", ACTION, coordinator="405/404"),
    "funding:case_decide": case_bound("405/400", ACTION, coordinator="405/404"),
    # Coordinator fees and expenses (decision 0137): staff keep the tariffs; a coordinator sees
    # only their own money, a manager that of their regions' coordinators; 404 for the rest.
    # An empty decision goes back to the list with the error as a message.
    "funding:fee_tariffs": staff_only(
        "403/403", "403/403", **dict.fromkeys(INTAKE_DESK, "200/400")
    ),
    "funding:money": staff_only(
        "403/405",
        "403/405",
        **dict.fromkeys(INTAKE_DESK, "200/405"),
        coordinator="302/405",
        other_coordinator="302/405",
    ),
    "funding:declare": staff_only(
        "405/403", "405/403", coordinator="405/400", other_coordinator="405/400"
    ),
    "funding:expense_decide": staff_only("405/404", "405/404", admin="405/302", manager="405/302"),
    **{
        name: staff_only(
            "404/405", "404/405", admin="200/405", manager="200/405", coordinator="200/405"
        )
        for name in (
            "funding:receipt",
            "funding:statement",
            "funding:statement_pdf",
            "funding:statement_csv",
        )
    },
    # Privacy: only administrators search, export and erase (the erase page re-renders an
    # empty POST with its errors; erasing needs an export first).
    "privacy:search": staff_only("403/403", "403/403", admin="200/405"),
    **{
        f"privacy:{subject}_{page}": staff_only("403/403", "403/403", admin=cell)
        for subject in ("person", "request", "user")
        for page, cell in (("json", "200/405"), ("pdf", "200/405"), ("erase", "200/200"))
    },
    # Figures: the dashboard and its CSVs for staff (a funder is sent on to their own
    # municipality); a municipality's figures for its funder and the staff of its region
    # (another region's manager: 404); the research export and annual report for admins.
    "reporting:dashboard": staff_only(
        "403/403",
        "403/403",
        admin="200/405",
        manager="200/405",
        other_manager="200/405",
        funder="302/405",
    ),
    "reporting:dashboard_csv": staff_only(
        "403/403", "403/403", admin="200/405", manager="200/405", other_manager="200/405"
    ),
    "reporting:municipality": staff_only(
        "403/403",
        "403/403",
        admin="200/405",
        manager="200/405",
        other_manager="404/405",
        funder="200/405",
    ),
    "reporting:research_export": staff_only("403/403", "403/403", admin="200/200"),
    "reporting:annual_report": staff_only("403/403", "403/403", admin="200/405"),
}

# Public URLs: anonymous visitors may open these (everything else sends them to the login page).
PUBLIC = {
    "intake:home",
    "core:privacy",
    "core:health",
    "core:security_txt",
    "accounts:login",
    "accounts:logout",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "accounts:second_factor",
    "accounts:enrol",
    "accounts:passkey_sign_in_begin",
    "accounts:passkey_sign_in_complete",
    "accounts:passkey_texts",
    "accounts:activate",
    "accounts:activation",
    "intake:request_form",
    "intake:received",
    "intake:find_office",
    "portal:code_entry",
    # Family pages: without a family session they redirect to the sign-in explanation.
    "portal:family_home",
    "portal:family_progress",
    "portal:family_follow_up",
    "portal:family_record_follow_up",
    "portal:family_recipients",
    "portal:family_viewers",
    "portal:family_draft",
    "portal:family_present",
    "portal:family_sign_out",
    "portal:family_signed_out",
    "portal:family_lost_link",
}
# Reached with a personal link (the token is the credential).
LINK_URLS = {
    "portal:family_entry",
    "portal:family_send_code",
    "portal:family_code",
    "portal:rsvp",
    "portal:rsvp_calendar",
    "portal:code",
    "portal:information_link",
    "portal:answer_information",
    "portal:link_plan",
    "portal:link_plan_pdf",
    "portal:link_choose_recipients",
    "portal:link_my_agreements_pdf",
    "followup:survey",
    "followup:opt_out",
}
# A funder's own invoice lines carry the case's reference (decision 0133).
FUNDER_SEES_REFERENCE = {
    ("funder", name) for name in ("funding:invoice", "funding:invoice_csv", "funding:invoice_ubl")
}
# URL arguments that point into a case (its personal data).
CASE_KWARGS = {"case_uuid", "requirement_uuid", "support_uuid", "main_person_uuid"}


# --- Walking the resolver --------------------------------------------------------------------

SKIPPED = {"set_language"}


def named_urls() -> list[tuple[str, list[str]]]:
    """(name, kwarg names) for every named URL pattern, admin and set_language left out."""
    found: list[tuple[str, list[str]]] = []

    def walk(patterns: list[Any], namespace: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace == "admin":
                    continue
                walk(p.url_patterns, namespace + (f"{p.namespace}:" if p.namespace else ""))
            elif isinstance(p, URLPattern) and p.name:
                name = namespace + p.name
                if name not in SKIPPED:
                    found.append((name, sorted(p.pattern.converters)))

    walk(get_resolver().url_patterns, "")
    return found


URLS = named_urls()


def case_bound_urls() -> list[str]:
    return [name for name, kwargs in URLS if CASE_KWARGS & set(kwargs)]


KWARGS = dict(URLS)
CASE_URLS = set(case_bound_urls())
REFUSED_OUTSIDERS = {"professional", "funder", "other_coordinator", "other_manager"}


def url_for(world: World, name: str, kwarg_names: list[str]) -> str:
    values = {}
    specific = world.by_url.get(name, {})
    for kw in kwarg_names:
        if kw in specific:
            values[kw] = specific[kw]
        elif kw in world.kwargs:
            values[kw] = world.kwargs[kw]
        else:
            pytest.fail(
                f"URL {name!r} takes <{kw}>, which the access matrix cannot fill: add it to "
                "build_world() in tests/test_access_matrix.py (World.kwargs, or World.by_url "
                "when the argument means something different per URL, like <token>)."
            )
    return reverse(name, kwargs=values) + world.query.get(name, "")


# --- Requesting ------------------------------------------------------------------------------


@dataclass
class Seen:
    outcome: str  # "200", "login" (redirect to the login page), "302", "404", or "500 <error>"
    body: str
    header_problems: list[str] = field(default_factory=list)


def header_problems(response: Any) -> list[str]:
    """The headers every answer must carry, whatever its status (decision 0120): never
    stored by a browser or proxy, a strict Content-Security-Policy, no camera or location."""
    problems = []
    if "no-store" not in response.get("Cache-Control", ""):
        problems.append(f"Cache-Control is {response.get('Cache-Control')!r}, not no-store")
    csp = response.get("Content-Security-Policy", "")
    for directive in (
        "default-src 'none'",
        "frame-ancestors 'none'",
        "object-src 'none'",
        "base-uri 'none'",
    ):
        if directive not in csp:
            problems.append(f"Content-Security-Policy lacks {directive!r}: {csp!r}")
    if "unsafe-inline" in csp or "unsafe-eval" in csp:
        problems.append(f"Content-Security-Policy allows inline code: {csp!r}")
    if "camera=()" not in response.get("Permissions-Policy", ""):
        problems.append("no Permissions-Policy")
    return problems


def request(client: Client, method: str, url: str) -> Seen:
    """One request inside a savepoint that is rolled back afterwards."""
    try:
        with transaction.atomic():
            response = getattr(client, method)(url, {})
            transaction.set_rollback(True)
    except Exception as exc:  # any exception is the 500 a user would get
        return Seen(f"500 {type(exc).__name__}: {exc}", "")
    body = "" if response.streaming else response.content.decode(errors="replace")
    headers = header_problems(response)
    if response.status_code == 302:
        login = reverse("accounts:login")
        return Seen("login" if response["Location"].startswith(login) else "302", body, headers)
    return Seen(str(response.status_code), body, headers)


def client_as(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def observe(world: World, role: str, names: set[str] | None = None) -> dict[str, list[Seen]]:
    """url name -> [GET, POST] as this role."""
    client = client_as(world.users[role])
    seen: dict[str, list[Seen]] = {}
    # Logging out ends the session: do it last.
    for name, kwarg_names in sorted(URLS, key=lambda u: u[0] == "accounts:logout"):
        if names is not None and name not in names:
            continue
        url = url_for(world, name, kwarg_names)
        seen[name] = [request(client, "get", url), request(client, "post", url)]
    return seen


def matches(outcome: str, expected: str) -> bool:
    return outcome in expected.split("|")


# --- The tests -------------------------------------------------------------------------------


def test_every_url_has_a_row_in_the_table():
    names = {name for name, _kwargs in URLS}
    missing = sorted(names - EXPECTED.keys())
    stale = sorted(EXPECTED.keys() - names)
    assert not missing, f"Add these URLs to EXPECTED in tests/test_access_matrix.py: {missing}"
    assert not stale, f"These rows of EXPECTED name no URL any more: {stale}"
    for name, row in EXPECTED.items():
        assert set(row) == set(ROLES), f"{name}: the row must name every role"


@pytest.mark.parametrize("role", ROLES)
def test_url_role_matrix(role):
    world = build_world()
    seen = observe(world, role)
    secrets = [world.case.main_person_names, "Fatima Amrani", world.case.reference]
    problems: list[str] = []
    for name, (get, post) in seen.items():
        expected_get, expected_post = EXPECTED[name][role].split("/")
        for method, s, expected in (("GET", get, expected_get), ("POST", post, expected_post)):
            if not matches(s.outcome, expected):
                problems.append(f"{method} {name}: got {s.outcome}, table says {expected}")
        problems += rule_violations(role, name, get, post, expected_get)
        problems += [
            f"{method} {name}: {problem}"
            for method, s in (("GET", get), ("POST", post))
            for problem in s.header_problems
        ]
        # No personal data of the case outside the roles that may see it.
        if role in {*OUTSIDERS, "anonymous"} and name not in LINK_URLS:
            # A funder's own invoice names the billed case by its reference, never by a name.
            hidden = secrets[:2] if (role, name) in FUNDER_SEES_REFERENCE else secrets
            problems += [
                f"{name}: {role} saw {secret!r}"
                for s in (get, post)
                for secret in hidden
                if secret and secret in s.body
            ]
    assert not problems, f"{role}:\n" + "\n".join(problems)


def rule_violations(role: str, name: str, get: Seen, post: Seen, expected_get: str) -> list[str]:
    """The rules that hold whatever the table says."""
    problems = [
        f"{method} {name}: server error {s.outcome}"
        for method, s in (("GET", get), ("POST", post))
        if s.outcome.startswith("500")
    ]
    outcomes = {get.outcome, post.outcome}
    public = name in PUBLIC | LINK_URLS
    if role == "anonymous" and not public and not outcomes <= {"login", "404", "405"}:
        problems.append(f"{name}: anonymous got {outcomes}, not login or 404")
    if name in CASE_URLS:
        if role == "funder" and "200" in outcomes:
            problems.append(f"{name}: a funder got a 200 on a case URL")
        refused_404 = outcomes <= {"404", "405"} and "404" in outcomes
        if (
            role in {"other_coordinator", "other_manager"}
            and "case_uuid" in KWARGS[name]
            and not refused_404
        ):
            problems.append(f"{name}: {role} got {outcomes}, not 404")
        refused = outcomes <= {"403", "404", "405"} and outcomes != {"405"}
        if role in REFUSED_OUTSIDERS and not refused:
            problems.append(f"{name}: {role} got {outcomes}, not 403/404")
    # GET on a POST-only URL gives 405 to everyone who may use it.
    if expected_get == "405" and get.outcome != "405":
        problems.append(f"GET {name}: POST-only URL answered GET with {get.outcome}")
    return problems


def test_coordinator_loses_every_case_url_when_the_check_in_is_recorded():
    world = build_world()
    transitions.record_check_in(world.case, actor=world.users["manager"])
    world.case.refresh_from_db()
    assert world.case.status == Status.CHECK_IN_DONE
    names = {n for n in case_bound_urls() if "case_uuid" in KWARGS[n]}
    seen = observe(world, "coordinator", names)
    problems = []
    for name, (get, post) in seen.items():
        # Exactly what a coordinator of another case gets.
        expected = EXPECTED[name]["other_coordinator"]
        if f"{get.outcome}/{post.outcome}" != expected:
            problems.append(f"{name}: got {get.outcome}/{post.outcome}, expected {expected}")
    assert not problems, "\n".join(problems)
    # ...while the manager keeps the case.
    assert observe(world, "manager", {"cases:detail"})["cases:detail"][0].outcome == "200"


def test_professional_loses_every_case_url_when_consent_is_withdrawn():
    """Consent gates everything (ADR 0040), including the assessment and support pages."""
    world = build_world()
    user = world.users["circle_professional"]
    Person.objects.filter(user=user).update(consent_withdrawn_at=timezone.now())
    seen = observe(world, "circle_professional", set(case_bound_urls()) | {"portal:professional"})
    problems = []
    for name, (get, post) in seen.items():
        # Exactly what a professional outside the circle gets.
        expected = EXPECTED[name]["professional"]
        if f"{get.outcome}/{post.outcome}" != expected:
            problems.append(f"{name}: got {get.outcome}/{post.outcome}, expected {expected}")
        if world.case.reference in get.body:
            problems.append(f"{name}: still shows the case reference")
    assert not problems, "\n".join(problems)


def test_coordinator_sees_no_personal_data_before_declaring_independence():
    world = build_world()
    type(world.case).objects.filter(pk=world.case.pk).update(independence_declared_at=None)
    names = {n for n in case_bound_urls() if "case_uuid" in KWARGS[n]}
    seen = observe(world, "coordinator", names)
    problems = []
    for name, (get, post) in seen.items():
        if name == "cases:detail":
            # The case page shows list-level data and the declaration form only.
            if get.outcome != "200" or world.case.main_person_names in get.body:
                problems.append(f"{name}: {get.outcome}, or shows the main person's names")
        elif name == "cases:declare":
            # A coordinator who took over later in the task declares now: an empty post is a
            # form with errors (not a page with personal data).
            if f"{get.outcome}/{post.outcome}" != "405/400" or (
                world.case.main_person_names in post.body
            ):
                problems.append(f"{name}: got {get.outcome}/{post.outcome}")
        else:
            # What a coordinator of another case gets, or the refusal every coordinator gets.
            allowed = {EXPECTED[name]["other_coordinator"]}
            if EXPECTED[name]["coordinator"] in {"403/405", "405/403", "403/403"}:
                allowed.add(EXPECTED[name]["coordinator"])
            if f"{get.outcome}/{post.outcome}" not in allowed:
                problems.append(f"{name}: got {get.outcome}/{post.outcome}, expected {allowed}")
    assert not problems, "\n".join(problems)


def test_personal_links_with_a_wrong_token_or_purpose_are_404_for_everyone():
    world = build_world()
    main = Person.objects.get(case=world.case, is_main_person=True)
    for token in ("x" * 43, issue_link(main, "information")):
        world.by_url = {name: {"token": token} for name in LINK_URLS}
        for role in ("anonymous", "admin"):
            seen = observe(world, role, LINK_URLS)
            for name, (get, post) in seen.items():
                outcomes = {get.outcome, post.outcome}
                assert outcomes <= {"404", "405"} and "404" in outcomes, (role, name, outcomes)


def test_only_the_main_person_chooses_who_receives_the_plan():
    world = build_world()
    aunt = Person.objects.get(case=world.case, name="Ria Amrani")
    world.by_url = {"portal:link_choose_recipients": {"token": issue_link(aunt, "plan")}}
    seen = observe(world, "anonymous", {"portal:link_choose_recipients"})
    assert [s.outcome for s in seen["portal:link_choose_recipients"]] == ["405", "404"]


def test_a_url_argument_the_world_cannot_fill_fails_with_a_clear_message():
    world = World(users={}, kwargs={}, by_url={}, query={}, case=None)
    with pytest.raises(pytest.fail.Exception, match="cannot fill"):
        url_for(world, "cases:detail", ["case_uuid"])


def test_objects_of_another_case_or_coordinator_are_404_under_this_ones_url():
    """Every object UUID in a URL must belong to the case (or coordinator) the URL names."""
    world = build_world()
    other = build_world()  # a second case in the same region, with its own people and plan
    own = dict(world.kwargs)
    problems = []
    for parent in ("case_uuid", "user_uuid"):
        # Other arguments (a checklist key, a version number) are not objects with a UUID.
        mixed = {
            n
            for n, kwargs in URLS
            if parent in kwargs and any(k.endswith("_uuid") and k != parent for k in kwargs)
        }
        assert mixed, parent
        world.kwargs = {**other.kwargs, parent: own[parent]}
        seen = observe(world, "admin", mixed)
        problems += [
            f"{name}: got {get.outcome}/{post.outcome}"
            for name, (get, post) in seen.items()
            if not (
                {get.outcome, post.outcome} <= {"404", "405"}
                and "404" in {get.outcome, post.outcome}
            )
        ]
    assert not problems, "\n".join(problems)
