import pytest
from django.contrib.auth.models import AnonymousUser

from btb.accounts.models import AuditEvent
from btb.audit import audit_record, changed_fields
from tests.factories import CoordinatorFactory, VolunteerProfileFactory

pytestmark = pytest.mark.django_db


def test_audit_record_names_actor_action_and_object():
    coordinator = CoordinatorFactory()
    profile = VolunteerProfileFactory(display_name="PC Audit")
    event = audit_record(actor=coordinator, action="profile.view_contact", obj=profile, reason="roster")
    stored = AuditEvent.objects.get()
    assert stored == event
    assert (stored.actor, stored.action, stored.object_id, stored.object_repr) == (
        coordinator,
        "profile.view_contact",
        str(profile.pk),
        "PC Audit",
    )
    assert stored.detail == {"reason": "roster"}
    assert stored.content_type.model == "volunteerprofile"


def test_audit_record_for_the_system_or_anonymous_has_no_actor():
    assert audit_record(actor=None, action="purge.ticket_holders", count=3).actor is None
    assert audit_record(actor=AnonymousUser(), action="x").actor is None


def test_changed_fields_lists_only_what_changed():
    profile = VolunteerProfileFactory(display_name="Before", phone="")
    before = {"display_name": "Before", "phone": ""}
    profile.display_name = "After"
    assert changed_fields(before, profile, ["display_name", "phone"]) == {"display_name": ["Before", "After"]}


def test_audit_admin_is_read_only(admin_client):
    audit_record(actor=None, action="x")
    event = AuditEvent.objects.get()
    assert admin_client.get(f"/admin/accounts/auditevent/{event.pk}/change/").status_code == 200
    assert admin_client.get("/admin/accounts/auditevent/add/").status_code == 403
