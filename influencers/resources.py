"""The directory as a spreadsheet: django-import-export, used by the admin and the directory page alike.

Rows are checked with the model's own validation and the per-platform profile-link rules, and accounts are saved
through the same service as the form. An import is all or nothing: any bad row rolls the whole file back, and
each bad row is reported with its row number. A blank cell never overwrites a stored value (``btb.imports``): an
existing influencer keeps the name, e-mail, skills or profile link the row leaves empty. Exported cells that a
spreadsheet would run as a formula are escaped.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from import_export import fields, resources, widgets

from btb.accounts.models import Borough, Community
from btb.bounds import BIGINT_MAX
from btb.imports import KeepStoredValuesResource, LanguageWidget, is_blank
from btb.languages import LANGUAGE_HEADERS
from btb.spreadsheets import escape_formula

from .enums import ContactChannel, DueDiligenceStatus, Platform
from .models import Influencer, InfluencerSkill
from .services import platform_accounts_save
from .validators import AUDIENCE_MAX, validate_profile_url


class NamesWidget(widgets.ManyToManyWidget):
    """Names separated by semicolons, matched case-insensitively; an unknown name is an error, not ignored."""

    def __init__(self, model):
        super().__init__(model, separator=";", field="name")
        self._known = None

    def __deepcopy__(self, memo):
        # Each resource copies its fields: the copy reads the list again, once per import.
        return type(self)(self.model)

    def clean(self, value, row=None, **kwargs):
        names = [name.strip() for name in str(value or "").split(self.separator) if name.strip()]
        if not names:
            return []
        if self._known is None:
            self._known = {item.name.lower(): item for item in self.model.objects.all()}
        known = self._known
        unknown = [name for name in names if name.lower() not in known]
        if unknown:
            raise ValueError(
                gettext(
                    "Not in the list of %(things)s: %(names)s. Check the spelling, or ask an administrator to add it."
                )
                % {"things": self.model._meta.verbose_name_plural, "names": ", ".join(unknown)}
            )
        return [known[name.lower()] for name in names]

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return "; ".join(item.name for item in value.all())


class ChoiceWidget(widgets.Widget):
    """A choice by its code or its label (either is accepted on import; the label is exported)."""

    def __init__(self, choices, default):
        self.choices = choices
        self.default = default
        super().__init__()

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip().lower()
        if not text:
            return self.default
        for code, label in self.choices:
            if text in (code.lower(), str(label).lower()):
                return code
        raise ValueError(
            gettext("Use one of: %(labels)s.") % {"labels": ", ".join(str(label) for _, label in self.choices)}
        )

    def render(self, value, obj=None, **kwargs):
        return str(dict(self.choices).get(value, value or ""))


def _account_columns(platform: str) -> tuple[str, str, str]:
    return f"{platform}_handle", f"{platform}_url", f"{platform}_audience"


def _parse_audience(value):
    if value in (None, ""):
        return None
    text = str(value).replace(",", "").replace(" ", "")
    try:
        # Decimal, not float: exact for big numbers, and "1e400" or "nan" are refused below rather than overflow.
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(gettext("Enter the audience as a whole number, e.g. 12000.")) from None
    if not number.is_finite() or number < 0 or number != number.to_integral_value():
        raise ValueError(gettext("Enter the audience as a whole number, 0 or more."))
    if number > AUDIENCE_MAX:
        raise ValueError(gettext("Enter the audience as a whole number up to %(max)s.") % {"max": f"{AUDIENCE_MAX:,}"})
    return int(number)


class InfluencerResource(KeepStoredValuesResource, resources.ModelResource):
    name = fields.Field(attribute="name", column_name="name")
    preferred_channel = fields.Field(
        attribute="preferred_channel",
        column_name="preferred_channel",
        widget=ChoiceWidget(ContactChannel.choices, ContactChannel.EMAIL),
    )
    language = fields.Field(attribute="language", column_name="language", widget=LanguageWidget())
    skills = fields.Field(attribute="skills", column_name="skills", widget=NamesWidget(InfluencerSkill))
    communities = fields.Field(attribute="communities", column_name="communities", widget=NamesWidget(Community))
    boroughs = fields.Field(attribute="boroughs", column_name="boroughs", widget=NamesWidget(Borough))
    # Decided in the app, with who and when, never by a spreadsheet: exported for reference only.
    due_diligence_status = fields.Field(
        attribute="due_diligence_status",
        column_name="due_diligence",
        readonly=True,
        widget=ChoiceWidget(DueDiligenceStatus.choices, DueDiligenceStatus.NOT_CHECKED),
    )
    total_reach = fields.Field(attribute="total_reach", column_name="total_reach", readonly=True)
    active = fields.Field(attribute="active", column_name="active", readonly=True, widget=widgets.BooleanWidget())

    class Meta:
        model = Influencer
        fields = [
            "id",
            "name",
            "known_as",
            "email",
            "phone",
            "preferred_channel",
            "language",
            "bio",
            "skills",
            "communities",
            "boroughs",
            "due_diligence_status",
            "total_reach",
            "active",
        ]
        import_id_fields = ["id"]
        clean_model_instances = True
        use_transactions = True
        skip_unchanged = False

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        for platform in Platform.values:
            for column in _account_columns(platform):
                self.fields[column] = fields.Field(
                    column_name=column, readonly=True, dehydrate_method=self._account_exporter(platform, column)
                )

    @staticmethod
    def _account_exporter(platform, column):
        def export(influencer):
            account = next((a for a in influencer.accounts.all() if a.platform == platform), None)
            if account is None:
                return ""
            if column.endswith("_handle"):
                return account.handle
            if column.endswith("_url"):
                return account.profile_url
            return account.audience_size

        return export

    def filter_export(self, queryset, **kwargs):
        return queryset.prefetch_related("accounts", "skills", "communities", "boroughs")

    def export_field(self, field, instance, **kwargs):
        return escape_formula(super().export_field(field, instance, **kwargs))

    def import_data(self, dataset, **kwargs):
        # All or nothing, whoever calls: the admin, the directory page or a test.
        kwargs["use_transactions"] = True
        kwargs["rollback_on_validation_errors"] = True
        return super().import_data(dataset, **kwargs)

    def before_import(self, dataset, **kwargs):
        # A sheet made by hand may call the column "Preferred language" or "Iaith": it is read as "language".
        headers = list(dataset.headers or [])
        if "language" not in headers:
            for position, header in enumerate(headers):
                if " ".join(str(header or "").replace("_", " ").lower().split()) in LANGUAGE_HEADERS:
                    headers[position] = "language"
                    dataset.headers = headers
                    break
        super().before_import(dataset, **kwargs)

    def before_import_row(self, row, **kwargs):
        raw_id = row.get("id")
        if raw_id not in (None, ""):
            try:
                pk = int(Decimal(str(raw_id).strip()))
            except (TypeError, ValueError, ArithmeticError):
                raise ValidationError({"id": gettext("Leave the id empty for a new influencer.")}) from None
            if not 1 <= pk <= BIGINT_MAX:
                raise ValidationError({"id": gettext("Leave the id empty for a new influencer.")})
            if not Influencer.objects.filter(pk=pk).exists():
                raise ValidationError(
                    {
                        "id": gettext(
                            "No influencer has id %(pk)s. Leave the id empty to add them as a new influencer."
                        )
                        % {"pk": pk}
                    }
                )

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if instance.pk is None and is_blank(row.get("name")):
            errors.setdefault("name", []).append("Every row needs the influencer's name.")
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                try:
                    field.clean(row)
                except ValueError as error:
                    errors.setdefault(field.column_name, []).append(str(error))
        instance._import_accounts = self._accounts_from_row(instance, row, errors)
        if errors:
            raise ValidationError(errors)

    def _accounts_from_row(self, instance, row, errors) -> list[dict]:
        existing = {}
        if instance.pk:
            for account in instance.accounts.order_by("pk"):
                existing.setdefault(account.platform, account)
        accounts = []
        for platform in Platform.values:
            handle_col, url_col, audience_col = _account_columns(platform)
            handle = str(row.get(handle_col) or "").strip()
            url = str(row.get(url_col) or "").strip()
            try:
                audience = _parse_audience(row.get(audience_col))
            except ValueError as error:
                errors.setdefault(audience_col, []).append(str(error))
                continue
            if not (handle or url or audience is not None):
                continue
            if url:
                try:
                    validate_profile_url(platform=platform, url=url)
                except ValidationError as error:
                    errors.setdefault(url_col, []).extend(error.messages)
                    continue
            account = existing.get(platform)
            if account is not None and not handle:
                handle = account.handle  # a blank cell keeps the stored handle
            if not handle:
                errors.setdefault(handle_col, []).append(
                    gettext("Give the %(platform)s handle, or leave the other %(columns)s columns empty.")
                    % {"platform": Platform(platform).label, "columns": platform}
                )
                continue
            item = {"id": account.pk if account else None, "platform": platform, "handle": handle}
            if url or account is None:
                item["profile_url"] = url  # a blank cell keeps the stored link
            item["audience_size"] = audience  # None records no snapshot, so the stored audience stays
            accounts.append(item)
        return accounts

    def after_save_instance(self, instance, row, **kwargs):
        accounts = getattr(instance, "_import_accounts", None)
        if accounts:
            platform_accounts_save(influencer=instance, accounts=accounts)
