from datetime import date, datetime

from django import forms

from btb.accounts.models import Borough
from btb.forms import DateInput, DateTimeInput, checkboxes, form_helper


def test_date_inputs_render_the_browser_pickers_in_iso_form():
    assert 'type="date" name="d" value="2027-01-19"' in DateInput().render("d", date(2027, 1, 19))
    assert 'type="datetime-local" name="t" value="2027-01-19T18:30"' in DateTimeInput().render(
        "t", datetime(2027, 1, 19, 18, 30)
    )


def test_form_helper_with_submit_writes_the_whole_form():
    helper = form_helper("name", submit="Save")
    assert helper.form_tag and not helper.disable_csrf
    assert [(button.name, button.value) for button in helper.inputs] == [("submit", "Save")]
    assert helper.layout.fields == ["name"]


def test_form_helper_without_submit_leaves_the_form_tag_to_the_template():
    helper = form_helper()
    assert not helper.form_tag and helper.disable_csrf and helper.inputs == []


def test_checkboxes_are_optional():
    field = checkboxes(Borough.objects.all(), "Boroughs")
    assert not field.required and isinstance(field.widget, forms.CheckboxSelectMultiple)
