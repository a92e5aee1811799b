from django.urls import path

from kring.funding import views

app_name = "funding"

urlpatterns = [
    path("financiering/", views.index, name="index"),
    path("financiering/eigen-gegevens/", views.issuer, name="issuer"),
    path("financiering/financiers/nieuw/", views.funder_new, name="funder_new"),
    path("financiering/financiers/<uuid:funder_uuid>/", views.funder, name="funder"),
    path(
        "financiering/financiers/<uuid:funder_uuid>/bewerken/",
        views.funder_edit,
        name="funder_edit",
    ),
    path(
        "financiering/financiers/<uuid:funder_uuid>/contracten/nieuw/",
        views.contract_new,
        name="contract_new",
    ),
    path(
        "financiering/contracten/<uuid:contract_uuid>/bewerken/",
        views.contract_edit,
        name="contract_edit",
    ),
    path("financiering/financiers/<uuid:funder_uuid>/factureren/", views.run, name="run"),
    path("financiering/facturen/<uuid:invoice_uuid>/", views.invoice, name="invoice"),
    path("financiering/facturen/<uuid:invoice_uuid>/pdf/", views.invoice_pdf, name="invoice_pdf"),
    path("financiering/facturen/<uuid:invoice_uuid>/csv/", views.invoice_csv, name="invoice_csv"),
    path("financiering/facturen/<uuid:invoice_uuid>/ubl/", views.invoice_ubl, name="invoice_ubl"),
    path("financiering/facturen/<uuid:invoice_uuid>/crediteren/", views.credit, name="credit"),
    path("trajecten/<uuid:case_uuid>/financiering/", views.case, name="case"),
    path(
        "trajecten/<uuid:case_uuid>/financiering/aanvragen/",
        views.case_request,
        name="case_request",
    ),
    path(
        "trajecten/<uuid:case_uuid>/financiering/<uuid:funding_uuid>/besluit/",
        views.case_decide,
        name="case_decide",
    ),
]
