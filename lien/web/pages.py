"""Small pages shared by the apps."""

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def form_page(
    request: HttpRequest, *, person: Any, form: forms.BaseForm, title: str, submit: str, back: str
) -> HttpResponse:
    """One small form on its own page, about a person (a phone shows one form at a time);
    ``back`` is the URL of the page it returns to (its back link and its cancel link)."""
    return render(
        request,
        "web/form_page.html",
        {"person": person, "form": form, "title": title, "submit": submit, "back": back},
    )
