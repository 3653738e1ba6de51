"""Ticket holders in the admin as a spreadsheet (django-import-export). The upload page is the usual way in; this
serves administrators correcting a list by hand. All or nothing, each bad row reported with its row number, a blank
cell never overwrites a stored value (``btb.imports``), and exported cells that a spreadsheet would run as a
formula are escaped."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from import_export import fields, resources, widgets

from btb.imports import KeepStoredValuesResource, LanguageWidget
from btb.spreadsheets import escape_formula, looks_like_formula

from ..models import Summit
from .models import TicketHolder


class TicketHolderResource(KeepStoredValuesResource, resources.ModelResource):
    summit = fields.Field(attribute="summit", column_name="summit", widget=widgets.ForeignKeyWidget(Summit, "slug"))
    identity = fields.Field(attribute="identity", column_name="identity", readonly=False)
    checked_in = fields.Field(attribute="checked_in", column_name="checked_in", widget=widgets.BooleanWidget())
    consent = fields.Field(attribute="consent", column_name="consent", widget=widgets.BooleanWidget())
    language = fields.Field(attribute="language", column_name="language", widget=LanguageWidget())

    class Meta:
        model = TicketHolder
        fields = [
            "summit",
            "identity",
            "order_ref",
            "attendee_ref",
            "name",
            "email",
            "ticket_type",
            "checked_in",
            "consent",
            "language",
        ]
        import_id_fields = ["summit", "identity"]
        clean_model_instances = True
        use_transactions = True
        skip_unchanged = False

    def import_data(self, dataset, **kwargs):
        kwargs["use_transactions"] = True
        kwargs["rollback_on_validation_errors"] = True
        return super().import_data(dataset, **kwargs)

    def before_import_row(self, row, **kwargs):
        # The same identity the upload page uses, so both recognise a ticket again.
        if not str(row.get("identity") or "").strip():
            order, attendee = str(row.get("order_ref") or "").strip(), str(row.get("attendee_ref") or "").strip()
            email = str(row.get("email") or "").strip().lower()
            row["identity"] = f"ref:{order}/{attendee}" if order or attendee else f"email:{email}"

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for column in ("name", "email"):
            if looks_like_formula(str(row.get(column) or "")):
                errors.setdefault(column, []).append("This looks like a spreadsheet formula.")
        if row.get("email"):
            try:
                validate_email(str(row["email"]))
            except ValidationError:
                errors.setdefault("email", []).append("Enter a valid e-mail address.")
        if str(row.get("identity") or "") in ("", "email:"):
            errors.setdefault("identity", []).append("Give a ticket reference or an e-mail address.")
        if errors:
            raise ValidationError(errors)

    def export_field(self, field, instance, **kwargs):
        return escape_formula(super().export_field(field, instance, **kwargs))

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("summit")
