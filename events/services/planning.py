import zipfile
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from btb.audit import audit_record
from btb.errors import ApplicationError, full_clean
from influencers.services import influencer_assert_bookable

from ..enums import BudgetCategory, EngagementStatus, RiskAssessmentStatus, TaskMirror
from ..models import BudgetLine, ChecklistStep, PlanningTask, RiskAssessment, Summit
from ..rules import can_decide_risk
from .guards import summit_assert_changeable
from .risk_notices import risk_assessment_notices_queue


def full_lead_days() -> int:
    """The checklist's longest lead: how many days before the summit its first step falls due."""
    longest = ChecklistStep.objects.filter(active=True).aggregate(longest=Max("days_before"))["longest"]
    return max(longest or 0, 0)


def _due_on(summit: Summit, days_before: int, *, longest: int | None = None, today=None):
    """The day a task falls due. With less lead time than the checklist's longest, the steps before the summit
    are squeezed into the days that are left (the first one due today, the rest in proportion), so a summit at
    short notice is not born with tasks overdue. Steps after the summit keep their own distance."""
    if summit.starts_at is None:
        return None
    start = timezone.localdate(summit.starts_at)
    today = today or timezone.localdate()
    longest = full_lead_days() if longest is None else longest
    lead = (start - today).days
    if days_before > 0 and 0 <= lead < longest:
        days_before = (days_before * lead) // longest
    return start - timedelta(days=days_before)


@transaction.atomic
def checklist_generate(*, summit: Summit, planned_from=None) -> list[PlanningTask]:
    """Replace the tasks not yet done with one per active step of the template, owned by the lead coordinator; those
    mirroring what the summit already records tick themselves. ``planned_from`` is the day planning started (today
    unless a history is being written, as the demo does): the lead time counted for squeezing due dates."""
    summit.tasks.filter(done_at__isnull=True, step__isnull=False).delete()
    done_steps = set(summit.tasks.filter(step__isnull=False).values_list("step_id", flat=True))
    longest = full_lead_days()
    tasks = PlanningTask.objects.bulk_create(
        PlanningTask(
            summit=summit,
            step=step,
            title=step.title,
            days_before=step.days_before,
            due_on=_due_on(summit, step.days_before, longest=longest, today=planned_from),
            owner_id=summit.lead_coordinator_id,
        )
        for step in ChecklistStep.objects.filter(active=True)
        if step.pk not in done_steps
    )
    checklist_sync(summit=summit)
    return tasks


@transaction.atomic
def checklist_redate(*, summit: Summit) -> int:
    """After the summit moves, tasks not yet done fall due the same number of days before the new date (squeezed
    when the lead time left is short)."""
    tasks = list(summit.tasks.filter(done_at__isnull=True))
    longest = full_lead_days()
    for task in tasks:
        task.due_on = _due_on(summit, task.days_before, longest=longest)
    PlanningTask.objects.bulk_update(tasks, ["due_on"])
    return len(tasks)


def mirrored_state(summit: Summit) -> dict[str, bool]:
    """Whether each thing a checklist step can mirror is so for this summit."""
    risk = RiskAssessment.objects.filter(summit=summit).values_list("status", flat=True).first()
    return {
        TaskMirror.RISK_SUBMITTED: risk in (RiskAssessmentStatus.SUBMITTED, RiskAssessmentStatus.APPROVED),
        TaskMirror.VENUE_SET: summit.venue_id is not None,
        TaskMirror.TICKETING_LIVE: bool(summit.ticketing_url),
        TaskMirror.QUESTION_SET: summit.question_set_id is not None,
    }


def checklist_sync(*, summit: Summit, now=None) -> int:
    """Tick the tasks whose step mirrors something now true of the summit, and untick those that ticked themselves
    when it is no longer so (a task a person ticked stays ticked). Inside the caller's transaction; returns how many
    changed."""
    if not summit.is_open:
        return 0
    now = now or timezone.now()
    state = mirrored_state(summit)
    changed = 0
    tasks = summit.tasks.select_for_update(of=("self",)).select_related("step").exclude(step__mirrors="")
    for task in tasks.filter(step__isnull=False):
        is_so = state.get(task.step.mirrors, False)
        if is_so and task.done_at is None:
            task.done_at, task.done_by = now, None
        elif not is_so and task.ticked_itself:
            task.done_at = None
            task.due_on = _due_on(summit, task.days_before)
        else:
            continue
        task.save(update_fields=["done_at", "done_by", "due_on"])
        changed += 1
    return changed


@transaction.atomic
def task_save(*, task: PlanningTask) -> PlanningTask:
    summit_assert_changeable(task.summit)
    if not task.title.strip():
        raise ApplicationError(_("Give the task a title."), field="title")
    task.due_on = _due_on(task.summit, task.days_before)
    task.save()
    return task


@transaction.atomic
def task_set_done(*, task: PlanningTask, done: bool, by=None) -> PlanningTask:
    task = PlanningTask.objects.select_for_update().select_related("summit").get(pk=task.pk)
    summit_assert_changeable(task.summit)
    if done and task.done_at is None:
        task.done_at, task.done_by = timezone.now(), by
    elif not done and task.done_at is not None:
        task.done_at, task.done_by = None, None
        task.due_on = _due_on(task.summit, task.days_before)
    task.save(update_fields=["done_at", "done_by", "due_on"])
    return task


@transaction.atomic
def budget_line_save(*, line: BudgetLine) -> BudgetLine:
    summit_assert_changeable(line.summit, after_the_day=True)
    engagement = line.engagement
    if engagement is not None and line.category != BudgetCategory.INFLUENCER_FEES:
        raise ApplicationError(_("A line paying an influencer belongs under “Influencer fees”."), field="category")
    if line.category == BudgetCategory.INFLUENCER_FEES and engagement is None:
        raise ApplicationError(
            _("Choose the engagement this fee pays for (engage the influencer under “Hosts and influencers” first)."),
            field="engagement",
        )
    if engagement is not None:
        if engagement.summit_id != line.summit_id:
            raise ApplicationError(_("That engagement is for another summit."), field="engagement")
        previous = BudgetLine.objects.filter(pk=line.pk).values_list("engagement_id", flat=True).first()
        if previous != engagement.pk:  # a new payee: only someone who may be booked
            if engagement.status == EngagementStatus.WITHDRAWN:
                raise ApplicationError(
                    _("%(influencer)s has withdrawn from this summit.") % {"influencer": engagement.influencer},
                    field="engagement",
                )
            influencer_assert_bookable(influencer=engagement.influencer)
            if BudgetLine.objects.filter(engagement=engagement).exclude(pk=line.pk).exists():
                raise ApplicationError(_("That engagement's fee already has its own line."), field="engagement")
        line.influencer_id = engagement.influencer_id
    else:
        line.influencer = None
    full_clean(line, exclude=["summit", "engagement"])
    line.save()
    return line


@transaction.atomic
def budget_line_delete(*, line: BudgetLine) -> None:
    summit_assert_changeable(line.summit)
    if line.engagement_id:
        raise ApplicationError(_("This fee comes from an influencer's engagement: change or remove it there."))
    line.delete()


# --- Risk assessment ----------------------------------------------------------------------------------------------

PDF = ("pdf", "application/pdf")
DOCX = ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
DOC = ("doc", "application/msword")
OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")


def risk_document_max_bytes() -> int:
    return settings.RISK_ASSESSMENT_MAX_BYTES


def risk_document_check(upload) -> tuple[str, str]:
    """Return (extension, content type) of a PDF or Word document, judged by its content, never by its name."""
    limit = risk_document_max_bytes()
    if upload.size > limit:
        raise ApplicationError(
            _("The file is %(size)s MB; the limit is %(limit)s MB. Save it as a smaller PDF and try again.")
            % {"size": f"{upload.size / 1_048_576:.1f}", "limit": limit // 1_048_576},
            field="document",
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head == OLE2_MAGIC:
        return DOC
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError):
            names = set()
        finally:
            upload.seek(0)
        if "word/document.xml" in names:
            return DOCX
    raise ApplicationError(
        _(
            "This file is not a PDF or a Word document. Upload the risk assessment as a PDF (.pdf) or Word (.docx, "
            ".doc) file."
        ),
        field="document",
    )


@transaction.atomic
def risk_assessment_submit(*, assessment: RiskAssessment, document, submitted_by=None) -> RiskAssessment:
    """Upload the document and put it forward for a decision. A returned one can be submitted again."""
    assessment = RiskAssessment.objects.select_for_update().select_related("summit").get(pk=assessment.pk)
    if not assessment.summit.is_open:
        raise ApplicationError(_("This summit is no longer being planned."))
    if assessment.status == RiskAssessmentStatus.APPROVED:
        raise ApplicationError(_("The risk assessment is already approved."))
    if document is None:
        raise ApplicationError(_("Choose the risk assessment document to upload."), field="document")
    extension, _content_type = risk_document_check(document)
    original = getattr(document, "name", "") or f"risk-assessment.{extension}"
    old = assessment.document.name if assessment.document else None
    assessment.document.save(f"upload.{extension}", document, save=False)
    assessment.document_name = original.rsplit("/", 1)[-1][:200]
    assessment.status = RiskAssessmentStatus.SUBMITTED
    assessment.submitted_by = submitted_by
    assessment.submitted_at = timezone.now()
    assessment.decided_by, assessment.decided_at, assessment.decision_note = None, None, ""
    assessment.save()
    checklist_sync(summit=assessment.summit)
    risk_assessment_notices_queue(assessment=assessment, submitted=True)
    if old:
        storage = assessment.document.storage
        transaction.on_commit(lambda: storage.delete(old))
    return assessment


@transaction.atomic
def risk_assessment_decide(*, assessment: RiskAssessment, approve: bool, note: str, decided_by) -> RiskAssessment:
    """Approve or return a submitted risk assessment. Any coordinator with the approval permission may decide."""
    if not can_decide_risk(decided_by):
        raise ApplicationError(_("You do not hold the permission to approve risk assessments."))
    assessment = RiskAssessment.objects.select_for_update().select_related("summit").get(pk=assessment.pk)
    if assessment.status != RiskAssessmentStatus.SUBMITTED:
        raise ApplicationError(
            _("Only a submitted risk assessment can be decided; this one is “%(status)s”.")
            % {"status": assessment.get_status_display().lower()}
        )
    note = (note or "").strip()
    if not approve and not note:
        raise ApplicationError(_("Say what needs to change before it can be approved."), field="note")
    assessment.status = RiskAssessmentStatus.APPROVED if approve else RiskAssessmentStatus.RETURNED
    assessment.decided_by = decided_by
    assessment.decided_at = timezone.now()
    assessment.decision_note = note
    assessment.save()
    audit_record(actor=decided_by, action=f"risk_assessment.{assessment.status}", obj=assessment)
    checklist_sync(summit=assessment.summit)
    risk_assessment_notices_queue(assessment=assessment, submitted=False)
    return assessment
