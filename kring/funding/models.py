"""Money: funders and their contracts, funding per case, invoices and credit notes.

Amounts are `Decimal` in euros with two decimals, without VAT unless a field says otherwise.
An issued invoice (or credit note) is never changed: its rows are frozen copies of what was
billed (the funder's invoicing details, the tariff, the case's reference), and PostgreSQL
refuses an UPDATE or DELETE of them (migration 0002). Corrections are credit notes.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Round
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kring.cases.models import Variant
from kring.core.labels import LabelledModel


class FunderKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Gemeente")
    INSTITUTION = "institution", _("Instelling")


class EndpointScheme(models.TextChoices):
    """The Peppol identifier schemes a Dutch funder has: OIN (government) or KvK number."""

    OIN = "0190", _("OIN (overheid)")
    KVK = "0106", _("KvK-nummer")


class Funder(LabelledModel):
    """Who pays: a municipality (by its CBS code) or an institution, with its invoicing
    details."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("soort"), max_length=12, choices=FunderKind.choices)
    name = models.CharField(_("naam"), max_length=150)
    municipality = models.OneToOneField(
        "accounts.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funder",
        verbose_name=_("gemeente"),
    )
    # Funder users of an institution (a municipality's users are found by their municipality).
    accounts = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="funders",
        verbose_name=_("accounts van de financier"),
    )
    invoice_street = models.CharField(_("straat en huisnummer"), max_length=150)
    invoice_postcode = models.CharField(_("postcode"), max_length=10)
    invoice_city = models.CharField(_("plaats"), max_length=100)
    invoice_email = models.EmailField(_("e-mail voor facturen"), blank=True)
    endpoint_scheme = models.CharField(
        _("soort Peppol-nummer"), max_length=4, choices=EndpointScheme.choices, blank=True
    )
    endpoint_id = models.CharField(_("Peppol-nummer (OIN of KvK)"), max_length=40, blank=True)
    required_reference = models.CharField(
        _("verplichte referentie op de factuur"),
        max_length=100,
        blank=True,
        help_text=_("Bijvoorbeeld een inkoopnummer of kostenplaats die de financier vraagt."),
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("financier")
        verbose_name_plural = _("financiers")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in FunderKind]), name="funder_kind_valid"
            ),
            # A municipality funder is that municipality; an institution is none.
            models.CheckConstraint(
                condition=(Q(kind="municipality") & Q(municipality__isnull=False))
                | (Q(kind="institution") & Q(municipality__isnull=True)),
                name="funder_municipality_matches_kind",
            ),
            models.CheckConstraint(
                condition=(Q(endpoint_scheme="") & Q(endpoint_id=""))
                | (~Q(endpoint_scheme="") & ~Q(endpoint_id="")),
                name="funder_endpoint_complete",
            ),
        ]
        indexes = [models.Index(fields=["name", "id"], name="funder_name")]

    def __str__(self) -> str:
        return self.name


class VatTreatment(models.TextChoices):
    """How VAT applies to a contract's services (one category per invoice)."""

    STANDARD = "standard", _("21% btw")
    EXEMPT = "exempt", _("Vrijgesteld van btw")


VAT_RATES: dict[str, Decimal] = {
    VatTreatment.STANDARD: Decimal("21.00"),
    VatTreatment.EXEMPT: Decimal("0.00"),
}


class Product(models.TextChoices):
    """What a funder pays for: one tariff each in a contract."""

    CONFERENCE_FAMILY = "conference_family", _("Conferentie: familie / individu")
    CONFERENCE_GROUP = "conference_group", _("Conferentie: groep, straat of buurt")
    CONFERENCE_LEARNING = "conference_learning", _("Conferentie: leervraag")
    CONFERENCE_RESTORATION = "conference_restoration", _("Conferentie: herstel tussen partijen")
    INFO_CONVERSATION = "info_conversation", _("Informatief gesprek")
    PREPARATION_STOPPED = "preparation_stopped", _("Voorbereiding vroegtijdig gestopt")
    FOLLOW_UP = "follow_up", _("Vervolgbijeenkomst")


CONFERENCE_PRODUCT: dict[str, str] = {
    Variant.FAMILY: Product.CONFERENCE_FAMILY,
    Variant.GROUP: Product.CONFERENCE_GROUP,
    Variant.LEARNING: Product.CONFERENCE_LEARNING,
    Variant.RESTORATION: Product.CONFERENCE_RESTORATION,
}


class Contract(LabelledModel):
    """A funder's contract: a period, tariffs, VAT, a yearly ceiling."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    funder = models.ForeignKey(
        Funder, on_delete=models.PROTECT, related_name="contracts", verbose_name=_("financier")
    )
    number = models.CharField(_("contractnummer"), max_length=50)
    starts_on = models.DateField(_("begint op"))
    ends_on = models.DateField(_("eindigt op"))
    vat = models.CharField(_("btw"), max_length=10, choices=VatTreatment.choices)
    yearly_ceiling = models.DecimalField(
        _("plafond per jaar (zonder btw)"),
        max_digits=12,
        decimal_places=2,
        help_text=_("In euro's, zonder btw."),
    )
    payment_days = models.PositiveSmallIntegerField(_("betaaltermijn (dagen)"), default=30)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_on", "id"]
        verbose_name = _("contract")
        verbose_name_plural = _("contracten")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="contract_period_order"
            ),
            models.CheckConstraint(
                condition=Q(yearly_ceiling__gte=0), name="contract_ceiling_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(vat__in=[v.value for v in VatTreatment]), name="contract_vat_valid"
            ),
            models.UniqueConstraint(fields=["funder", "number"], name="contract_number_unique"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def vat_rate(self) -> Decimal:
        return VAT_RATES[self.vat]


class Tariff(LabelledModel):
    """The price (without VAT) of one product under one contract."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="tariffs")
    product = models.CharField(_("product"), max_length=30, choices=Product.choices)
    amount = models.DecimalField(_("bedrag (zonder btw)"), max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["contract", "product"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "product"], name="tariff_once_per_product"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="tariff_not_negative"),
            models.CheckConstraint(
                condition=Q(product__in=[p.value for p in Product]), name="tariff_product_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product}: {self.amount}"


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Aangevraagd, nog geen besluit")
    APPROVED = "approved", _("Goedgekeurd")
    REFUSED = "refused", _("Afgewezen")


class FundingRequest(LabelledModel):
    """The regional manager asks a funder to pay for a case; the funder approves (with their
    order or commitment number) or refuses (with a reason)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="funding_requests"
    )
    funder = models.ForeignKey(
        Funder, on_delete=models.PROTECT, related_name="requests", verbose_name=_("financier")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    order_number = models.CharField(
        _("ordernummer of toezeggingsnummer"), max_length=60, blank=True
    )
    refusal_reason = models.TextField(_("reden van afwijzing"), max_length=1000, blank=True)
    remind_on = models.DateField(_("herinneren op"), null=True, blank=True)
    requested_at = models.DateTimeField(default=timezone.now)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("aanvraag voor financiering")
        verbose_name_plural = _("aanvragen voor financiering")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in RequestStatus]),
                name="funding_request_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | ~Q(order_number=""),
                name="funding_approved_has_order_number",
            ),
            models.CheckConstraint(
                condition=~Q(status="refused") | ~Q(refusal_reason=""),
                name="funding_refused_has_reason",
            ),
            # At most one request per case that is still open or approved.
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(status__in=["pending", "approved"]),
                name="funding_one_live_request_per_case",
            ),
        ]
        indexes = [models.Index(fields=["funder", "status", "id"], name="funding_funder_status")]

    def __str__(self) -> str:
        return str(self.uuid)


class Issuer(LabelledModel):
    """The organisation's own invoicing details (one row), kept by an administrator."""

    name = models.CharField(_("naam organisatie"), max_length=150)
    street = models.CharField(_("straat en huisnummer"), max_length=150)
    postcode = models.CharField(_("postcode"), max_length=10)
    city = models.CharField(_("plaats"), max_length=100)
    kvk = models.CharField(_("KvK-nummer"), max_length=8)
    vat_number = models.CharField(_("btw-nummer"), max_length=14)
    iban = models.CharField(_("IBAN"), max_length=34)
    invoice_email = models.EmailField(_("e-mail voor vragen over facturen"))
    exemption_text = models.CharField(
        _("grond voor btw-vrijstelling"),
        max_length=200,
        default="Vrijgesteld van btw (art. 11 Wet OB)",
    )

    class Meta:
        verbose_name = _("eigen factuurgegevens")
        verbose_name_plural = _("eigen factuurgegevens")

    def __str__(self) -> str:
        return self.name


class InvoiceKind(models.TextChoices):
    INVOICE = "invoice", _("Factuur")
    CREDIT_NOTE = "credit_note", _("Creditnota")


class InvoiceCounter(LabelledModel):
    """The last invoice number handed out per year; its row is locked while a number is
    taken, so two runs at once get consecutive numbers (decision 0131)."""

    year = models.PositiveSmallIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Invoice(LabelledModel):
    """An issued invoice or credit note: numbered, frozen, never edited."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("soort"), max_length=12, choices=InvoiceKind.choices)
    year = models.PositiveSmallIntegerField()
    sequence = models.PositiveIntegerField()
    number = models.CharField(_("nummer"), max_length=20, unique=True)
    funder = models.ForeignKey(Funder, on_delete=models.PROTECT, related_name="invoices")
    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="invoices")
    credits = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="credit_notes",
        verbose_name=_("crediteert factuur"),
    )
    credit_reason = models.TextField(_("reden van de creditnota"), max_length=500, blank=True)
    issue_date = models.DateField(_("factuurdatum"))
    due_date = models.DateField(_("vervaldatum"))
    period_start = models.DateField(_("periode van"))
    period_end = models.DateField(_("periode tot en met"))
    # Frozen copies: what the document says, whatever changes later.
    buyer_name = models.CharField(max_length=150)
    buyer_street = models.CharField(max_length=150)
    buyer_postcode = models.CharField(max_length=10)
    buyer_city = models.CharField(max_length=100)
    buyer_endpoint_scheme = models.CharField(max_length=4, blank=True)
    buyer_endpoint_id = models.CharField(max_length=40, blank=True)
    buyer_reference = models.CharField(max_length=100)
    seller_name = models.CharField(max_length=150)
    seller_street = models.CharField(max_length=150)
    seller_postcode = models.CharField(max_length=10)
    seller_city = models.CharField(max_length=100)
    seller_kvk = models.CharField(max_length=8)
    seller_vat_number = models.CharField(max_length=14)
    seller_iban = models.CharField(max_length=34)
    seller_email = models.EmailField()
    vat = models.CharField(max_length=10, choices=VatTreatment.choices)
    vat_rate = models.DecimalField(max_digits=5, decimal_places=2)
    exemption_text = models.CharField(max_length=200, blank=True)
    net_total = models.DecimalField(_("totaal zonder btw"), max_digits=12, decimal_places=2)
    vat_total = models.DecimalField(_("btw"), max_digits=12, decimal_places=2)
    gross_total = models.DecimalField(_("totaal met btw"), max_digits=12, decimal_places=2)
    issued_at = models.DateTimeField(default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-year", "-sequence"]
        verbose_name = _("factuur")
        verbose_name_plural = _("facturen")
        constraints = [
            models.UniqueConstraint(fields=["year", "sequence"], name="invoice_number_per_year"),
            models.CheckConstraint(condition=Q(sequence__gte=1), name="invoice_sequence_positive"),
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in InvoiceKind]), name="invoice_kind_valid"
            ),
            # A credit note refers to the invoice it corrects; an invoice refers to none.
            models.CheckConstraint(
                condition=(Q(kind="invoice") & Q(credits__isnull=True))
                | (Q(kind="credit_note") & Q(credits__isnull=False) & ~Q(credit_reason="")),
                name="invoice_credit_note_refers",
            ),
            models.CheckConstraint(
                # Rounded: SQLite adds decimals as floating point; PostgreSQL is exact anyway.
                condition=Q(gross_total=Round(F("net_total") + F("vat_total"), 2)),
                name="invoice_totals_add_up",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="invoice_period_order"
            ),
        ]
        indexes = [
            models.Index(fields=["funder", "period_start", "sequence"], name="invoice_funder")
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_credit_note(self) -> bool:
        return self.kind == InvoiceKind.CREDIT_NOTE


class InvoiceLine(LabelledModel):
    """One billable case event: the case's reference and the product, never a name."""

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="lines")
    position = models.PositiveSmallIntegerField()
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    case_reference = models.CharField(max_length=20)
    product = models.CharField(max_length=30, choices=Product.choices)
    event_date = models.DateField()
    order_number = models.CharField(max_length=60, blank=True)
    quantity = models.PositiveIntegerField(default=1)
    unit_price = models.DecimalField(max_digits=12, decimal_places=2)
    line_total = models.DecimalField(max_digits=12, decimal_places=2)
    # On a credit note: the line of the invoice it credits.
    credits_line = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="credited_by"
    )

    class Meta:
        ordering = ["invoice", "position"]
        constraints = [
            models.UniqueConstraint(fields=["invoice", "position"], name="invoice_line_position"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="invoice_line_quantity"),
            models.CheckConstraint(condition=Q(unit_price__gte=0), name="invoice_line_price"),
        ]

    def __str__(self) -> str:
        return f"{self.invoice_id}/{self.position}"


class BilledEvent(LabelledModel):
    """A case event that is on an invoice and not credited: the database refuses to bill the
    same event twice (two runs at once included). A credit note removes the row, so the event
    can be billed again, corrected."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    product = models.CharField(max_length=30, choices=Product.choices)
    line = models.OneToOneField(InvoiceLine, on_delete=models.PROTECT, related_name="billed")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "product"], name="billed_event_once")
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.product}"


# --- Coordinator fees and expenses (decision 0135) ---------------------------------------------


class FeeOutcome(models.TextChoices):
    """How a case ended for its coordinator: what the fee is paid for."""

    HELD = "held", _("Conferentie gehouden")
    STOPPED = "stopped", _("Voorbereiding vroegtijdig gestopt")
    PLAN_ONLY = "plan_only", _("Plan zonder conferentie")


class FeeTariff(LabelledModel):
    """The coordinator's fee (in euros, no VAT) for one variant and outcome, from a date on.
    A new rate is a new row: the fee of an outcome follows the row valid on its date."""

    variant = models.CharField(_("soort conferentie"), max_length=20, choices=Variant.choices)
    outcome = models.CharField(_("uitkomst"), max_length=12, choices=FeeOutcome.choices)
    amount = models.DecimalField(_("vergoeding"), max_digits=10, decimal_places=2)
    valid_from = models.DateField(_("geldig vanaf"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["variant", "outcome", "-valid_from"]
        verbose_name = _("tarief coördinator")
        verbose_name_plural = _("tarieven coördinator")
        constraints = [
            models.UniqueConstraint(
                fields=["variant", "outcome", "valid_from"], name="fee_tariff_once_per_date"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="fee_tariff_not_negative"),
            models.CheckConstraint(
                condition=Q(outcome__in=[o.value for o in FeeOutcome]), name="fee_outcome_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.variant}/{self.outcome} {self.valid_from}: {self.amount}"


class KmRate(LabelledModel):
    """The travel allowance per kilometre, from a date on."""

    rate = models.DecimalField(_("vergoeding per km"), max_digits=5, decimal_places=2)
    valid_from = models.DateField(_("geldig vanaf"), unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("kilometervergoeding")
        verbose_name_plural = _("kilometervergoedingen")
        constraints = [
            models.CheckConstraint(condition=Q(rate__gte=0), name="km_rate_not_negative")
        ]

    def __str__(self) -> str:
        return f"{self.valid_from}: {self.rate}"


class ExpenseKind(models.TextChoices):
    TRAVEL = "travel", _("Reiskosten (kilometers)")
    OTHER = "other", _("Andere kosten (met bon)")


class ExpenseStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Ingediend, nog geen besluit")
    APPROVED = "approved", _("Goedgekeurd")
    REJECTED = "rejected", _("Afgewezen")


class Expense(LabelledModel):
    """A coordinator's declaration for one of their cases: kilometres at the rate of the day,
    or another cost with its receipt. Once approved or rejected it never changes (the service
    refuses, and the database too: migration 0004)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="expenses"
    )
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("soort"), max_length=10, choices=ExpenseKind.choices)
    spent_on = models.DateField(_("datum"))
    km = models.PositiveIntegerField(_("kilometers"), null=True, blank=True)
    km_rate = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    amount = models.DecimalField(_("bedrag"), max_digits=10, decimal_places=2)
    description = models.CharField(_("omschrijving"), max_length=200)
    receipt = models.FileField(_("bon"), upload_to="receipts/%Y/%m/", blank=True)
    receipt_name = models.CharField(max_length=200, blank=True)
    receipt_type = models.CharField(max_length=50, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ExpenseStatus.choices,
        default=ExpenseStatus.SUBMITTED,
    )
    rejection_reason = models.CharField(_("reden van afwijzing"), max_length=500, blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-spent_on", "-id"]
        verbose_name = _("declaratie")
        verbose_name_plural = _("declaraties")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in ExpenseKind]), name="expense_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in ExpenseStatus]),
                name="expense_status_valid",
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="expense_not_negative"),
            # Travel has kilometres and their rate; another cost has a receipt.
            models.CheckConstraint(
                condition=(Q(kind="travel") & Q(km__isnull=False) & Q(km_rate__isnull=False))
                | (Q(kind="other") & ~Q(receipt="") & ~Q(receipt_type="")),
                name="expense_kind_complete",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(rejection_reason=""),
                name="expense_rejected_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(status="submitted") | Q(decided_at__isnull=False),
                name="expense_decided_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["coordinator", "spent_on", "id"], name="expense_coordinator"),
            models.Index(fields=["status", "submitted_at", "id"], name="expense_status"),
        ]

    def __str__(self) -> str:
        return str(self.uuid)

    @property
    def is_decided(self) -> bool:
        return self.status != ExpenseStatus.SUBMITTED
