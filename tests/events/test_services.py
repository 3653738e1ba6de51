import io
import zipfile
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from btb.accounts.models import AuditEvent
from btb.errors import ApplicationError
from events import services
from events.enums import EngagementStatus, RiskAssessmentStatus, SummitStatus
from events.models import BudgetLine, ChecklistStep, PlanningTask, Summit
from events.selectors import overdue_tasks, panel_composition
from events.signals import summit_cancelled
from influencers.enums import DueDiligenceStatus
from tests.events.factories import (
    BudgetLineFactory,
    EngagementFactory,
    InfluencerFactory,
    PanelSeatFactory,
    StallFactory,
    SummitFactory,
    VenueFactory,
)
from tests.factories import CoordinatorFactory, VolunteerProfileFactory

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"


def docx_bytes(with_document=True) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        if with_document:
            archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _start(days):
    return (timezone.localtime() + timedelta(days=days)).replace(hour=18, minute=0, second=0, microsecond=0)


def _data(days=90, **extra):
    starts = _start(days)
    return {"title": "Hackney summit", "starts_at": starts, "ends_at": starts + timedelta(hours=3), **extra}


def _approver():
    user = CoordinatorFactory()
    user.groups.add(Group.objects.get(name="Risk assessment approvers"))
    return user


def _approve(summit):
    services.risk_assessment_submit(assessment=summit.risk_assessment, document=SimpleUploadedFile("ra.pdf", PDF_BYTES))
    services.risk_assessment_decide(assessment=summit.risk_assessment, approve=True, note="", decided_by=_approver())


# --- Creating, the checklist and the eight-week warning ----------------------------------------------------------


def test_summit_create_generates_checklist_from_template_counted_back_from_start(coordinator):
    summit, warnings = services.summit_create(data=_data(days=100), created_by=coordinator)
    assert warnings == []
    assert summit.status == SummitStatus.DRAFT and summit.lead_coordinator == coordinator
    assert summit.risk_assessment.status == RiskAssessmentStatus.NOT_STARTED
    steps = list(ChecklistStep.objects.filter(active=True))
    assert len(steps) == 13
    tasks = {task.title: task for task in summit.tasks.all()}
    assert set(tasks) == {step.title for step in steps}
    start_date = timezone.localdate(summit.starts_at)
    assert tasks["Sell the vision to the influencers"].due_on == start_date - timedelta(days=84)
    assert tasks["Influencer debrief booked"].due_on == start_date + timedelta(days=7)
    assert all(task.owner == coordinator for task in tasks.values())


def test_summit_create_skips_inactive_template_steps(coordinator):
    ChecklistStep.objects.filter(title="Music booked").update(active=False)
    summit, _ = services.summit_create(data=_data(), created_by=coordinator)
    assert summit.tasks.count() == 12
    assert not summit.tasks.filter(title="Music booked").exists()


def test_summit_create_without_dates_has_undated_tasks(coordinator):
    summit, warnings = services.summit_create(data={"title": "An idea"}, created_by=coordinator)
    assert warnings == []
    assert summit.tasks.count() == 13 and not summit.tasks.filter(due_on__isnull=False).exists()


def test_summit_create_slug_is_unique(coordinator):
    first, _ = services.summit_create(data=_data(), created_by=coordinator)
    second, _ = services.summit_create(data=_data(), created_by=coordinator)
    assert first.slug != second.slug and second.slug.startswith(first.slug)


def test_summit_create_refuses_end_before_start(coordinator):
    data = _data()
    data["ends_at"] = data["starts_at"] - timedelta(hours=1)
    with pytest.raises(ApplicationError) as error:
        services.summit_create(data=data, created_by=coordinator)
    assert error.value.field == "ends_at"
    assert not Summit.objects.exists()


def test_summit_create_fewer_than_eight_weeks_away_warns(coordinator):
    _, warnings = services.summit_create(data=_data(days=30), created_by=coordinator)
    assert len(warnings) == 1
    assert "only 30 days away" in warnings[0] and "eight weeks" in warnings[0]


def test_summit_create_eight_weeks_and_a_day_away_does_not_warn(coordinator):
    _, warnings = services.summit_create(data=_data(days=57), created_by=coordinator)
    assert warnings == []


def test_summit_move_redates_tasks_not_done_and_warns_when_close(coordinator):
    summit, _ = services.summit_create(data=_data(days=100), created_by=coordinator)
    done = summit.tasks.get(title="Sell the vision to the influencers")
    services.task_set_done(task=done, done=True, by=coordinator)
    done.refresh_from_db()
    done_due = done.due_on

    warnings = services.summit_update(summit=summit, data=_data(days=40))
    summit.refresh_from_db()
    new_start = timezone.localdate(summit.starts_at)
    assert summit.tasks.get(title="Ticketing live").due_on == new_start - timedelta(days=42)
    assert summit.tasks.get(pk=done.pk).due_on == done_due
    assert len(warnings) == 1 and "only 40 days away" in warnings[0]


def test_summit_update_without_moving_does_not_warn_or_redate(coordinator):
    summit, _ = services.summit_create(data=_data(days=30), created_by=coordinator)
    assert services.summit_update(summit=summit, data={"notes": "Halal catering"}) == []


def test_task_undone_falls_due_again_from_the_summit_date(coordinator):
    summit, _ = services.summit_create(data=_data(days=100), created_by=coordinator)
    task = summit.tasks.get(title="Ticketing live")
    services.task_set_done(task=task, done=True, by=coordinator)
    services.summit_update(summit=summit, data=_data(days=120))
    task = services.task_set_done(task=task, done=False, by=coordinator)
    summit.refresh_from_db()
    assert task.done_at is None and task.due_on == timezone.localdate(summit.starts_at) - timedelta(days=42)


def test_overdue_tasks_are_those_past_due_not_done_on_active_summits(coordinator):
    summit = SummitFactory(lead_coordinator=coordinator)
    yesterday = timezone.localdate() - timedelta(days=1)
    late = PlanningTask.objects.create(summit=summit, title="Late", days_before=1, due_on=yesterday)
    PlanningTask.objects.create(summit=summit, title="Done", days_before=1, due_on=yesterday, done_at=timezone.now())
    PlanningTask.objects.create(summit=summit, title="Later", days_before=1, due_on=timezone.localdate())
    cancelled = SummitFactory(status=SummitStatus.CANCELLED, lead_coordinator=coordinator)
    PlanningTask.objects.create(summit=cancelled, title="Moot", days_before=1, due_on=yesterday)
    assert list(overdue_tasks(user=coordinator)) == [late]
    assert list(overdue_tasks(user=CoordinatorFactory())) == []
    assert late.is_overdue


# --- Transitions -------------------------------------------------------------------------------------------------


def test_start_planning_only_from_draft():
    summit = SummitFactory(status=SummitStatus.DRAFT)
    assert services.summit_start_planning(summit=summit).status == SummitStatus.PLANNING
    with pytest.raises(ApplicationError, match="is planning, so it cannot be marked planning"):
        services.summit_start_planning(summit=summit)


def test_confirm_needs_venue_dates_and_approved_risk_assessment():
    summit = SummitFactory(venue=None, starts_at=None, ends_at=None)
    with pytest.raises(ApplicationError) as error:
        services.summit_confirm(summit=summit)
    assert error.value.message == (
        f"“{summit}” cannot be confirmed yet: it needs a venue, its start and end and an approved risk assessment."
    )
    summit.refresh_from_db()
    assert summit.status == SummitStatus.PLANNING


def test_confirm_refuses_a_submitted_but_unapproved_risk_assessment():
    summit = SummitFactory()
    services.risk_assessment_submit(assessment=summit.risk_assessment, document=SimpleUploadedFile("r.pdf", PDF_BYTES))
    with pytest.raises(ApplicationError, match="it needs an approved risk assessment"):
        services.summit_confirm(summit=summit)


def test_confirm_succeeds_with_everything_in_place():
    summit = SummitFactory()
    _approve(summit)
    assert services.summit_confirm(summit=summit).status == SummitStatus.CONFIRMED


def test_confirm_refused_from_draft_even_when_ready():
    summit = SummitFactory(status=SummitStatus.DRAFT)
    _approve(summit)
    with pytest.raises(ApplicationError, match="is draft, so it cannot be marked confirmed"):
        services.summit_confirm(summit=summit)


def test_held_only_after_the_end_time():
    summit = SummitFactory(status=SummitStatus.CONFIRMED)
    with pytest.raises(ApplicationError, match="has not finished yet"):
        services.summit_mark_held(summit=summit)
    after = summit.ends_at + timedelta(minutes=1)
    assert services.summit_mark_held(summit=summit, now=after).status == SummitStatus.HELD


def test_held_refused_unless_confirmed():
    summit = SummitFactory(status=SummitStatus.PLANNING)
    with pytest.raises(ApplicationError, match="cannot be marked held"):
        services.summit_mark_held(summit=summit, now=summit.ends_at + timedelta(days=1))


def test_evaluated_only_after_held():
    summit = SummitFactory(status=SummitStatus.CONFIRMED)
    with pytest.raises(ApplicationError, match="cannot be marked evaluated"):
        services.summit_evaluate(summit=summit)
    summit.status = SummitStatus.HELD
    summit.save()
    assert services.summit_evaluate(summit=summit).status == SummitStatus.EVALUATED


def test_cancel_records_reason_and_sends_signal_on_commit(coordinator, django_capture_on_commit_callbacks):
    summit = SummitFactory(status=SummitStatus.CONFIRMED)
    received = []

    def receiver(sender, **kwargs):
        received.append(kwargs)

    summit_cancelled.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.summit_cancel(summit=summit, reason="  Venue flooded ", cancelled_by=coordinator)
            assert received == []
    finally:
        summit_cancelled.disconnect(receiver)
    summit.refresh_from_db()
    assert summit.status == SummitStatus.CANCELLED and summit.cancellation_reason == "Venue flooded"
    assert summit.cancelled_at is not None
    assert len(received) == 1
    assert received[0]["summit"].pk == summit.pk and received[0]["reason"] == "Venue flooded"
    assert received[0]["cancelled_by"] == coordinator


def test_cancel_needs_a_reason():
    summit = SummitFactory()
    with pytest.raises(ApplicationError) as error:
        services.summit_cancel(summit=summit, reason=" ")
    assert error.value.field == "reason"


@pytest.mark.parametrize("status", [SummitStatus.HELD, SummitStatus.EVALUATED, SummitStatus.CANCELLED])
def test_cancel_refused_once_held_or_cancelled(status):
    summit = SummitFactory(status=status)
    with pytest.raises(ApplicationError, match="cannot be marked cancelled"):
        services.summit_cancel(summit=summit, reason="Too late")


def test_held_summit_allows_recording_attendance_only():
    summit = SummitFactory(status=SummitStatus.HELD)
    services.summit_update(summit=summit, data={"actual_attendance": 104, "estimated_reach": 1200})
    summit.refresh_from_db()
    assert summit.actual_attendance == 104
    with pytest.raises(ApplicationError, match="only the attendance, the reach and the notes"):
        services.summit_update(summit=summit, data={"title": "Renamed"})


# --- Budget --------------------------------------------------------------------------------------------------------


def test_engagement_fee_appears_in_the_budget_and_follows_changes():
    summit = SummitFactory()
    engagement = EngagementFactory.build(summit=summit, influencer=InfluencerFactory(), fee=Decimal("350.00"))
    services.engagement_save(engagement=engagement)
    line = BudgetLine.objects.get(engagement=engagement)
    assert line.category == "influencer_fees" and line.planned == Decimal("350.00")
    assert line.influencer_id == engagement.influencer_id
    engagement.fee = Decimal("400.00")
    services.engagement_save(engagement=engagement)
    assert BudgetLine.objects.get(engagement=engagement).planned == Decimal("400.00")
    engagement.status = EngagementStatus.WITHDRAWN
    services.engagement_save(engagement=engagement)
    assert not BudgetLine.objects.filter(engagement=engagement).exists()
    with pytest.raises(ApplicationError, match="change or remove it there"):
        engagement.status = EngagementStatus.AGREED
        services.engagement_save(engagement=engagement)
        services.budget_line_delete(line=BudgetLine.objects.get(engagement=engagement))


@pytest.mark.parametrize("status", [DueDiligenceStatus.NOT_CHECKED, DueDiligenceStatus.NOT_SUITABLE])
def test_engagement_refuses_influencers_not_cleared(status):
    engagement = EngagementFactory.build(
        summit=SummitFactory(), influencer=InfluencerFactory(due_diligence_status=status)
    )
    with pytest.raises(ApplicationError) as error:
        services.engagement_save(engagement=engagement)
    assert error.value.field == "influencer"


def test_budget_line_paying_an_engagement_must_be_a_fee():
    summit = SummitFactory()
    engagement = EngagementFactory(summit=summit)
    line = BudgetLineFactory.build(summit=summit, category="food", engagement=engagement)
    with pytest.raises(ApplicationError) as error:
        services.budget_line_save(line=line)
    assert error.value.field == "category"


def test_influencer_fee_must_pay_an_engagement():
    line = BudgetLineFactory.build(summit=SummitFactory(), category="influencer_fees", influencer=InfluencerFactory())
    with pytest.raises(ApplicationError, match="Choose the engagement this fee pays for") as error:
        services.budget_line_save(line=line)
    assert error.value.field == "engagement"
    assert not BudgetLine.objects.exists()


def test_influencer_fee_paying_an_engagement_takes_its_influencer():
    summit = SummitFactory()
    engagement = EngagementFactory(summit=summit, status=EngagementStatus.CONFIRMED)
    other = InfluencerFactory()
    line = BudgetLineFactory.build(summit=summit, category="influencer_fees", engagement=engagement, influencer=other)
    services.budget_line_save(line=line)
    assert BudgetLine.objects.get(engagement=engagement).influencer_id == engagement.influencer_id


@pytest.mark.parametrize("status", [DueDiligenceStatus.NOT_SUITABLE, DueDiligenceStatus.IN_PROGRESS])
def test_influencer_fee_refuses_an_influencer_who_may_not_be_booked(status):
    summit = SummitFactory()
    engagement = EngagementFactory(summit=summit)
    engagement.influencer.due_diligence_status = status
    engagement.influencer.save()
    line = BudgetLineFactory.build(summit=summit, category="influencer_fees", engagement=engagement)
    with pytest.raises(ApplicationError, match="cannot be booked"):
        services.budget_line_save(line=line)


def test_influencer_fee_refuses_an_engagement_of_another_summit_or_already_paid():
    summit = SummitFactory()
    elsewhere = EngagementFactory()
    with pytest.raises(ApplicationError, match="another summit"):
        services.budget_line_save(
            line=BudgetLineFactory.build(summit=summit, category="influencer_fees", engagement=elsewhere)
        )
    engagement = EngagementFactory(summit=summit)
    BudgetLineFactory(summit=summit, category="influencer_fees", engagement=engagement)
    with pytest.raises(ApplicationError, match="already has its own line"):
        services.budget_line_save(
            line=BudgetLineFactory.build(summit=summit, category="influencer_fees", engagement=engagement)
        )


def test_record_outcome_only_after_the_day_and_audited():
    summit = SummitFactory()
    with pytest.raises(ApplicationError, match="recorded once it has been held"):
        services.summit_record_outcome(summit=summit, head_count=10, estimated_reach=None, notes="")
    Summit.objects.filter(pk=summit.pk).update(status=SummitStatus.HELD)
    services.summit_record_outcome(summit=summit, head_count=104, estimated_reach=1050, notes="Lively")
    summit.refresh_from_db()
    assert (summit.actual_attendance, summit.estimated_reach, summit.notes) == (104, 1050, "Lively")
    event = AuditEvent.objects.get(action="summit.outcome")
    assert sorted(event.detail["fields"]) == ["actual_attendance", "estimated_reach", "notes"]


# --- Risk assessment -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,content,extension",
    [
        ("ra.pdf", PDF_BYTES, "pdf"),
        ("ra.docx", docx_bytes(), "docx"),
        ("ra.doc", bytes.fromhex("D0CF11E0A1B11AE1") + b"x" * 50, "doc"),
        ("named-wrongly.txt", PDF_BYTES, "pdf"),
    ],
)
def test_risk_document_type_is_judged_by_content(name, content, extension):
    summit = SummitFactory()
    risk = services.risk_assessment_submit(
        assessment=summit.risk_assessment, document=SimpleUploadedFile(name, content)
    )
    assert risk.status == RiskAssessmentStatus.SUBMITTED
    assert risk.document.name.endswith(f".{extension}") and risk.document_name == name
    with risk.document.open("rb") as stored:
        assert stored.read() == content


@pytest.mark.parametrize(
    "name,content",
    [
        ("fake.pdf", b"MZ\x90\x00 this is an executable"),
        ("photo.docx", b"\x89PNG\r\n\x1a\n"),
        ("archive.docx", docx_bytes(with_document=False)),
        ("broken.docx", b"PK\x03\x04 not really a zip"),
        ("empty.pdf", b""),
    ],
)
def test_risk_document_refuses_other_types_whatever_the_name(name, content):
    summit = SummitFactory()
    with pytest.raises(ApplicationError) as error:
        services.risk_assessment_submit(assessment=summit.risk_assessment, document=SimpleUploadedFile(name, content))
    assert error.value.field == "document" and "not a PDF or a Word document" in error.value.message
    summit.risk_assessment.refresh_from_db()
    assert summit.risk_assessment.status == RiskAssessmentStatus.NOT_STARTED and not summit.risk_assessment.document


def test_risk_document_over_the_size_limit_is_refused(settings):
    settings.RISK_ASSESSMENT_MAX_BYTES = 1024 * 1024
    summit = SummitFactory()
    big = SimpleUploadedFile("big.pdf", PDF_BYTES + b"0" * (1024 * 1024))
    with pytest.raises(ApplicationError, match="the limit is 1 MB") as error:
        services.risk_assessment_submit(assessment=summit.risk_assessment, document=big)
    assert error.value.field == "document"


def test_risk_decision_needs_the_approval_permission():
    summit = SummitFactory()
    services.risk_assessment_submit(assessment=summit.risk_assessment, document=SimpleUploadedFile("r.pdf", PDF_BYTES))
    plain = CoordinatorFactory()
    with pytest.raises(ApplicationError, match="do not hold the permission"):
        services.risk_assessment_decide(assessment=summit.risk_assessment, approve=True, note="", decided_by=plain)
    plain.user_permissions.add(Permission.objects.get(codename="approve_riskassessment"))
    plain = type(plain).objects.get(pk=plain.pk)  # permissions are cached per user object
    risk = services.risk_assessment_decide(
        assessment=summit.risk_assessment, approve=True, note="Fine", decided_by=plain
    )
    assert risk.status == RiskAssessmentStatus.APPROVED and risk.decided_by == plain
    assert risk.decided_at is not None and risk.decision_note == "Fine"


def test_risk_decision_permission_is_for_coordinators_only(oversight):
    oversight.groups.add(Group.objects.get(name="Risk assessment approvers"))
    summit = SummitFactory()
    services.risk_assessment_submit(assessment=summit.risk_assessment, document=SimpleUploadedFile("r.pdf", PDF_BYTES))
    with pytest.raises(ApplicationError, match="do not hold the permission"):
        services.risk_assessment_decide(assessment=summit.risk_assessment, approve=True, note="", decided_by=oversight)


def test_risk_returned_needs_a_note_and_can_be_resubmitted():
    summit = SummitFactory()
    risk = summit.risk_assessment
    services.risk_assessment_submit(assessment=risk, document=SimpleUploadedFile("r.pdf", PDF_BYTES))
    approver = _approver()
    with pytest.raises(ApplicationError) as error:
        services.risk_assessment_decide(assessment=risk, approve=False, note="", decided_by=approver)
    assert error.value.field == "note"
    risk = services.risk_assessment_decide(assessment=risk, approve=False, note="Add exits", decided_by=approver)
    assert risk.status == RiskAssessmentStatus.RETURNED
    risk = services.risk_assessment_submit(assessment=risk, document=SimpleUploadedFile("r2.pdf", PDF_BYTES))
    assert risk.status == RiskAssessmentStatus.SUBMITTED and risk.decided_by is None and risk.decision_note == ""


def test_risk_decision_refused_unless_submitted():
    summit = SummitFactory()
    with pytest.raises(ApplicationError, match="Only a submitted risk assessment"):
        services.risk_assessment_decide(
            assessment=summit.risk_assessment, approve=True, note="", decided_by=_approver()
        )


# --- Panel ---------------------------------------------------------------------------------------------------------


def _seat(summit, ethnicity="", gender="", age_band="", confirmed=True):
    return PanelSeatFactory(
        summit=summit,
        confirmed=confirmed,
        volunteer=VolunteerProfileFactory(ethnicity=ethnicity, gender=gender, age_band=age_band),
    )


def test_panel_composition_counts_not_stated_and_only_confirmed_seats():
    summit = SummitFactory()
    for _ in range(6):
        _seat(summit, "black", "woman", "35_44")
    _seat(summit, "black", "man", "")
    _seat(summit, "asian", "woman", "45_54")
    _seat(summit, "", "prefer_not_to_say", "45_54")
    _seat(summit, "", "man", "45_54")
    _seat(summit, "white", "man", "25_34", confirmed=False)
    composition = panel_composition(summit.panel_seats.select_related("volunteer"))
    assert composition.shown and composition.size == 10
    ethnicity = dict(composition.groups["Ethnicity"])
    assert ethnicity["Black, Black British, Caribbean or African"] == "7"
    assert ethnicity["Asian or Asian British"] == "<5" and ethnicity["Not stated"] == "<5"
    assert composition.groups["Gender"][:2] == [("Woman", "7"), ("Man", "<5")]
    assert dict(composition.groups["Age"])["35 to 44"] == "6"


def test_panel_composition_hides_a_cell_of_one():
    """Nine women and one man: "Man 1" would name him. Every other choice is listed too (hidden, at 0), so the
    total minus "Woman 9" gives only the sum of five hidden cells, never his."""
    summit = SummitFactory()
    for _ in range(9):
        _seat(summit, "black", "woman", "35_44")
    _seat(summit, "black", "man", "35_44")
    gender = dict(panel_composition(summit.panel_seats.select_related("volunteer")).groups["Gender"])
    assert gender["Man"] == "<5" and gender["Woman"] == "9"
    assert list(gender.values()).count("<5") == len(gender) - 1


def test_panel_composition_hidden_for_a_small_panel():
    summit = SummitFactory()
    for _ in range(9):
        _seat(summit, "black", "woman")
    composition = panel_composition(summit.panel_seats.select_related("volunteer"))
    assert not composition.shown and composition.size == 9 and composition.groups == {}


def test_panel_has_one_moderator_and_no_double_seats():
    summit = SummitFactory()
    first = services.panel_seat_save(
        seat=PanelSeatFactory.build(summit=summit, volunteer=VolunteerProfileFactory(), is_moderator=True)
    )
    second = services.panel_seat_save(
        seat=PanelSeatFactory.build(summit=summit, volunteer=VolunteerProfileFactory(), is_moderator=True)
    )
    first.refresh_from_db()
    assert not first.is_moderator and second.is_moderator
    with pytest.raises(ApplicationError, match="already has a seat"):
        services.panel_seat_save(seat=PanelSeatFactory.build(summit=summit, volunteer=second.volunteer))


# --- Copy from a past summit -------------------------------------------------------------------------------------


def test_copy_brings_stalls_budget_plan_and_hosts_without_fees(coordinator):
    source = SummitFactory(status=SummitStatus.PLANNING, actual_attendance=104, notes="Loved the jollof")
    StallFactory(summit=source, volunteers_needed=3)
    BudgetLineFactory(summit=source, category="food", planned=Decimal("1200.00"), actual=Decimal("1250.00"))
    host = InfluencerFactory()
    services.engagement_save(engagement=EngagementFactory.build(summit=source, influencer=host, fee=Decimal("500")))
    Summit.objects.filter(pk=source.pk).update(status=SummitStatus.HELD)
    source.refresh_from_db()
    EngagementFactory(summit=source, influencer=InfluencerFactory(due_diligence_status=DueDiligenceStatus.NOT_SUITABLE))
    PlanningTask.objects.create(summit=source, title="Old task", days_before=3)
    starts = _start(100)

    copy, warnings = services.summit_copy(
        source=source,
        title="Hackney summit 2",
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
        created_by=coordinator,
    )
    assert warnings == []
    assert copy.status == SummitStatus.DRAFT and copy.copied_from == source and copy.actual_attendance is None
    assert copy.venue == source.venue and copy.lead_coordinator == coordinator
    assert [(s.unit_id, s.volunteers_needed, s.confirmed) for s in copy.stalls.all()] == [
        (source.stalls.get().unit_id, 3, False)
    ]
    assert [(line.category, line.planned, line.actual) for line in copy.budget_lines.all()] == [
        ("food", Decimal("1200.00"), None)
    ]
    assert [(e.influencer_id, e.fee, e.status) for e in copy.engagements.all()] == [(host.pk, Decimal("0.00"), "asked")]
    assert copy.tasks.count() == 13 and not copy.tasks.filter(title="Old task").exists()
    assert copy.risk_assessment.status == RiskAssessmentStatus.NOT_STARTED


def test_copy_to_a_close_date_warns(coordinator):
    source = SummitFactory(status=SummitStatus.HELD)
    starts = _start(20)
    _, warnings = services.summit_copy(
        source=source, title="Soon", starts_at=starts, ends_at=starts + timedelta(hours=2)
    )
    assert len(warnings) == 1 and "only 20 days away" in warnings[0]


def test_venue_save_validates(coordinator):
    venue = VenueFactory.build(name="")
    with pytest.raises(ApplicationError) as error:
        services.venue_save(venue=venue)
    assert error.value.field == "name"


def test_choosing_a_template_for_the_panel_gives_the_summit_its_own_copy():
    from media_appearances.models import QuestionSet

    template = QuestionSet.objects.get(name="Standard interview")
    summit, _ = services.summit_create(data={"title": "Woolwich panel", "question_set": template})
    copy = summit.question_set
    assert copy.pk != template.pk and copy.copied_from == template and copy.is_template is False
    assert [item.text for item in copy.items.all()] == [item.text for item in template.items.all()]
    services.summit_update(summit=summit, data={"question_set": copy})
    summit.refresh_from_db()
    assert summit.question_set == copy  # keeping its own copy copies nothing more
    assert QuestionSet.objects.filter(copied_from=template).count() == 1


def test_parts_of_a_closed_summit_cannot_change_through_the_services():
    from events.enums import SummitStatus
    from tests.events.factories import BudgetLineFactory, StallFactory

    summit = SummitFactory(status=SummitStatus.HELD)
    stall = StallFactory(summit=summit)
    with pytest.raises(ApplicationError, match="is held: it can no longer be changed"):
        services.stall_save(stall=stall)
    with pytest.raises(ApplicationError, match="can no longer be changed"):
        services.stall_delete(stall=stall)
    line = BudgetLineFactory(summit=summit)
    line.actual = Decimal("12.50")
    services.budget_line_save(line=line)  # actual costs may still be recorded after the day
    with pytest.raises(ApplicationError, match="can no longer be changed"):
        services.budget_line_delete(line=line)
    summit.status = SummitStatus.CANCELLED
    summit.save()
    with pytest.raises(ApplicationError, match="is cancelled"):
        services.budget_line_save(line=line)
