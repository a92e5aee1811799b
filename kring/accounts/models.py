"""Users, roles, regions and municipalities.

Staff and partner users log in with e-mail and password. Families and other participants are
not users: they reach Kring through personal links, so no code may assume a viewer is a User.
"""

import uuid

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from kring.core.labels import LabelledModel


class Role(models.TextChoices):
    ADMIN = "admin", _("Beheerder")
    REGIONAL_MANAGER = "regional_manager", _("Regiomanager")
    COORDINATOR = "coordinator", _("Coördinator")
    PROFESSIONAL = "professional", _("Professional")
    FUNDER = "funder", _("Financier")


class Region(LabelledModel):
    """A region of the organisation, with its office and its contact deadline."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("naam"), max_length=100, unique=True)
    slug = models.SlugField(unique=True)
    office_phone = models.CharField(_("telefoon regiokantoor"), max_length=30, blank=True)
    office_email = models.EmailField(_("e-mail regiokantoor"), blank=True)
    office_address = models.CharField(_("adres regiokantoor"), max_length=200, blank=True)
    contact_deadline_days = models.PositiveSmallIntegerField(
        _("contact binnen (werkdagen)"),
        default=3,
        help_text=_("Binnen hoeveel werkdagen nemen we contact op met de aanvrager?"),
    )
    active = models.BooleanField(
        _("actief"),
        default=True,
        help_text=_("Een inactieve regio krijgt geen nieuwe mensen en geen nieuwe gemeenten."),
    )
    # Checked by the conference's scheduling precondition (decision 0130).
    funding_required = models.BooleanField(
        _("financiering vooraf goedgekeurd"),
        default=False,
        help_text=_(
            "Aangevinkt: een conferentie kan pas gepland worden als de financiering is "
            "goedgekeurd. Niet aangevinkt: het traject toont alleen een waarschuwing."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("regio")
        verbose_name_plural = _("regio's")
        constraints = [
            models.CheckConstraint(
                condition=Q(contact_deadline_days__gte=1) & Q(contact_deadline_days__lte=30),
                name="region_contact_deadline_range",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Municipality(LabelledModel):
    """A Dutch municipality (gemeente) by its CBS code, e.g. GM0363 Amsterdam."""

    code = models.CharField(_("CBS-code"), max_length=6, unique=True)
    name = models.CharField(_("naam"), max_length=100)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("regio")
    )
    active = models.BooleanField(
        _("actief"), default=True, help_text=_("Na een herindeling wordt een gemeente inactief.")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^GM[0-9]{4}$"), name="municipality_cbs_code"
            )
        ]
        indexes = [models.Index(fields=["region", "name"])]

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields: object) -> "User":
        """Create a user that logs in with this e-mail address."""
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: object) -> "User":
        """Create an administrator (the only role that may use Django's admin)."""
        fields.setdefault("role", Role.ADMIN)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)


class User(LabelledModel, AbstractBaseUser, PermissionsMixin):
    """A person who logs in: staff, coordinators, professionals and funders."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("e-mailadres"), unique=True)
    full_name = models.CharField(_("naam"), max_length=150)
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices)
    organisation = models.CharField(
        _("organisatie"),
        max_length=150,
        blank=True,
        help_text=_("Voor professionals en financiers: de instelling of gemeente."),
    )
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    regions = models.ManyToManyField(
        Region, blank=True, related_name="members", verbose_name=_("regio's")
    )
    funder_municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funder_users",
        verbose_name=_("gemeente (financier)"),
    )
    preferred_language = models.CharField(_("taal"), max_length=10, default="nl")
    is_active = models.BooleanField(_("actief"), default=True)
    date_joined = models.DateTimeField(_("aangemaakt"), default=timezone.now)
    # Raised to end every session of this user at once (a lost phone, a reset second factor);
    # part of the session hash, like the password and the role.
    session_version = models.PositiveIntegerField(default=0, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=[r.value for r in Role]), name="user_role_valid"
            ),
            models.CheckConstraint(
                condition=Q(is_superuser=False) | Q(role=Role.ADMIN),
                name="user_superuser_is_admin",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def is_staff(self) -> bool:
        """Only administrators may use Django's admin site."""
        return self.is_active and self.role == Role.ADMIN

    def get_full_name(self) -> str:
        return self.full_name

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        """Django checks this hash on every request: a new password, another role or a raised
        `session_version` ends every session at once (decision 0082)."""
        key_salt = "kring.accounts.User.get_session_auth_hash"
        value = f"{self.password}|{self.role}|{self.session_version}"
        return salted_hmac(key_salt, value, secret=secret, algorithm="sha256").hexdigest()

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Invitation(LabelledModel):
    """A single-use activation link for a new account: the invitee chooses a password and
    enrols a second factor. Only a hash of the token is stored."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")),
                name="invitation_expires_after_creation",
            )
        ]

    def __str__(self) -> str:
        return str(self.uuid)
