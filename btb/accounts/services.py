import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from btb.audit import audit_record
from btb.errors import ApplicationError
from btb.images import PreparedPhoto

from .enums import Role
from .mail import ACCOUNT_EXISTS, VERIFICATION, account_mail_queue
from .models import User, VolunteerProfile

logger = logging.getLogger(__name__)


def email_domain_allowed(email: str) -> bool:
    domain = email.rsplit("@", 1)[-1].strip().lower()
    return any(domain == allowed or domain.endswith("." + allowed) for allowed in settings.VOLUNTEER_EMAIL_DOMAINS)


@transaction.atomic
def volunteer_register(*, email: str, display_name: str) -> None:
    """Start a volunteer's self-registration.

    Whatever happens, the caller says the same thing ("check your e-mail"), so the form never reveals who has an
    account. A new address gets an inactive account and a link to choose a password; an address with a pending
    registration gets a fresh link; an address with an account gets a reminder of how to sign in.
    """
    email = email.strip()
    if not email_domain_allowed(email):
        raise ApplicationError(
            "Registration is open to police e-mail addresses only ("
            + ", ".join(f"@{d}" for d in settings.VOLUNTEER_EMAIL_DOMAINS)
            + "). Ask the programme coordinator if your address should be allowed.",
            field="email",
        )
    existing = User.objects.select_for_update().filter(email__iexact=email).first()
    if existing is not None:
        if existing.is_active:
            account_mail_queue(kind=ACCOUNT_EXISTS, user=existing)
        elif existing.email_verified_at is None:
            # The latest request's name is the one the verify page offers; the owner confirms or corrects it there.
            _pending_name_set(existing, display_name)
            account_mail_queue(kind=VERIFICATION, user=existing)
        # An account an administrator deactivated gets nothing: re-registering must not reopen it.
        return

    user = User(username=email.lower(), email=email, is_active=False, first_name=display_name[:150])
    user.set_unusable_password()
    user.save()
    user.groups.add(Group.objects.get(name=Role.VOLUNTEER.value))
    VolunteerProfile.objects.create(user=user, display_name=display_name)
    account_mail_queue(kind=VERIFICATION, user=user)


def _pending_name_set(user: User, display_name: str) -> None:
    user.first_name = display_name[:150]
    user.save(update_fields=["first_name"])
    VolunteerProfile.objects.filter(user=user).update(display_name=display_name)


@transaction.atomic
def volunteer_verify(*, user: User, password: str, display_name: str | None = None) -> User:
    """Finish registration: the holder of the verification link chooses the password and the account opens.

    Choosing the password here, not at registration, means only the owner of the mailbox ever knows it. The same
    goes for the name: whoever asked for the registration may have typed anything, so the owner gives it here.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_active or user.email_verified_at is not None:
        raise ApplicationError(_("This account is already verified. Please sign in."))
    display_name = (display_name or "").strip()
    if display_name:
        _pending_name_set(user, display_name)
    user.set_password(password)
    user.is_active = True
    user.email_verified_at = timezone.now()
    user.save(update_fields=["password", "is_active", "email_verified_at"])
    return user


def purge_unverified_registrations(*, now=None) -> int:
    """Delete registrations nobody verified in time: they hold personal data we never had a use for."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.UNVERIFIED_REGISTRATION_DAYS)
    stale = User.objects.filter(
        is_active=False,
        email_verified_at__isnull=True,
        last_login__isnull=True,
        is_staff=False,
        is_superuser=False,
        date_joined__lt=cutoff,
    )
    deleted = 0
    for user in stale.iterator():
        with transaction.atomic():
            _delete_profile_files(getattr(user, "volunteer", None))
            user.delete()
            deleted += 1
    logger.info("Purged %d unverified registrations older than %d days", deleted, settings.UNVERIFIED_REGISTRATION_DAYS)
    return deleted


@transaction.atomic
def profile_update(
    *, profile: VolunteerProfile, data: dict, photo: PreparedPhoto | None = None, remove_photo: bool = False
) -> VolunteerProfile:
    """Save a volunteer's profile. ``data`` holds cleaned form values keyed by field name."""
    networks = data.pop("staff_networks", None)
    for name, value in data.items():
        setattr(profile, name, value)
    profile.full_clean(exclude=["user", "photo", "photo_thumbnail"])
    old_files = []
    if photo is not None or remove_photo:
        old_files = [f.name for f in (profile.photo, profile.photo_thumbnail) if f]
        profile.photo = None
        profile.photo_thumbnail = None
    if photo is not None:
        profile.photo.save("photo.jpg", photo.full, save=False)
        profile.photo_thumbnail.save("thumb.jpg", photo.thumbnail, save=False)
    profile.save()
    if networks is not None:
        profile.staff_networks.set(networks)
    if old_files:
        storage = profile.photo.storage
        transaction.on_commit(lambda: [storage.delete(name) for name in old_files])
    return profile


def _delete_profile_files(profile: VolunteerProfile | None) -> None:
    if profile is None:
        return
    names = [f.name for f in (profile.photo, profile.photo_thumbnail) if f]
    storage = profile.photo.storage
    transaction.on_commit(lambda: [storage.delete(name) for name in names])


# --- Departure ------------------------------------------------------------------------------------------------------


def volunteer_photo_retention_days() -> int:
    return settings.VOLUNTEER_PHOTO_RETENTION_DAYS


@transaction.atomic
def volunteer_mark_departed(*, profile: VolunteerProfile, left_on=None, by=None) -> VolunteerProfile:
    """The volunteer has left the programme (or the service): the account is closed and the departure date kept, so
    that their photo goes ``VOLUNTEER_PHOTO_RETENTION_DAYS`` later (the nightly purge). Marking again keeps the first
    date."""
    profile = VolunteerProfile.objects.select_for_update().select_related("user").get(pk=profile.pk)
    if profile.left_on is None:
        profile.left_on = left_on or timezone.localdate()
        profile.save(update_fields=["left_on", "updated_at"])
        audit_record(actor=by, action="volunteer.departed", obj=profile, left_on=profile.left_on.isoformat())
    if profile.user.is_active:
        profile.user.is_active = False
        profile.user.save(update_fields=["is_active"])
    return profile


@transaction.atomic
def volunteer_account_deactivated(*, user: User, by=None) -> None:
    """An administrator closed a verified volunteer's account: that is a departure (the photo's clock starts)."""
    profile = VolunteerProfile.objects.filter(user=user, left_on__isnull=True).first()
    if profile is not None and user.email_verified_at is not None:
        volunteer_mark_departed(profile=profile, by=by)


@transaction.atomic
def departed_volunteer_photos_delete(*, now=None) -> int:
    """Delete the photos of volunteers who left more than ``VOLUNTEER_PHOTO_RETENTION_DAYS`` ago (files removed once
    the transaction commits). Returns how many profiles lost their photo."""
    now = now or timezone.now()
    cutoff = timezone.localdate(now) - timedelta(days=volunteer_photo_retention_days())
    due = VolunteerProfile.objects.filter(left_on__lt=cutoff).exclude(photo="", photo_thumbnail="")
    deleted = 0
    for profile in due.select_for_update().iterator():
        _delete_profile_files(profile)
        VolunteerProfile.objects.filter(pk=profile.pk).update(photo="", photo_thumbnail="")
        deleted += 1
    return deleted
