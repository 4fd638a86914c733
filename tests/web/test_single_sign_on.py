"""Single sign-on through a stub OpenID Connect provider served from this test on 127.0.0.1: its discovery
document, its keys (JWKS) and its token endpoint, which checks the PKCE verifier and the client's secret and
returns an ID token signed with the provider's key. The browser's visit to the provider is played by the test,
which reads the authorization request the app redirects to and answers with a code, as a provider would."""

from __future__ import annotations

import base64
import hashlib
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

from csc_workforce.store import models as m
from csc_workforce.store.services.single_sign_on import GroupRole, group_roles_parse
from tests.web.conftest import PASSWORD, MakeUser

CLIENT_ID = "csc-workforce-test"
CLIENT_SECRET = "stub-secret-for-tests-only"
PROVIDER_KEY = RSAKey.generate_key(2048, parameters={"kid": "provider-1", "use": "sig", "alg": "RS256"})
OTHER_KEY = RSAKey.generate_key(2048, parameters={"kid": "provider-1", "use": "sig", "alg": "RS256"})
GROUP_ROLES = "g-analyst-990=analyst:990,g-admin=admin,g-viewer-990=viewer:990,g-viewer-991=viewer:991"


@dataclass
class Grant:
    """What the provider remembers of an authorization request between the browser's visit and the token call."""

    challenge: str
    claims: dict[str, Any]
    key: RSAKey


@dataclass
class StubProvider:
    base: str = ""
    grants: dict[str, Grant] = field(default_factory=dict)
    token_requests: list[dict[str, list[str]]] = field(default_factory=list)

    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.base,
            "authorization_endpoint": f"{self.base}/authorize",
            "token_endpoint": f"{self.base}/token",
            "jwks_uri": f"{self.base}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
        }

    def token(self, form: dict[str, list[str]], authorization: str) -> tuple[int, dict[str, Any]]:
        self.token_requests.append(form)
        expected = "Basic " + base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
        if authorization != expected:
            return 401, {"error": "invalid_client"}
        grant = self.grants.pop(form.get("code", [""])[0], None)
        if grant is None or form.get("grant_type") != ["authorization_code"]:
            return 400, {"error": "invalid_grant"}
        verifier = form.get("code_verifier", [""])[0].encode()
        if base64.urlsafe_b64encode(hashlib.sha256(verifier).digest()).rstrip(b"=").decode() != grant.challenge:
            return 400, {"error": "invalid_grant", "error_description": "PKCE verifier does not match"}
        id_token = jwt.encode({"alg": "RS256", "kid": grant.key.kid}, grant.claims, grant.key)
        return 200, {
            "access_token": "stub-access-token",
            "token_type": "Bearer",
            "expires_in": 3600,
            "id_token": id_token,
        }


@pytest.fixture(scope="module")
def provider() -> Iterator[StubProvider]:
    stub = StubProvider()

    class Handler(BaseHTTPRequestHandler):
        def _send(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            if self.path == "/tenant/.well-known/openid-configuration":
                self._send(200, stub.discovery())
            elif self.path == "/tenant/jwks":
                self._send(200, KeySet([PROVIDER_KEY]).as_dict(private=False))
            else:
                self._send(404, {})

        def do_POST(self) -> None:  # noqa: N802
            length = int(self.headers.get("Content-Length", "0"))
            form = parse_qs(self.rfile.read(length).decode())
            if self.path == "/tenant/token":
                self._send(*stub.token(form, self.headers.get("Authorization", "")))
            else:
                self._send(404, {})

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    stub.base = f"http://127.0.0.1:{server.server_address[1]}/tenant"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield stub
    server.shutdown()
    server.server_close()


@pytest.fixture
def sso(provider: StubProvider, settings: Any, db: None) -> StubProvider:
    settings.OIDC_ISSUER = provider.base
    settings.OIDC_DISCOVERY_URL = f"{provider.base}/.well-known/openid-configuration"
    settings.OIDC_CLIENT_ID = CLIENT_ID
    settings.OIDC_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_GROUP_ROLES = GROUP_ROLES
    settings.OIDC_PROVIDER_NAME = "Entra Test"
    settings.OIDC_SCOPES = "openid profile email"
    provider.token_requests.clear()
    return provider


def _start(client: Client, next_url: str = "/data/") -> dict[str, str]:
    """Ask the app to sign in with the provider; return the authorization request's parameters."""
    response = client.get("/sign-in/sso/", {"next": next_url})
    assert response.status_code == 302
    location = urlparse(response["Location"])
    assert location.path == "/tenant/authorize"
    return {k: v[0] for k, v in parse_qs(location.query).items()}


def _claims(request: dict[str, str], provider: StubProvider, **changes: Any) -> dict[str, Any]:
    now = int(time.time())
    claims: dict[str, Any] = {
        "iss": provider.base,
        "sub": "entra-object-id-ann",
        "aud": CLIENT_ID,
        "iat": now,
        "exp": now + 3600,
        "nonce": request["nonce"],
        "preferred_username": "ann@council.example",
        "email": "ann@council.example",
        "name": "Ann Analyst",
        "groups": ["g-analyst-990", "g-unrelated"],
    }
    claims.update(changes)
    return {k: v for k, v in claims.items() if v is not None}


def _return(
    client: Client,
    provider: StubProvider,
    request: dict[str, str],
    *,
    key: RSAKey = PROVIDER_KEY,
    state: str | None = None,
    **changes: Any,
):
    """The provider signs the person in and sends the browser back to the app with a code and the state."""
    code = f"code-{len(provider.grants)}-{time.monotonic_ns()}"
    provider.grants[code] = Grant(
        challenge=request["code_challenge"], claims=_claims(request, provider, **changes), key=key
    )
    return client.get("/sign-in/sso/callback/", {"code": code, "state": state or request["state"]})


def test_the_sign_in_page_offers_the_provider_when_configured(client: Client, sso: StubProvider):
    page = client.get("/sign-in/").content.decode()
    assert "Sign in with Entra Test" in page and 'href="/sign-in/sso/?next=/"' in page


def test_the_sign_in_page_offers_no_provider_when_none_is_configured(client: Client, db: None):
    assert "Sign in with" not in client.get("/sign-in/").content.decode()
    assert client.get("/sign-in/sso/")["Location"] == "/sign-in/"


def test_the_authorization_request_uses_the_code_flow_with_pkce_state_and_nonce(client: Client, sso: StubProvider):
    request = _start(client)
    assert request["response_type"] == "code"
    assert request["client_id"] == CLIENT_ID
    assert request["scope"] == "openid profile email"
    assert request["code_challenge_method"] == "S256"
    assert len(request["code_challenge"]) == 43  # base64url of a SHA-256
    assert len(request["state"]) >= 20 and len(request["nonce"]) >= 20
    assert request["redirect_uri"] == "http://testserver/sign-in/sso/callback/"


def test_a_person_in_a_mapped_group_signs_in_with_its_role_and_council(client: Client, sso: StubProvider):
    response = _return(client, sso, _start(client))
    assert response.status_code == 302 and response["Location"] == "/data/"
    user = User.objects.get(username="ann@council.example")
    assert (user.council_roles.get().role, user.council_roles.get().la_code) == ("analyst", "990")
    assert not user.has_usable_password()  # signs in only through the provider
    identity = m.SingleSignOnIdentity.objects.get(user=user)
    assert (identity.issuer, identity.subject) == (sso.base, "entra-object-id-ann")
    event = m.AuditEvent.objects.get(action="sign_in")
    assert event.detail == {"method": "oidc", "roles": {"990": "analyst"}, "role_changed": True}
    assert client.get("/data/").status_code == 200
    assert client.get("/audit/").status_code == 403  # an analyst, not an admin
    token_request = sso.token_requests[-1]
    assert token_request["grant_type"] == ["authorization_code"] and len(token_request["code_verifier"][0]) >= 43


def test_a_change_of_groups_at_the_provider_changes_the_role_at_the_next_sign_in(client: Client, sso: StubProvider):
    _return(client, sso, _start(client))
    client.post("/sign-out/")
    response = _return(client, sso, _start(client), groups=["g-admin"], preferred_username="renamed@council.example")
    assert response.status_code == 302
    user = User.objects.get()  # the same user, found by issuer and subject, not by the name sent
    held = user.council_roles.get()  # the role at 990 is gone: the groups now give admin at every council
    assert (user.username, held.role, held.la_code) == ("ann@council.example", "admin", "")


def test_the_highest_role_of_several_groups_is_given(client: Client, sso: StubProvider):
    _return(client, sso, _start(client), groups=["g-viewer-990", "g-analyst-990"])
    assert User.objects.get().council_roles.get().role == "analyst"


def test_groups_for_two_councils_give_a_role_at_each(client: Client, sso: StubProvider):
    """A person who works for two councils: a role at each, the stronger where two groups name one council."""
    response = _return(client, sso, _start(client), groups=["g-viewer-990", "g-viewer-991", "g-analyst-990"])
    assert response.status_code == 302
    user = User.objects.get()
    assert sorted(user.council_roles.values_list("la_code", "role")) == [("990", "analyst"), ("991", "viewer")]
    event = m.AuditEvent.objects.get(action="sign_in")
    assert event.detail["roles"] == {"990": "analyst", "991": "viewer"}
    client.post("/sign-out/")
    _return(client, sso, _start(client), groups=["g-viewer-991"])  # left the 990 groups at the provider
    assert list(user.council_roles.values_list("la_code", "role")) == [("991", "viewer")]


def test_a_person_in_no_mapped_group_is_refused_with_a_clear_page_and_audited(client: Client, sso: StubProvider):
    response = _return(client, sso, _start(client), groups=["g-unrelated"])
    assert response.status_code == 403
    page = response.content.decode()
    assert "You cannot sign in to this service" in page and "not in any group" in page
    assert not User.objects.exists()
    assert "_auth_user_id" not in client.session
    event = m.AuditEvent.objects.get(action="sign_in_refused")
    assert event.username == "ann@council.example" and event.detail["subject"] == "entra-object-id-ann"


def test_too_many_groups_for_the_token_is_refused_with_what_to_do(client: Client, sso: StubProvider):
    response = _return(
        client, sso, _start(client), groups=None, _claim_names={"groups": "src1"}, _claim_sources={"src1": {}}
    )
    assert response.status_code == 403 and "too many groups" in response.content.decode()


def _refused(response: Any, client: Client, because: str) -> None:
    """Refused before anyone is signed in, for the reason ``because`` (the library's error, kept in the audit)."""
    assert response.status_code == 400
    assert "Signing in with Entra Test did not work" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert not User.objects.exists()
    assert m.AuditEvent.objects.filter(action="sign_in_refused").count() == 1
    assert because in m.AuditEvent.objects.get(action="sign_in_refused").detail["error"]


def test_a_forged_state_is_refused(client: Client, sso: StubProvider):
    _refused(
        _return(client, sso, _start(client), state="forged-state-from-another-browser"), client, "MismatchingStateError"
    )


def test_a_return_in_another_browser_is_refused(client: Client, sso: StubProvider):
    request = _start(client)
    _refused(_return(Client(), sso, request), client, "MismatchingStateError")


def test_a_wrong_nonce_is_refused(client: Client, sso: StubProvider):
    _refused(
        _return(client, sso, _start(client), nonce="a-nonce-from-another-request"), client, "Invalid claim: 'nonce'"
    )


def test_a_missing_nonce_is_refused(client: Client, sso: StubProvider):
    _refused(_return(client, sso, _start(client), nonce=None), client, "Missing claim: 'nonce'")


def test_a_token_signed_with_another_key_is_refused(client: Client, sso: StubProvider):
    _refused(_return(client, sso, _start(client), key=OTHER_KEY), client, "BadSignatureError")


def test_a_token_for_another_audience_is_refused(client: Client, sso: StubProvider):
    _refused(_return(client, sso, _start(client), aud="another-application"), client, "Invalid claim: 'aud'")


def test_a_token_for_another_audience_is_refused_even_naming_this_client_as_authorised_party(
    client: Client, sso: StubProvider
):
    _refused(
        _return(client, sso, _start(client), aud="another-application", azp=CLIENT_ID), client, "Invalid claim: 'aud'"
    )


def test_a_token_from_another_issuer_is_refused(client: Client, sso: StubProvider):
    _refused(
        _return(client, sso, _start(client), iss="https://login.example/other-tenant"), client, "Invalid claim: 'iss'"
    )


def test_an_expired_token_is_refused(client: Client, sso: StubProvider):
    now = int(time.time())
    _refused(_return(client, sso, _start(client), iat=now - 7200, exp=now - 3600), client, "ExpiredTokenError")


def test_a_code_used_twice_is_refused_by_the_provider_and_so_by_the_app(client: Client, sso: StubProvider):
    request = _start(client)
    code = "once-only"
    sso.grants[code] = Grant(challenge=request["code_challenge"], claims=_claims(request, sso), key=PROVIDER_KEY)
    assert client.get("/sign-in/sso/callback/", {"code": code, "state": request["state"]}).status_code == 302
    client.post("/sign-out/")
    again = client.get("/sign-in/sso/callback/", {"code": code, "state": request["state"]})
    assert again.status_code == 400  # the state was used up, and the provider forgot the code


def test_a_stopped_user_is_refused(client: Client, sso: StubProvider):
    _return(client, sso, _start(client))
    client.post("/sign-out/")
    User.objects.update(is_active=False)
    response = _return(client, sso, _start(client))
    assert response.status_code == 403 and "has been stopped" in response.content.decode()


def test_a_local_account_still_signs_in_with_its_password(client: Client, sso: StubProvider, make_user: MakeUser):
    make_user("breakglass", "analyst")
    assert client.post("/sign-in/", {"username": "breakglass", "password": PASSWORD})["Location"] == "/"


def test_a_provider_name_that_clashes_with_a_local_username_gets_a_username_of_its_own(
    client: Client, sso: StubProvider, make_user: MakeUser
):
    make_user("ann@council.example", "viewer")
    _return(client, sso, _start(client))
    identity = m.SingleSignOnIdentity.objects.get()
    assert identity.user.username == "ann@council.example-2"
    assert User.objects.get(username="ann@council.example").council_roles.get().role == "viewer"  # untouched


def test_the_group_mapping_is_read_with_councils_and_without():
    assert group_roles_parse(" a=analyst:990 , b=admin,") == (
        GroupRole("a", m.Role.ANALYST, "990"),
        GroupRole("b", m.Role.ADMIN, ""),
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a=boss", "entry 1 ('a=boss'): the role must be one of admin, analyst, manager, viewer, not 'boss'"),
        ("a=admin,analyst", "entry 2 ('analyst'): write it as GROUP=ROLE or GROUP=ROLE:COUNCIL"),
        ("a=admin,a=viewer", "entry 2 ('a=viewer'): the group 'a' is mapped twice"),
        ("a=viewer:9 9", "the council must be a code of letters and digits"),
    ],
)
def test_a_wrong_group_mapping_is_refused_naming_the_entry(text: str, message: str):
    with pytest.raises(ImproperlyConfigured, match=message.replace("(", r"\(").replace(")", r"\)")):
        group_roles_parse(text)


def test_a_code_issued_for_another_pkce_challenge_is_refused(client: Client, sso: StubProvider):
    # a code stolen from another sign-in: its challenge is not this session's verifier's
    request = _start(client)
    other = _start(Client())
    response = _return(client, sso, {**request, "code_challenge": other["code_challenge"]})
    _refused(response, client, "invalid_grant")


def test_serve_refuses_to_start_with_a_wrong_group_mapping(
    sso: StubProvider, settings: Any, capsys: pytest.CaptureFixture[str]
):
    from csc_workforce.cli.serve import start

    settings.OIDC_GROUP_ROLES = "g-admin=superuser"
    assert start(host="127.0.0.1", port=0) == 1
    assert "the role must be one of admin, analyst, manager, viewer, not 'superuser'" in capsys.readouterr().err


def test_single_sign_on_without_its_client_secret_is_refused_naming_the_variable(sso: StubProvider, settings: Any):
    from csc_workforce.store.services.single_sign_on import sso_config

    settings.OIDC_CLIENT_SECRET = ""
    with pytest.raises(ImproperlyConfigured, match="CSC_WORKFORCE_OIDC_CLIENT_SECRET is not set"):
        sso_config()


def test_a_provider_name_with_characters_a_username_cannot_hold_is_made_safe(client: Client, sso: StubProvider):
    """A "/" in the username would break the users page's links for every admin."""
    _return(client, sso, _start(client), preferred_username="COUNCIL/ann smith")
    assert m.SingleSignOnIdentity.objects.get().user.username == "COUNCIL-ann-smith"
    client.force_login(User.objects.create_user("boss"))
    m.CouncilRole.objects.create(user=User.objects.get(username="boss"), role="admin")
    assert client.get("/users/").status_code == 200


def test_two_first_sign_ins_at_once_give_one_user_not_a_server_error(
    client: Client, sso: StubProvider, monkeypatch: pytest.MonkeyPatch
):
    """When the other tab's first sign-in makes the identity just before this one inserts it, the insert fails
    (IntegrityError, rolling back this attempt): the sign-in is tried once more, and finds or makes the one
    identity, rather than giving a server error."""
    from django.db import IntegrityError

    from csc_workforce.store.services import single_sign_on as service

    real, calls = service._sign_in, []

    def raced(*args: Any, **kwargs: Any) -> User:
        calls.append(1)
        if len(calls) == 1:
            raise IntegrityError("UNIQUE constraint failed: workforce_singlesignonidentity.issuer, subject")
        return real(*args, **kwargs)

    monkeypatch.setattr(service, "_sign_in", raced)
    response = _return(client, sso, _start(client))
    assert response.status_code == 302 and len(calls) == 2
    assert m.SingleSignOnIdentity.objects.count() == 1 and User.objects.count() == 1
