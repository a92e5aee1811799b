"""The ways in: start pages, the professional's pages and the personal-link pages."""

from django.urls import path

from kring.portal import family, information, plan_links, professional, rsvp, views

app_name = "portal"

urlpatterns = [
    path("start/", views.start, name="start"),
    path("professional/plannen/", professional.professional_start, name="professional"),
    path(
        "professional/trajecten/<uuid:case_uuid>/",
        professional.professional_case,
        name="professional_case",
    ),
    path(
        "professional/trajecten/<uuid:case_uuid>/plan/",
        professional.professional_plan,
        name="professional_plan",
    ),
    path(
        "professional/trajecten/<uuid:case_uuid>/plan/pdf/",
        professional.professional_plan_pdf,
        name="professional_plan_pdf",
    ),
    # The family portal (decision 0170).
    path("familie/", family.family_home, name="family_home"),
    path("familie/link/<str:token>/", family.family_entry, name="family_entry"),
    path("familie/link/<str:token>/code-sturen/", family.family_send_code, name="family_send_code"),
    path("familie/link/<str:token>/code/", family.family_code, name="family_code"),
    path(
        "familie/afspraken/<uuid:agreement_uuid>/",
        family.family_progress,
        name="family_progress",
    ),
    path("familie/vervolgbijeenkomst/", family.family_follow_up, name="family_follow_up"),
    path(
        "familie/vervolgbijeenkomst/vastleggen/",
        family.family_record_follow_up,
        name="family_record_follow_up",
    ),
    path("familie/ontvangers/", family.family_recipients, name="family_recipients"),
    path("familie/wie-keek/", family.family_viewers, name="family_viewers"),
    path("familie/ons-plan/", family.family_draft, name="family_draft"),
    path("familie/ons-plan/presenteren/", family.family_present, name="family_present"),
    path("familie/afmelden/", family.family_sign_out, name="family_sign_out"),
    path("familie/afgemeld/", family.family_signed_out, name="family_signed_out"),
    path("familie/link-kwijt/", family.family_lost_link, name="family_lost_link"),
    path("u/<str:token>/", rsvp.rsvp, name="rsvp"),
    path("u/<str:token>/agenda.ics", rsvp.rsvp_calendar, name="rsvp_calendar"),
    path("c/", rsvp.code_entry, name="code_entry"),
    path("c/<str:token>/", rsvp.code, name="code"),
    path("info/<str:token>/", information.information_link, name="information_link"),
    path(
        "info/<str:token>/<uuid:item_uuid>/",
        information.answer_information,
        name="answer_information",
    ),
    path("plan/<str:token>/", plan_links.link_plan, name="link_plan"),
    path("plan/<str:token>/pdf/", plan_links.link_plan_pdf, name="link_plan_pdf"),
    path(
        "plan/<str:token>/ontvangers/",
        plan_links.link_choose_recipients,
        name="link_choose_recipients",
    ),
    path(
        "plan/<str:token>/mijn-afspraken.pdf",
        plan_links.link_my_agreements_pdf,
        name="link_my_agreements_pdf",
    ),
]
