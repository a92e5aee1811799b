from django.urls import path

from kring.funding import fee_views, views

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
    path("financiering/tarieven-coordinatoren/", fee_views.fee_tariffs, name="fee_tariffs"),
    path("vergoedingen/", fee_views.money, name="money"),
    path("vergoedingen/declareren/", fee_views.declare, name="declare"),
    path("vergoedingen/declaraties/<uuid:expense_uuid>/bon/", fee_views.receipt, name="receipt"),
    path(
        "vergoedingen/declaraties/<uuid:expense_uuid>/besluit/",
        fee_views.expense_decide,
        name="expense_decide",
    ),
    path(
        "vergoedingen/<uuid:user_uuid>/<int:year>/<int:month>/",
        fee_views.statement,
        name="statement",
    ),
    path(
        "vergoedingen/<uuid:user_uuid>/<int:year>/<int:month>/pdf/",
        fee_views.statement_pdf,
        name="statement_pdf",
    ),
    path(
        "vergoedingen/<uuid:user_uuid>/<int:year>/<int:month>/csv/",
        fee_views.statement_csv,
        name="statement_csv",
    ),
]
