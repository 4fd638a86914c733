"""Single sign-on with OpenID Connect, through Authlib's Django client: the authorization code flow with PKCE
(S256); state and nonce are kept in the session and checked on return; the ID token's signature is checked
against the provider's published keys (JWKS), and its issuer, audience and expiry are checked. What follows
(the local user, their role and council from their groups, the audit) is ``services.single_sign_on``."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from authlib.integrations.base_client import OAuthError
from authlib.integrations.django_client import OAuth
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from joserfc.errors import JoseError
from requests import RequestException

from csc_workforce.store.services import audit
from csc_workforce.store.services.single_sign_on import SsoConfig, sso_config, sso_sign_in
from csc_workforce.web.access import request_origin

log = logging.getLogger(__name__)
NEXT = "sso_next"
BACKEND = "django.contrib.auth.backends.ModelBackend"
LEEWAY_SECONDS = 60  # clock difference allowed on the ID token's times


@lru_cache(maxsize=4)
def _client(config: SsoConfig) -> Any:
    """Authlib's client for the provider; kept, so the discovery document and keys are fetched once (the keys
    again when a token names a key not seen yet, as when the provider rotates them)."""
    oauth = OAuth()
    return oauth.register(
        name="oidc",
        client_id=config.client_id,
        client_secret=config.client_secret,
        server_metadata_url=config.discovery_url,
        client_kwargs={"scope": config.scopes, "code_challenge_method": "S256"},
    )


def sso_start(request: HttpRequest) -> HttpResponse:
    """Send the browser to the provider to sign in."""
    config = sso_config()
    if config is None:
        return redirect("sign-in")
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("dashboard")
    request.session[NEXT] = target
    try:
        response: HttpResponse = _client(config).authorize_redirect(
            request, request.build_absolute_uri(reverse("sso-callback"))
        )
    except (OAuthError, RequestException, ValueError) as exc:
        log.warning("single sign-on: the provider's discovery document could not be read: %s", exc)
        return _problem(request, config, "The sign-in service could not be reached. Try again later.", str(exc))
    return response


def sso_callback(request: HttpRequest) -> HttpResponse:
    """The provider's answer: check it (state, code with PKCE, ID token) and sign the person in, or say why not."""
    config = sso_config()
    if config is None:
        return redirect("sign-in")
    client = _client(config)
    try:
        issuer = config.issuer or client.load_server_metadata()["issuer"]
        token = client.authorize_access_token(
            request,
            claims_options={
                "iss": {"essential": True, "values": [issuer]},
                "aud": {"essential": True, "values": [config.client_id]},
            },
            leeway=LEEWAY_SECONDS,
        )
    except (OAuthError, JoseError, RequestException, KeyError, ValueError) as exc:
        return _problem(request, config, "Sign-in did not complete. Go back to sign in and try again.", repr(exc))
    claims = token.get("userinfo")
    if not claims:
        return _problem(request, config, "The provider sent no ID token. Ask your administrator.", "no id_token")
    outcome = sso_sign_in(claims=dict(claims), config=config, origin=request_origin(request), now=datetime.now(UTC))
    if outcome.user is None:
        context = {"heading": "You cannot sign in to this service", "reason": outcome.refusal}
        return render(request, "web/sso_refused.html", context, status=403)
    target = str(request.session.pop(NEXT, "") or reverse("dashboard"))
    login(request, outcome.user, backend=BACKEND)
    return HttpResponseRedirect(target)


def _problem(request: HttpRequest, config: SsoConfig, reason: str, detail: str) -> HttpResponse:
    audit.audit_record(
        action=audit.SIGN_IN_REFUSED,
        origin=request_origin(request),
        detail={"method": "oidc", "reason": reason, "error": detail[:500]},
    )
    heading = f"Signing in with {config.provider_name} did not work"
    return render(request, "web/sso_refused.html", {"heading": heading, "reason": reason}, status=400)
