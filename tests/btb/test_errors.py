import pytest
from django.core.exceptions import ValidationError

from btb.accounts.models import Borough
from btb.errors import ApplicationError, full_clean


def test_from_validation_error_keeps_the_first_field_and_message():
    error = ApplicationError.from_validation_error(ValidationError({"ends_at": ["Too early.", "Also wrong."]}))
    assert (error.message, error.field) == ("Too early.", "ends_at")


def test_from_validation_error_on_the_whole_row_has_no_field():
    error = ApplicationError.from_validation_error(ValidationError({"__all__": ["Not both."]}))
    assert (error.message, error.field) == ("Not both.", None)


def test_from_validation_error_without_fields():
    error = ApplicationError.from_validation_error(ValidationError("Plain."))
    assert (error.message, error.field) == ("Plain.", None)


@pytest.mark.django_db
def test_full_clean_raises_application_error_for_the_field():
    with pytest.raises(ApplicationError) as caught:
        full_clean(Borough(name=""))
    assert caught.value.field == "name"
    assert caught.value.message == "This field cannot be blank."


@pytest.mark.django_db
def test_full_clean_respects_exclude():
    full_clean(Borough(name=""), exclude=["name"])
