"""Answers shared by every app's views."""

from django.shortcuts import render


def bad_request(request, message: str):
    """A 400 that says what was wrong, for a POST whose choice is missing or not one the page offers (a hand-made
    request, or a page from an older version): it changes nothing."""
    return render(request, "400.html", {"message": message}, status=400)


def first_error(form) -> str:
    return next(message for messages in form.errors.values() for message in messages)
