import csv
import io
import logging
import re
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext

from btb.accounts.models import VolunteerProfile
from btb.aggregates import aggregates_invalidate
from btb.audit import audit_record
from btb.errors import ApplicationError
from btb.imports import field_changes
from influencers.services import influencer_assert_bookable

from . import notices, sentiment, signals
from .enums import AppearanceStatus, ParticipantRole, Sentiment
from .models import (
    Appearance,
    AppearanceParticipant,
    LivestreamComment,
    MetricSnapshot,
    Outlet,
    Question,
    QuestionSet,
    QuestionSetItem,
)

logger = logging.getLogger(__name__)

MAX_COMMENTS_PER_UPLOAD = 5000
MAX_SNAPSHOT_ROWS = 2000


# --- Outlets ------------------------------------------------------------------------------------------------------


@transaction.atomic
def outlet_save(*, outlet: Outlet | None = None, data: dict) -> Outlet:
    outlet = outlet or Outlet()
    communities = data.pop("communities", None)
    for name, value in data.items():
        setattr(outlet, name, value)
    outlet.full_clean()
    outlet.save()
    if communities is not None:
        outlet.communities.set(communities)
    return outlet


# --- Question bank and question sets ------------------------------------------------------------------------------


@transaction.atomic
def question_save(*, question: Question | None = None, data: dict) -> Question:
    question = question or Question()
    for name, value in data.items():
        setattr(question, name, value)
    question.full_clean()
    question.save()
    return question


@transaction.atomic
def question_set_create(
    *, name: str, questions: list[Question], description: str = "", is_template: bool = True
) -> QuestionSet:
    """A new set holding the given bank questions in the given order."""
    if not questions:
        raise ApplicationError(gettext("Choose at least one question from the bank."), field="questions")
    question_set = QuestionSet.objects.create(name=name, description=description, is_template=is_template)
    QuestionSetItem.objects.bulk_create(
        QuestionSetItem(
            question_set=question_set,
            question=question,
            text=question.text,
            preparation_notes=question.preparation_notes,
            position=position,
        )
        for position, question in enumerate(questions, start=1)
    )
    return question_set


@transaction.atomic
def question_set_copy(*, source: QuestionSet, name: str | None = None, tailoring_note: str = "") -> QuestionSet:
    """Copy a set so it can be tailored for one appearance or panel without changing the original."""
    copy = QuestionSet.objects.create(
        name=(name or f"{source.name} (copy)")[:120],
        description=source.description,
        tailoring_note=tailoring_note,
        copied_from=source,
        is_template=False,
    )
    QuestionSetItem.objects.bulk_create(
        QuestionSetItem(
            question_set=copy,
            question_id=item.question_id,
            text=item.text,
            preparation_notes=item.preparation_notes,
            position=position,
        )
        for position, item in enumerate(source.items.order_by("position", "pk"), start=1)
    )
    return copy


@transaction.atomic
def question_set_update(*, question_set: QuestionSet, name: str, description: str, tailoring_note: str) -> QuestionSet:
    question_set.name = name
    question_set.description = description
    question_set.tailoring_note = tailoring_note
    question_set.full_clean()
    question_set.save()
    return question_set


def _renumber(question_set: QuestionSet, item_ids: list[int]) -> None:
    items = {item.pk: item for item in question_set.items.all()}
    for position, pk in enumerate(item_ids, start=1):
        items[pk].position = position
    QuestionSetItem.objects.bulk_update(items.values(), ["position"])


@transaction.atomic
def question_set_reorder(*, question_set: QuestionSet, item_ids: list[int]) -> None:
    """Put the set's questions in the given order; the list must name each of its questions once."""
    QuestionSet.objects.select_for_update().filter(pk=question_set.pk).first()
    current = set(question_set.items.values_list("pk", flat=True))
    if len(item_ids) != len(set(item_ids)) or set(item_ids) != current:
        raise ApplicationError(
            gettext("The new order must list every question in the set exactly once. Reload and retry.")
        )
    _renumber(question_set, item_ids)


@transaction.atomic
def question_set_item_move(*, item: QuestionSetItem, offset: int) -> None:
    """Move a question up (offset -1) or down (+1) in its set; at either end nothing changes."""
    ordered = list(item.question_set.items.order_by("position", "pk").values_list("pk", flat=True))
    index = ordered.index(item.pk)
    target = index + offset
    if 0 <= target < len(ordered):
        ordered[index], ordered[target] = ordered[target], ordered[index]
    question_set_reorder(question_set=item.question_set, item_ids=ordered)


@transaction.atomic
def question_set_item_add(*, question_set: QuestionSet, question: Question) -> QuestionSetItem:
    last = question_set.items.aggregate(last=Max("position"))["last"] or 0
    return QuestionSetItem.objects.create(
        question_set=question_set,
        question=question,
        text=question.text,
        preparation_notes=question.preparation_notes,
        position=last + 1,
    )


@transaction.atomic
def question_set_item_update(*, item: QuestionSetItem, text: str, preparation_notes: str) -> QuestionSetItem:
    """Tailor one question of a set; the bank and other sets keep their wording."""
    item.text = text
    item.preparation_notes = preparation_notes
    item.full_clean()
    item.save(update_fields=["text", "preparation_notes"])
    return item


@transaction.atomic
def question_set_item_remove(*, item: QuestionSetItem) -> None:
    question_set = item.question_set
    item.delete()
    _renumber(question_set, list(question_set.items.order_by("position", "pk").values_list("pk", flat=True)))


# --- Appearances --------------------------------------------------------------------------------------------------


def _check_presenter(appearance: Appearance) -> None:
    if appearance.influencer_id:
        if appearance.external_presenter:
            raise ApplicationError(
                gettext("Choose an influencer or name another presenter, not both."), field="external_presenter"
            )
        influencer_assert_bookable(influencer=appearance.influencer)


@transaction.atomic
def appearance_create(
    *, data: dict, template: QuestionSet | None = None, tailoring_note: str = "", by=None
) -> Appearance:
    """Log a proposed appearance; a chosen question set is copied so it can be tailored for this appearance."""
    appearance = Appearance(**data)
    _check_presenter(appearance)
    appearance.full_clean(exclude=["question_set"])
    if template is not None:
        appearance.question_set = question_set_copy(
            source=template, name=f"{appearance.title} ({appearance.starts_at:%d %b %Y})", tailoring_note=tailoring_note
        )
    appearance.save()
    audit_record(actor=by, action="appearance.create", obj=appearance)
    return appearance


@transaction.atomic
def appearance_update(*, appearance: Appearance, data: dict, by=None) -> Appearance:
    previous_influencer = Appearance.objects.filter(pk=appearance.pk).values_list("influencer_id", flat=True).get()
    changed = sorted(name for name, value in data.items() if getattr(appearance, name) != value)
    for name, value in data.items():
        setattr(appearance, name, value)
    if appearance.influencer_id != previous_influencer or appearance.status == AppearanceStatus.PROPOSED:
        _check_presenter(appearance)
    appearance.full_clean(exclude=["question_set"])
    appearance.save()
    audit_record(actor=by, action="appearance.update", obj=appearance, fields=changed)
    return appearance


@transaction.atomic
def appearance_choose_question_set(
    *, appearance: Appearance, template: QuestionSet, tailoring_note: str = ""
) -> QuestionSet:
    if appearance.question_set_id:
        raise ApplicationError(gettext("This appearance already has its own question set; tailor that one instead."))
    appearance.question_set = question_set_copy(
        source=template, name=f"{appearance.title} ({appearance.starts_at:%d %b %Y})", tailoring_note=tailoring_note
    )
    appearance.save(update_fields=["question_set", "updated_at"])
    return appearance.question_set


def _locked(appearance: Appearance) -> Appearance:
    return Appearance.objects.select_for_update(of=("self",)).select_related("influencer").get(pk=appearance.pk)


def _refuse(appearance: Appearance, action: str) -> ApplicationError:
    return ApplicationError(
        gettext("A %(status)s appearance cannot be %(action)s.")
        % {"status": appearance.get_status_display().lower(), "action": action}
    )


def _assert_can_become(appearance: Appearance, status: AppearanceStatus, action: str) -> None:
    if not appearance.can_become(status):
        raise _refuse(appearance, action)


@transaction.atomic
def appearance_confirm(*, appearance: Appearance, by=None) -> Appearance:
    appearance = _locked(appearance)
    _assert_can_become(appearance, AppearanceStatus.CONFIRMED, "confirmed")
    if not appearance.influencer_id and not appearance.external_presenter:
        raise ApplicationError(gettext("Add a presenter before confirming: a cleared influencer or a named presenter."))
    _check_presenter(appearance)
    if not appearance.participants.filter(role__in=[ParticipantRole.INTERVIEWEE, ParticipantRole.PANELLIST]).exists():
        raise ApplicationError(
            gettext("Add at least one officer or member of staff to be interviewed before confirming.")
        )
    appearance.status = AppearanceStatus.CONFIRMED
    appearance.save(update_fields=["status", "updated_at"])
    audit_record(actor=by, action="appearance.confirmed", obj=appearance)
    return appearance


@transaction.atomic
def appearance_mark_recorded(*, appearance: Appearance, now=None, by=None) -> Appearance:
    appearance = _locked(appearance)
    _assert_can_become(appearance, AppearanceStatus.RECORDED, "marked as recorded")
    if appearance.starts_at > (now or timezone.now()):
        raise ApplicationError(
            gettext("This appearance has not started yet; mark it as recorded once it has taken place.")
        )
    appearance.status = AppearanceStatus.RECORDED
    appearance.save(update_fields=["status", "updated_at"])
    audit_record(actor=by, action="appearance.recorded", obj=appearance)
    transaction.on_commit(lambda: signals.appearance_recorded.send(sender=Appearance, appearance=appearance))
    return appearance


@transaction.atomic
def appearance_publish(*, appearance: Appearance, published_url: str, by=None) -> Appearance:
    appearance = _locked(appearance)
    _assert_can_become(appearance, AppearanceStatus.PUBLISHED, "published")
    if not published_url:
        raise ApplicationError(gettext("Give the link where the appearance was published."), field="published_url")
    appearance.published_url = published_url
    appearance.full_clean(exclude=["question_set"])
    appearance.status = AppearanceStatus.PUBLISHED
    appearance.save(update_fields=["status", "published_url", "updated_at"])
    audit_record(actor=by, action="appearance.published", obj=appearance)
    return appearance


@transaction.atomic
def appearance_cancel(*, appearance: Appearance, reason: str = "", by=None) -> Appearance:
    appearance = _locked(appearance)
    _assert_can_become(appearance, AppearanceStatus.CANCELLED, "cancelled")
    appearance.status = AppearanceStatus.CANCELLED
    appearance.cancelled_reason = reason[:300]
    appearance.save(update_fields=["status", "cancelled_reason", "updated_at"])
    audit_record(actor=by, action="appearance.cancelled", obj=appearance)
    notices.cancellation_notices_queue(appearance=appearance)
    # Inside the transaction: what hangs off the appearance in the apps above (interview sign-ups) ends with it,
    # and if that fails the appearance is not cancelled either.
    signals.appearance_cancelled.send(sender=Appearance, appearance=appearance)
    return appearance


# --- Participants -------------------------------------------------------------------------------------------------


@transaction.atomic
def participant_add(
    *,
    appearance: Appearance,
    volunteer: VolunteerProfile,
    role: str = ParticipantRole.INTERVIEWEE,
    out_of_uniform: bool = True,
) -> AppearanceParticipant:
    if appearance.is_closed:
        raise _refuse(appearance, "given new participants")
    if not volunteer.user.is_active:
        raise ApplicationError(
            gettext("%(volunteer)s no longer has an active account.") % {"volunteer": volunteer}, field="volunteer"
        )
    try:
        with transaction.atomic():
            participant = AppearanceParticipant.objects.create(
                appearance=appearance, volunteer=volunteer, role=role, out_of_uniform=out_of_uniform
            )
    except IntegrityError:
        raise ApplicationError(
            gettext("%(volunteer)s already takes part in this appearance.") % {"volunteer": volunteer},
            field="volunteer",
        ) from None
    notices.officer_added_queue(participant=participant)
    return participant


@transaction.atomic
def participant_remove(*, participant: AppearanceParticipant) -> None:
    if participant.appearance.is_published:
        raise ApplicationError(gettext("The appearance is published; its participants are part of the record."))
    participant.delete()


# --- Metrics ------------------------------------------------------------------------------------------------------


@transaction.atomic
def metric_snapshot_record(*, appearance: Appearance, recorded_on, **metrics) -> MetricSnapshot:
    """Record the numbers for a day; a second entry for the same day replaces the first."""
    unknown = set(metrics) - set(MetricSnapshot.METRICS)
    if unknown:
        raise ApplicationError(gettext("Unknown metrics: %(metrics)s.") % {"metrics": ", ".join(sorted(unknown))})
    if all(metrics.get(name) is None for name in MetricSnapshot.METRICS):
        raise ApplicationError(gettext("Enter at least one number."))
    if recorded_on > timezone.localdate():
        raise ApplicationError(gettext("The date cannot be in the future."), field="recorded_on")
    snapshot, _ = MetricSnapshot.objects.update_or_create(
        appearance=appearance,
        recorded_on=recorded_on,
        defaults={name: metrics.get(name) for name in MetricSnapshot.METRICS},
    )
    return snapshot


class RowErrors(ApplicationError):
    """An import refused because of bad rows; ``rows`` lists (row number, message), row 1 being the header."""

    def __init__(self, rows: list[tuple[int, str]]):
        super().__init__(f"Nothing was imported: {len(rows)} row{'s' if len(rows) != 1 else ''} need fixing.")
        self.rows = rows


SNAPSHOT_COLUMNS = {"date": "recorded_on", **{name: name for name in MetricSnapshot.METRICS}}


def _read_csv(data: bytes) -> list[dict]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ApplicationError(gettext("The file is not UTF-8 text. Save it as “CSV UTF-8” and try again.")) from None
    reader = csv.DictReader(io.StringIO(text))
    try:
        header = [(name or "").strip().lower() for name in (reader.fieldnames or [])]
        if "date" not in header:
            raise ApplicationError(
                "The first row must name the columns: date, then any of " + ", ".join(MetricSnapshot.METRICS) + "."
            )
        reader.fieldnames = header
        return list(reader)
    except csv.Error as error:
        # e.g. a cell past the csv module's field limit (131,072 characters) or a stray NUL byte
        raise ApplicationError(
            gettext("The file is malformed on row %(line_num)s: %(error)s. Save it as “CSV UTF-8” and try again.")
            % {"line_num": reader.line_num, "error": error}
        ) from None


METRIC_LABELS = {
    "views": "Views",
    "likes": "Likes",
    "comments": "Comments",
    "shares": "Shares",
    "live_audience": "Live audience",
}


def _counts_shown(values: dict) -> dict:
    return {name: None if value is None else f"{value:,}" for name, value in values.items()}


def metric_snapshots_plan(*, appearance: Appearance, data: bytes) -> dict:
    """What importing a CSV file of dated snapshots would do, with nothing written: each accepted row creates a day's
    snapshot, changes a stored one (old → new per number) or changes nothing, and each rejected row has its row
    number and reason. A blank cell (or a column the file lacks) keeps the stored number. Reads the stored
    snapshots in one query. Raises ApplicationError when the file itself cannot be used."""
    from .forms import MetricSnapshotForm

    rows = _read_csv(data)
    if not rows:
        raise ApplicationError(gettext("The file has no rows under its header."))
    if len(rows) > MAX_SNAPSHOT_ROWS:
        raise ApplicationError(
            gettext("The file has more than %(max_snapshot_rows)s rows; split it up.")
            % {"max_snapshot_rows": MAX_SNAPSHOT_ROWS}
        )
    errors, accepted, seen = [], [], {}
    for number, row in enumerate(rows, start=2):
        values = {field: (row.get(column) or "").strip().replace(",", "") for column, field in SNAPSHOT_COLUMNS.items()}
        form = MetricSnapshotForm(data=values)
        if not form.is_valid():
            problems = "; ".join(
                f"{form.fields[name].label if name in form.fields else 'row'}: {' '.join(messages)}"
                for name, messages in form.errors.items()
            )
            errors.append((number, problems))
            continue
        day = form.cleaned_data["recorded_on"]
        if day in seen:
            errors.append(
                (
                    number,
                    gettext("date: %(day)s is already on row %(row)s.") % {"day": f"{day:%d/%m/%Y}", "row": seen[day]},
                )
            )
            continue
        seen[day] = number
        accepted.append((number, form.cleaned_data))
    stored = {snapshot.recorded_on: snapshot for snapshot in appearance.snapshots.filter(recorded_on__in=seen)}
    planned = []
    for number, cleaned in accepted:
        day = cleaned["recorded_on"]
        incoming = {name: cleaned.get(name) for name in MetricSnapshot.METRICS}
        snapshot = stored.get(day)
        if snapshot is None:
            shown = [(METRIC_LABELS[name], f"{value:,}") for name, value in incoming.items() if value is not None]
            planned.append(
                {"row": number, "day": day, "action": "create", "values": incoming, "shown": shown, "changes": []}
            )
            continue
        old = {name: getattr(snapshot, name) for name in MetricSnapshot.METRICS}
        merged = {name: old[name] if incoming[name] is None else incoming[name] for name in MetricSnapshot.METRICS}
        kept = [
            METRIC_LABELS[name] for name in MetricSnapshot.METRICS if incoming[name] is None and old[name] is not None
        ]
        changes = field_changes(METRIC_LABELS, _counts_shown(old), _counts_shown(merged))
        action = "change" if changes else "same"
        planned.append(
            {
                "row": number,
                "day": day,
                "action": action,
                "values": merged,
                "shown": [],
                "changes": changes,
                "kept": kept,
            }
        )
    counts = {action: sum(1 for row in planned if row["action"] == action) for action in ("create", "change", "same")}
    return {"rows": planned, "rejected": errors, "counts": {**counts, "rejected": len(errors)}}


def metric_snapshots_import(*, appearance: Appearance, data: bytes) -> int:
    """Import dated snapshots from a CSV file, as ``metric_snapshots_plan`` shows it. Every row is checked first; if
    any row is bad, nothing is written and each bad row is reported with its row number. A blank cell never
    overwrites a stored number. Writes in one statement; returns the number of accepted rows."""
    plan = metric_snapshots_plan(appearance=appearance, data=data)
    if plan["rejected"]:
        raise RowErrors(plan["rejected"])
    writes = [
        MetricSnapshot(appearance=appearance, recorded_on=row["day"], **row["values"])
        for row in plan["rows"]
        if row["action"] != "same"
    ]
    with transaction.atomic():
        MetricSnapshot.objects.bulk_create(
            writes,
            update_conflicts=True,
            unique_fields=["appearance", "recorded_on"],
            update_fields=list(MetricSnapshot.METRICS),
        )
        if writes:
            aggregates_invalidate()  # bulk writes send no signals: the cached figures must go now
    return len(plan["rows"])


# --- Livestream comments ------------------------------------------------------------------------------------------

_MENTION = re.compile(r"@[\w.]+")


def comment_texts_from_upload(*, data: bytes, filename: str) -> list[str]:
    """The comment texts in an uploaded .txt (one per line) or .csv file (its comment, text or message column);
    any other column, such as who wrote it, is never read."""
    if not filename.lower().endswith((".csv", ".txt")):
        raise ApplicationError(gettext("Upload a .txt or .csv file (or paste the comments)."), field="file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ApplicationError(
            gettext("The file is not UTF-8 text. Save it as UTF-8 and try again."), field="file"
        ) from None
    if "\x00" in text:
        raise ApplicationError(gettext("The file is not text (it contains binary data)."), field="file")
    if not filename.lower().endswith(".csv"):
        return text.splitlines()
    reader = csv.reader(io.StringIO(text))
    try:
        header = [cell.strip().lower() for cell in next(reader, [])]
        for name in ("comment", "text", "message"):
            if header.count(name) > 1:
                raise ApplicationError(
                    gettext("Two columns are headed “%(name)s”; keep one and try again.") % {"name": name}, field="file"
                )
            if name in header:
                column = header.index(name)
                return [row[column] for row in reader if len(row) > column]
    except csv.Error as error:
        raise ApplicationError(
            gettext("The CSV file is malformed (%(error)s).") % {"error": error}, field="file"
        ) from None
    raise ApplicationError(gettext("The CSV file needs a column headed “comment”, “text” or “message”."), field="file")


def _count_field(reading: str):
    return {
        Sentiment.POSITIVE: "comments_positive",
        Sentiment.NEUTRAL: "comments_neutral",
        Sentiment.NEGATIVE: "comments_negative",
    }[reading]


@transaction.atomic
def livestream_comments_add(*, appearance: Appearance, texts: list[str]) -> dict:
    """Store comments (text only: @mentions are blanked) with a sentiment reading each, and add them to the
    appearance's tally. Returns how many were added per reading."""
    cleaned = [_MENTION.sub("@…", text).strip()[:1000] for text in texts]
    cleaned = [text for text in cleaned if text]
    if not cleaned:
        raise ApplicationError(gettext("There are no comments to add: paste one comment per line."), field="text")
    if len(cleaned) > MAX_COMMENTS_PER_UPLOAD:
        raise ApplicationError(
            gettext("Add at most %(max_comments_per_upload)s comments at a time.")
            % {"max_comments_per_upload": MAX_COMMENTS_PER_UPLOAD},
            field="text",
        )
    comments = []
    added = dict.fromkeys(Sentiment.values, 0)
    for text in cleaned:
        reading, score = sentiment.classify(text)
        comments.append(LivestreamComment(appearance=appearance, text=text, sentiment=reading, score=score))
        added[reading] += 1
    LivestreamComment.objects.bulk_create(comments)
    Appearance.objects.filter(pk=appearance.pk).update(
        **{_count_field(reading): F(_count_field(reading)) + count for reading, count in added.items()}
    )
    return added


@transaction.atomic
def livestream_comment_correct(*, comment: LivestreamComment, sentiment: str) -> LivestreamComment:
    """A coordinator's reading replaces the library's; the tally moves with it."""
    if sentiment not in Sentiment.values:
        raise ApplicationError(gettext("Choose positive, neutral or negative."), field="sentiment")
    comment = LivestreamComment.objects.select_for_update().get(pk=comment.pk)
    if comment.sentiment != sentiment:
        Appearance.objects.filter(pk=comment.appearance_id).update(
            **{
                _count_field(comment.sentiment): F(_count_field(comment.sentiment)) - 1,
                _count_field(sentiment): F(_count_field(sentiment)) + 1,
            }
        )
        comment.sentiment = sentiment
    comment.corrected = True
    comment.save(update_fields=["sentiment", "corrected"])
    return comment


def comment_retention_days() -> int:
    return settings.LIVESTREAM_COMMENT_RETENTION_DAYS


def livestream_comments_purge(*, now=None) -> int:
    """Delete raw comments older than the retention period; the tallies on the appearances stay."""
    cutoff = (now or timezone.now()) - timedelta(days=comment_retention_days())
    deleted, _ = LivestreamComment.objects.filter(created_at__lt=cutoff).delete()
    logger.info("Purged %d livestream comments older than %d days", deleted, comment_retention_days())
    return deleted
