from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.session import SessionStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.test import RequestFactory
from django.views.generic import FormView

from btb.errors import ApplicationError
from btb.views import ServiceFormMixin, form_add_application_error


class NameForm(forms.Form):
    name = forms.CharField()
    choices_text = forms.CharField(required=False)


class NameView(ServiceFormMixin, FormView):
    form_class = NameForm
    template_name = "base.html"
    success_message = "Saved {result}."
    success_url = "/done/"
    error_fields = {"choices": "choices_text"}
    refusal = None

    def perform(self, form):
        if self.refusal:
            raise self.refusal
        return form.cleaned_data["name"].upper()

    def form_invalid(self, form):
        self.invalid_form = form
        return super().form_invalid(form)


def _post(view, data):
    request = RequestFactory().post("/", data)
    request.session = SessionStore()
    request._messages = SessionStorage(request)
    response = view.as_view()(request)
    return request, response


def test_service_form_mixin_redirects_with_the_success_message():
    request, response = _post(NameView, {"name": "amara"})
    assert (response.status_code, response["Location"]) == (302, "/done/")
    assert [str(m) for m in get_messages(request)] == ["Saved AMARA."]


def _refused(error):
    view = NameView(refusal=error)
    view.setup(RequestFactory().post("/", {"name": "amara"}))
    view.request.session = SessionStore()
    view.request._messages = SessionStorage(view.request)
    response = view.post(view.request)
    return view, response


def test_service_form_mixin_puts_a_refusal_on_its_field():
    view, response = _refused(ApplicationError("Taken.", field="name"))
    assert response.status_code == 200
    assert view.invalid_form.errors == {"name": ["Taken."]}
    assert list(get_messages(view.request)) == []


def test_service_form_mixin_maps_a_service_field_to_the_form_field():
    view, _ = _refused(ApplicationError("Give two.", field="choices"))
    assert view.invalid_form.errors == {"choices_text": ["Give two."]}


def test_service_form_mixin_puts_a_refusal_without_a_form_field_above_the_form():
    view, _ = _refused(ApplicationError("Closed.", field="summit"))
    assert view.invalid_form.non_field_errors() == ["Closed."]


def test_form_add_application_error_without_a_field():
    form = NameForm({"name": "x"})
    form.is_valid()
    form_add_application_error(form, ApplicationError("No."))
    assert form.non_field_errors() == ["No."]
