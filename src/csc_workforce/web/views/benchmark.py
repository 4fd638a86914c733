"""A council's benchmark page: against England, its region and its statistical neighbours."""

from __future__ import annotations

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from csc_workforce.web import models as m
from csc_workforce.web.access import EVERYONE, forbidden, may_see_council, role_required
from csc_workforce.web.services.benchmark_page import benchmark_page as build_page
from csc_workforce.web.services.benchmark_page import published_years


class BenchmarkForm(forms.Form):
    year = forms.TypedChoiceField(label="Census year", coerce=int)
    peers = forms.CharField(
        required=False,
        label="Compare with (optional)",
        help_text="DfE 3-digit codes separated by commas, for example 883, 887, 311. Leave blank for the "
        "council's statistical neighbours.",
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


@role_required(*EVERYONE)
def benchmark_view(request: HttpRequest, la_code: str) -> HttpResponse:
    council = m.Council.objects.filter(la_code=la_code).first()
    if council is None:
        raise Http404(f"No council {la_code} is held.")
    if not may_see_council(request.user, la_code):
        return forbidden(request, "You can see only your own council's figures.")
    years = published_years()
    form = BenchmarkForm(request.GET or {"year": years[-1]}, years=years)
    page, problem = None, ""
    if form.is_valid():
        try:
            page = build_page(council=council, year=form.cleaned_data["year"], peers=form.cleaned_data["peers"])
        except LookupError as missing:
            problem = str(missing)
    context = {"council": council, "form": form, "page": page, "problem": problem, "error_title": bool(form.errors)}
    return render(request, "web/benchmark.html", context)
