"""Telling people about a risk assessment, through the outbox: each approver when one is submitted (it also waits on
their home page), and the coordinator who submitted it (else the summit's lead) when it is decided. Written when
sent, and skipped if by then the assessment has moved on."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from btb.accounts.enums import Role
from btb.outbox.services import Rendered, Skip, outbox_enqueue, register_renderer

from ..enums import RiskAssessmentStatus
from ..models import RiskAssessment

SUBMITTED = "events.risk_assessment_submitted"
DECIDED = "events.risk_assessment_decided"


def risk_approvers():
    """Who may decide a risk assessment: active coordinators holding ``events.approve_riskassessment`` (directly or
    through a group such as “Risk assessment approvers”), by name."""
    permission = Permission.objects.filter(codename="approve_riskassessment", content_type__app_label="events")
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=Role.COORDINATOR)
        .filter(Q(groups__permissions__in=permission) | Q(user_permissions__in=permission))
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def _stamp(moment) -> str:
    return f"{moment:%Y%m%d%H%M%S%f}"


def risk_assessment_notices_queue(*, assessment: RiskAssessment, submitted: bool) -> int:
    """Inside the submit's or the decision's transaction."""
    scope = f"summit:{assessment.summit_id}"
    if submitted:
        queued = 0
        for approver in risk_approvers():
            if approver.email and approver.pk != assessment.submitted_by_id:
                key = f"{_stamp(assessment.submitted_at)}:{approver.pk}"
                queued += bool(
                    outbox_enqueue(
                        kind=SUBMITTED, about=assessment, recipient=approver.email, dedupe_key=key, scope=scope
                    )
                )
        return queued
    told = assessment.submitted_by or assessment.summit.lead_coordinator
    if told is None or not told.email or told.pk == assessment.decided_by_id:
        return 0
    key = _stamp(assessment.decided_at)
    return int(bool(outbox_enqueue(kind=DECIDED, about=assessment, recipient=told.email, dedupe_key=key, scope=scope)))


def _assessment(mail):
    return (
        RiskAssessment.objects.select_related("summit", "decided_by", "submitted_by").filter(pk=mail.about_id).first()
    )


def render_submitted(mail) -> Rendered | Skip:
    assessment = _assessment(mail)
    if assessment is None or assessment.status != RiskAssessmentStatus.SUBMITTED:
        return Skip("no longer relevant: the risk assessment has been decided or removed")
    return Rendered(
        template_prefix="events/email/risk_assessment_notice",
        context={"assessment": assessment, "summit": assessment.summit, "submitted": True},
    )


def render_decided(mail) -> Rendered | Skip:
    assessment = _assessment(mail)
    if assessment is None or assessment.status not in (RiskAssessmentStatus.APPROVED, RiskAssessmentStatus.RETURNED):
        return Skip("no longer relevant: the risk assessment has been submitted again or removed")
    return Rendered(
        template_prefix="events/email/risk_assessment_notice",
        context={"assessment": assessment, "summit": assessment.summit, "submitted": False},
    )


def register() -> None:
    register_renderer(SUBMITTED, render_submitted, label=_("Risk assessment: awaiting a decision"))
    register_renderer(DECIDED, render_decided, label=_("Risk assessment: decided"))
