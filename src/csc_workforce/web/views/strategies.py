"""The strategy pages: the seed strategies, and one strategy evaluated for a council as at a date. Views parse
the request and render; what the pages show comes from ``store/services/strategy_pages.py``. Reading these pages
is not audited (see docs/web.md)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from csc_workforce.store import models as m
from csc_workforce.store.services import overview, strategy_pages
from csc_workforce.store.services.overview import reported_years
from csc_workforce.store.services.strategies import HeldValues
from csc_workforce.strategies import load_seed, seed_strategies
from csc_workforce.strategies.governance import next_meetings
from csc_workforce.web.access import (
    DATA_ROLES,
    EVERYONE,
    may_see_council,
    role_of,
    role_required,
    visible_la_codes,
)
from csc_workforce.web.forms import AsAtForm
from csc_workforce.web.views.reports import paper_links


class StrategyForm(AsAtForm):
    la = forms.ChoiceField(
        required=False,
        label="Council",
        error_messages={"invalid_choice": "Choose a council from the list"},
    )
    field_order = ["la", "as_at"]

    def __init__(self, *args: Any, councils: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["la"]).choices = councils


def _withheld(request: HttpRequest) -> Callable[[str], bool]:
    """Whether a council's small numbers are withheld from this user: unless they load its data (a person may
    be an analyst at one council and a viewer at another)."""
    return lambda la_code: role_of(request.user, la_code) not in DATA_ROLES


@role_required(*EVERYONE)
def strategy_list(request: HttpRequest) -> HttpResponse:
    visible = visible_la_codes(request.user)
    values = HeldValues(withhold=_withheld(request))
    strategies = seed_strategies()
    # each strategy is judged for the council its page would show this user
    councils = {
        s.id: strategy_pages.default_council(s, visible=visible, name_of=values.council_name).la_code
        for s in strategies
    }
    rows = strategy_pages.strategy_rows(strategies, values=values, as_at=timezone.localdate(), councils=councils)
    return render(request, "web/strategies.html", {"rows": rows, "restricted": visible is not None})


@role_required(*EVERYONE)
def strategy_page(request: HttpRequest, strategy_id: str) -> HttpResponse:
    try:
        strategy = load_seed(strategy_id)
    except KeyError as missing:
        raise Http404(f"No strategy {strategy_id}.") from missing
    visible = visible_la_codes(request.user)
    held = overview.council_choices(la_codes=visible)
    values = HeldValues(withhold=_withheld(request))
    choice = strategy_pages.default_council(strategy, visible=visible, name_of=values.council_name)
    today = timezone.localdate()
    options = strategy_pages.council_options(strategy, held=held, visible=visible)
    query = None
    if request.GET:
        query = request.GET.copy()
        query.setdefault("la", choice.la_code)  # the select shows the council evaluated
    form = StrategyForm(query, councils=options, initial={"la": choice.la_code, "as_at": today.isoformat()})
    page = None
    if not form.is_bound or form.is_valid():
        data = form.cleaned_data if form.is_bound else {}
        la_code = data.get("la") or choice.la_code
        note = choice.note if la_code == choice.la_code else ""
        as_at = data.get("as_at") or today
        page = strategy_pages.strategy_page(strategy, la_code=la_code, as_at=as_at, values=values)
    else:
        note = ""
    context = {"strategy": strategy, "form": form, "page": page, "note": note, "error_title": bool(form.errors)}
    if page is not None:  # the meeting cycle: each body's next meeting on or after the date, and its papers
        shown = m.Council.objects.filter(la_code=page.la_code).first()
        years = reported_years(shown) if shown is not None else []
        context["meetings"] = [
            {"meeting": meeting, "papers": paper_links(meeting, strategy, years)}
            for meeting in next_meetings(strategy, page.as_at)
        ]
    if page is not None and may_see_council(request.user, page.la_code):  # the council's action plan, when held
        context["plan_held"] = m.Council.objects.filter(la_code=page.la_code).exists()
    return render(request, "web/strategy.html", context)
