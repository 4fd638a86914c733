"""Benchmark pages: any council DfE publishes (held or not) or the database holds, against England, its region
and its statistical neighbours (or its region's councils); and a page to choose the council.

Who sees what (docs/web.md): DfE's published figures are public, so every role may open the benchmark page of
a council the database does not hold, a user restricted to one council included. A held council's page shows
its own records beside the published figures, so a restricted user may open only their own held council's.
"""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from csc_workforce.store.services.benchmark_page import (
    BenchmarkSubject,
    benchmark_subject,
    council_choices,
    held_subjects,
    published_years,
)
from csc_workforce.store.services.benchmark_page import benchmark_page as build_page
from csc_workforce.web.access import EVERYONE, forbidden, may_see_council, role_required, visible_la_codes


class BenchmarkForm(forms.Form):
    year = forms.TypedChoiceField(label="Census year", coerce=int)
    peers = forms.CharField(
        required=False,
        label="Compare with (optional)",
        help_text="DfE 3-digit codes separated by commas, for example 883, 887, 311. Leave blank for the "
        "council's statistical neighbours (or, without any, the other councils of its region).",
    )

    def __init__(self, *args: object, years: tuple[int, ...], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["year"].choices = [(y, str(y)) for y in reversed(years)]  # type: ignore[attr-defined]

    def clean_peers(self) -> list[str] | None:
        text = self.cleaned_data["peers"].strip()
        if not text:
            return None
        codes = [c.strip() for c in text.split(",") if c.strip()]
        bad = [c for c in codes if not (c.isdigit() and len(c) == 3)]
        if bad:
            raise forms.ValidationError(
                f"Enter 3-digit council codes separated by commas; these are not: {', '.join(bad)}"
            )
        return codes


class CouncilForm(forms.Form):
    la = forms.ChoiceField(
        label="Council",
        help_text="Every council in DfE's published figures, by name, with its DfE code.",
        error_messages={"required": "Choose a council", "invalid_choice": "Choose a council from the list"},
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["la"].choices = [("", "Choose a council"), *council_choices()]  # type: ignore[attr-defined]


def _refusal(request: HttpRequest, subject: BenchmarkSubject) -> HttpResponse | None:
    """A held council other than the user's own is refused; published figures of unheld councils are public."""
    if subject.held and not may_see_council(request.user, subject.la_code):
        return forbidden(request, "You can see only your own council's figures.")
    return None


@role_required(*EVERYONE)
def benchmark_view(request: HttpRequest, la_code: str) -> HttpResponse:
    subject = benchmark_subject(la_code)
    if subject is None:
        context = {"la_code": la_code, "form": CouncilForm()}
        return render(request, "web/benchmark_not_found.html", context, status=404)
    refused = _refusal(request, subject)
    if refused is not None:
        return refused
    years = published_years()
    form = BenchmarkForm(request.GET or {"year": years[-1]}, years=years)
    page, problem = None, ""
    if form.is_valid():
        try:
            page = build_page(subject=subject, year=form.cleaned_data["year"], peers=form.cleaned_data["peers"])
        except LookupError as missing:
            problem = str(missing)
    context = {"council": subject, "form": form, "page": page, "problem": problem, "error_title": bool(form.errors)}
    return render(request, "web/benchmark.html", context)


@role_required(*EVERYONE)
def benchmark_choose(request: HttpRequest) -> HttpResponse:
    """Choose any council DfE publishes; its benchmark page follows."""
    form = CouncilForm(request.GET or None)
    if form.is_valid():
        return redirect("benchmark", la_code=form.cleaned_data["la"])
    context = {"form": form, "own": held_subjects(visible_la_codes(request.user)), "error_title": bool(form.errors)}
    return render(request, "web/benchmarks.html", context)
