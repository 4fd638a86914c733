"""Every route of the web app; see docs/web.md."""

from __future__ import annotations

from django.urls import path

from csc_workforce.store.services.records_pages import PAGES
from csc_workforce.web.views import (
    actions,
    api,
    audit,
    auth,
    benchmark,
    council,
    development,
    forecast,
    pages,
    reconcile,
    regional,
    reports,
    single_sign_on,
    strategies,
    uploads,
    users,
)

urlpatterns = [
    path("", pages.dashboard, name="dashboard"),
    path("councils/<str:la_code>/", council.council, name="council"),
    *(
        route
        for part in council.PARTS
        if part
        for route in (
            path(f"councils/<str:la_code>/{part}/", council.council, {"part": part}, name=f"council-{part}"),
            path(
                f"councils/<str:la_code>/{part}/download/all.xlsx",
                council.council_part_download,
                {"part": part},
                name=f"council-{part}-download",
            ),
        )
    ),
    path(
        "councils/<str:la_code>/download/<slug:key>.<str:fmt>",
        council.council_download,
        name="council-download",
    ),
    path("measures/", pages.measures, name="measures"),
    path("councils/<str:la_code>/census/<int:year>.xml", council.census_return_download, name="census-return"),
    path("councils/<str:la_code>/benchmark/", benchmark.benchmark_view, name="benchmark"),
    path("councils/<str:la_code>/reconcile/", reconcile.reconcile_page, name="reconcile"),
    path("councils/<str:la_code>/reconcile/findings.csv", reconcile.reconcile_findings_csv, name="reconcile-findings"),
    *(
        route
        for page in PAGES
        for route in (
            path(f"councils/<str:la_code>/{page}/", development.records_page, {"page": page}, name=page),
            path(
                f"councils/<str:la_code>/{page}/download/<slug:key>.<str:fmt>",
                development.records_download,
                {"page": page},
                name=f"{page}-download",
            ),
        )
    ),
    path("councils/<str:la_code>/development/record/", development.record_workers, name="record-workers"),
    path(
        "councils/<str:la_code>/turnover-assumptions/",
        development.turnover_assumptions,
        name="turnover-assumptions",
    ),
    path(
        "councils/<str:la_code>/development/record/supervision/",
        development.record_supervision,
        name="record-supervision",
    ),
    path("councils/<str:la_code>/development/record/review/", development.record_review, name="record-review"),
    path("councils/<str:la_code>/development/programmes/", development.programme_spells, name="programme-spells"),
    path(
        "councils/<str:la_code>/development/programmes/update/",
        development.programme_update,
        name="programme-update",
    ),
    path("councils/<str:la_code>/development/placements/", development.student_placements, name="student-placements"),
    path(
        "councils/<str:la_code>/development/placements/update/",
        development.placement_update,
        name="placement-update",
    ),
    path("councils/<str:la_code>/strategies/<slug:strategy_id>/actions/", actions.action_plan, name="actions"),
    path(
        "councils/<str:la_code>/strategies/<slug:strategy_id>/actions/download.xlsx",
        actions.action_plan_download,
        name="actions-download",
    ),
    path(
        "councils/<str:la_code>/strategies/<slug:strategy_id>/actions/add/",
        actions.action_edit,
        name="action-add",
    ),
    path(
        "councils/<str:la_code>/strategies/<slug:strategy_id>/actions/<str:ref>/edit/",
        actions.action_edit,
        name="action-edit",
    ),
    path(
        "councils/<str:la_code>/strategies/<slug:strategy_id>/actions/<str:ref>/update/",
        actions.action_update,
        name="action-update",
    ),
    path("benchmarks/", benchmark.benchmark_choose, name="benchmarks"),
    path("regional/", regional.regional_list, name="regional-list"),
    path("councils/<str:la_code>/regional-extract/", regional.council_extract_download, name="regional-extract"),
    path("regional/<str:name>/", regional.regional_page, name="regional"),
    path("regional/<str:name>/roles/", regional.regional_roles, name="regional-roles"),
    path("regional/<str:name>/keys/", regional.regional_key_add, name="regional-key-add"),
    path("regional/<str:name>/<slug:key>.<str:fmt>", regional.regional_download, name="regional-download"),
    path("councils/<str:la_code>/forecast/", forecast.forecast_page, name="forecast"),
    path("councils/<str:la_code>/forecast/<slug:key>.<str:fmt>", forecast.forecast_download, name="forecast-download"),
    path("councils/<str:la_code>/forecast/scenario/", forecast.scenario_page, name="forecast-scenario"),
    path("councils/<str:la_code>/reports/", reports.reports_page, name="reports"),
    path("councils/<str:la_code>/reports/report.<str:fmt>", reports.reports_page, name="report-download"),
    path("councils/<str:la_code>/reports/settings/", reports.report_settings, name="report-settings"),
    path(
        "councils/<str:la_code>/reports/settings/template.docx",
        reports.report_template_download,
        name="report-template",
    ),
    path("strategies/", strategies.strategy_list, name="strategies"),
    path("strategies/<slug:strategy_id>/", strategies.strategy_page, name="strategy"),
    path("measures/download.<str:fmt>", pages.measures_download, name="measures-download"),
    path("audit/download.csv", audit.audit_download, name="audit-download"),
    path("data/", pages.data, name="data"),
    path("uploads/", uploads.upload_list, name="uploads"),
    path("uploads/mappings/", uploads.mappings, name="mappings"),
    path("uploads/templates/<slug:kind>.<slug:suffix>", uploads.upload_template, name="upload-template"),
    path("uploads/<int:upload_id>/", uploads.upload_detail, name="upload"),
    path("uploads/<int:upload_id>/issues.csv", uploads.upload_issues_csv, name="upload-issues"),
    path("uploads/<int:upload_id>/commit", uploads.upload_commit_view, name="upload-commit"),
    path("uploads/<int:upload_id>/undo", uploads.upload_undo_view, name="upload-undo"),
    path("uploads/<int:upload_id>/discard", uploads.upload_discard_view, name="upload-discard"),
    path("audit/", audit.audit_log, name="audit"),
    path("users/", users.users, name="users"),
    path("users/tokens/<int:token_id>/revoke", users.token_revoke_view, name="token-revoke"),
    path("users/<str:username>/remove-role", users.role_remove_view, name="role-remove"),
    path("users/<str:username>/<slug:action>", users.user_action, name="user-action"),
    path("sign-in/", auth.sign_in, name="sign-in"),
    path("sign-in/code/", auth.sign_in_code, name="sign-in-code"),
    path("sign-in/set-up-code/", auth.sign_in_enrol, name="sign-in-enrol"),
    path("sign-in/set-up-code/qr.svg", auth.sign_in_enrol_qr, name="sign-in-enrol-qr"),
    path("sign-in/sso/", single_sign_on.sso_start, name="sso-start"),
    path("sign-in/sso/callback/", single_sign_on.sso_callback, name="sso-callback"),
    path("sign-out/", auth.sign_out, name="sign-out"),
    path("api/measures", api.api_measures, name="api-measures"),
    path("api/openapi.json", api.api_openapi, name="api-openapi"),
]

handler403 = "csc_workforce.web.views.errors.permission_denied"
handler404 = "csc_workforce.web.views.errors.not_found"
handler500 = "csc_workforce.web.views.errors.server_error"
