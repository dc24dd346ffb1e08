"""Single sign-on: staff of the council and its partners sign in with their organisation's
OpenID Connect identity provider (mozilla-django-oidc does the protocol: state, nonce, PKCE,
the code exchange and the ID token's signature against the provider's keys).

Everything comes from the settings, read from the environment (README, "Single sign-on"):
the provider's issuer or discovery document, or each endpoint; the client; the claim whose
groups map to sendtrack's roles, and the claim (or fixed name) that maps to an organisation.
Without a client id nothing here is switched on: the sign-in page offers passwords alone and
these addresses answer "not found". Local passwords always work, behind django-axes.

A user is matched by the provider's subject, never by email address, so that no account
at the provider can take over a local one (the break-glass superuser's, say). Someone whose
groups give no role is refused, not let in with none; roles are brought up to date from the
provider's groups at every sign-in.
"""

from __future__ import annotations

import hashlib
import logging
import time
from typing import Any
from urllib.parse import urlencode, urlsplit

import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.views import LoginView, LogoutView
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from governance.models import Organisation, Person, the_council
from sendtrack.kernel import roles

LOGGER = logging.getLogger(__name__)

# Settings that the provider's discovery document answers, unless given on their own.
DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
    "OIDC_OP_LOGOUT_ENDPOINT": "end_session_endpoint",
}
# Discovery documents read, by address, with when they were read: kept for an hour.
_documents: dict[str, tuple[float, dict[str, Any]]] = {}
DOCUMENT_KEPT_SECONDS = 3600
REFUSED = "sso_refused"
ROLE_NAMES = (
    roles.PROJECT_LEADS,
    roles.PROGRAMME_OFFICE,
    roles.DIRECTORS,
    roles.SCRUTINY_MEMBERS,
    roles.PARTNER_OFFICERS,
)


def enabled() -> bool:
    """Whether single sign-on is configured (a client id is set)."""
    return bool(getattr(settings, "OIDC_RP_CLIENT_ID", ""))


def provider_name() -> str:
    return settings.OIDC_PROVIDER_NAME


def discovery() -> dict[str, Any]:
    """The provider's discovery document (read once an hour), or {} if none is configured."""
    url = settings.OIDC_DISCOVERY_URL
    if not url:
        return {}
    kept = _documents.get(url)
    if kept and time.monotonic() - kept[0] < DOCUMENT_KEPT_SECONDS:
        return kept[1]
    answer = requests.get(url, timeout=settings.OIDC_TIMEOUT)
    answer.raise_for_status()
    document = answer.json()
    _documents[url] = (time.monotonic(), document)
    return document


def setting(name: str, *default):
    """A mozilla-django-oidc setting: endpoints from the settings, else from discovery."""
    if name in DISCOVERED and not getattr(settings, name, ""):
        found = discovery().get(DISCOVERED[name]) if enabled() else None
        if found:
            return found
        if default:
            return default[0]
        raise ImproperlyConfigured(
            f"Single sign-on needs {name}, or OIDC_ISSUER / OIDC_DISCOVERY_URL to find it."
        )
    return import_from_settings(name, *default)


def _values(claims: dict[str, Any], claim: str) -> list[str]:
    value = claims.get(claim) if claim else None
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]


def roles_for(claims: dict[str, Any]) -> list[str]:
    """The sendtrack roles the claims' groups map to (OIDC_ROLE_MAP), unknown roles left out."""
    mapping = settings.OIDC_ROLE_MAP
    found = {mapping[v] for v in _values(claims, settings.OIDC_ROLE_CLAIM) if v in mapping}
    unknown = found - set(ROLE_NAMES)
    if unknown:
        LOGGER.error("OIDC_ROLE_MAP names roles sendtrack does not have: %s", sorted(unknown))
    return sorted(found & set(ROLE_NAMES))


def organisation_for(claims: dict[str, Any]) -> Organisation:
    """The organisation the claims map to (OIDC_ORGANISATION_MAP), else the provider's own
    (OIDC_ORGANISATION), else the council."""
    mapping = settings.OIDC_ORGANISATION_MAP
    for value in _values(claims, settings.OIDC_ORGANISATION_CLAIM):
        if value in mapping:
            return Organisation.objects.get(name=mapping[value])
    if settings.OIDC_ORGANISATION:
        return Organisation.objects.get(name=settings.OIDC_ORGANISATION)
    return Organisation.objects.get(pk=the_council())


def username_for(claims: dict[str, Any]) -> str:
    """A username of the provider's subject: stable, and never a local account's."""
    issuer = claims.get("iss") or settings.OIDC_ISSUER or settings.OIDC_DISCOVERY_URL
    digest = hashlib.sha256(f"{issuer}|{claims.get('sub', '')}".encode()).hexdigest()
    return f"sso-{digest[:32]}"


class SingleSignOnBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend with endpoints found by discovery, users matched by
    subject, the ID token's issuer and audience checked, and roles and organisation mapped."""

    get_settings = staticmethod(setting)

    def __init__(self, *args, **kwargs):
        # The parent reads every endpoint here; they are read when first needed instead, so
        # that a site without single sign-on never asks for them.
        self.UserModel = get_user_model()

    OIDC_OP_TOKEN_ENDPOINT = property(lambda self: setting("OIDC_OP_TOKEN_ENDPOINT"))
    OIDC_OP_USER_ENDPOINT = property(lambda self: setting("OIDC_OP_USER_ENDPOINT"))
    OIDC_OP_JWKS_ENDPOINT = property(lambda self: setting("OIDC_OP_JWKS_ENDPOINT", None))
    OIDC_RP_CLIENT_ID = property(lambda self: settings.OIDC_RP_CLIENT_ID)
    OIDC_RP_CLIENT_SECRET = property(lambda self: settings.OIDC_RP_CLIENT_SECRET)
    OIDC_RP_SIGN_ALGO = property(lambda self: settings.OIDC_RP_SIGN_ALGO)
    OIDC_RP_IDP_SIGN_KEY = None

    def authenticate(self, request, **kwargs):
        if not enabled() or request is None:
            return None
        return super().authenticate(request, **kwargs)

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if settings.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("The ID token was not issued to sendtrack.")
        issuer = discovery().get("issuer") or settings.OIDC_ISSUER
        if issuer and payload.get("iss") != issuer:
            raise SuspiciousOperation("The ID token comes from another issuer.")
        self._id_claims = payload
        return payload

    def _claims(self, claims: dict[str, Any]) -> dict[str, Any]:
        # The ID token's subject and issuer, with the user information's claims.
        return {**getattr(self, "_id_claims", {}), **claims}

    def verify_claims(self, claims):
        claims = self._claims(claims)
        if not claims.get("sub"):
            return False
        if not roles_for(claims):
            LOGGER.warning("Single sign-on refused: no role for subject %s", claims.get("sub"))
            self.request.session[REFUSED] = "no_role"
            return False
        return True

    def filter_users_by_claims(self, claims):
        return self.UserModel.objects.filter(username=username_for(self._claims(claims)))

    @transaction.atomic
    def create_user(self, claims):
        claims = self._claims(claims)
        user = self.UserModel.objects.create_user(
            username_for(claims),
            email=claims.get("email", ""),
            first_name=claims.get("given_name", "")[:150],
            last_name=claims.get("family_name", "")[:150],
        )
        user.set_unusable_password()
        user.is_staff = True
        user.save()
        self._set_roles(user, claims)
        name = claims.get("name") or user.get_full_name() or claims.get("email") or user.username
        person = (
            Person.objects.filter(email__iexact=claims.get("email"), user=None).first()
            if claims.get("email")
            else None
        )
        if person is None:
            person = Person(name=name, email=claims.get("email", ""))
        person.user = user
        person.organisation = organisation_for(claims)
        person.save()
        return user

    def update_user(self, user, claims):
        claims = self._claims(claims)
        if user.is_superuser:
            raise SuspiciousOperation("A superuser signs in with a local password only.")
        self._set_roles(user, claims)
        return user

    @staticmethod
    def _set_roles(user, claims: dict[str, Any]) -> None:
        # The provider is the source of the roles: those it no longer gives are taken away.
        wanted = set(roles_for(claims))
        current = set(user.groups.filter(name__in=ROLE_NAMES).values_list("name", flat=True))
        if current - wanted:
            user.groups.remove(*Group.objects.filter(name__in=current - wanted))
        if wanted - current:
            user.groups.add(*Group.objects.filter(name__in=wanted - current))

    # Permissions are answered by the model and rules backends.
    def has_perm(self, user_obj, perm, obj=None):
        return False

    def has_module_perms(self, user_obj, app_label):
        return False

    def get_all_permissions(self, user_obj, obj=None):
        return set()

    get_user_permissions = get_group_permissions = get_all_permissions


class _Enabled:
    get_settings = staticmethod(setting)

    def dispatch(self, request, *args, **kwargs):
        if not enabled():
            raise Http404("Single sign-on is not configured.")
        return super().dispatch(request, *args, **kwargs)


class SignOnStart(_Enabled, OIDCAuthenticationRequestView):
    """Sends the browser to the provider's sign-in, with state, nonce and PKCE."""

    def __init__(self, *args, **kwargs):
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)

    OIDC_OP_AUTH_ENDPOINT = property(lambda self: setting("OIDC_OP_AUTHORIZATION_ENDPOINT"))
    OIDC_RP_CLIENT_ID = property(lambda self: settings.OIDC_RP_CLIENT_ID)


class SignOnCallback(_Enabled, OIDCAuthenticationCallbackView):
    """Where the provider sends the browser back: the code is exchanged and the user signed
    in, or refused with the reason."""

    @property
    def failure_url(self):
        return reverse("sso-refused")

    def login_success(self):
        self.request.session["sso_signed_in"] = True
        return super().login_success()


class SignInView(LoginView):
    """The sign-in page: a username and password, and, when single sign-on is configured, a
    link to sign in with the provider."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sso_provider"] = provider_name() if enabled() else None
        return context


def refused(request):
    """The page shown when single sign-on lets nobody in: no role, or the provider said no."""
    if not enabled():
        raise Http404("Single sign-on is not configured.")
    reason = request.session.pop(REFUSED, "")
    context = {"provider": provider_name(), "no_role": reason == "no_role"}
    return render(request, "registration/sso_refused.html", context, status=403)


class SignOutView(LogoutView):
    """Signs out of sendtrack and, for someone who signed in with the provider, out of the
    provider too (its end-session endpoint), when it has one."""

    def post(self, request, *args, **kwargs):
        ending = end_session_url(request) if request.session.get("sso_signed_in") else None
        response = super().post(request, *args, **kwargs)
        return HttpResponseRedirect(ending) if ending else response


def end_session_url(request) -> str | None:
    """The provider's end-session address for this sign-in, coming back to the sign-in page."""
    if not enabled():
        return None
    try:
        endpoint = setting("OIDC_OP_LOGOUT_ENDPOINT", None)
    except requests.RequestException:
        LOGGER.warning("The identity provider's discovery document could not be read.")
        return None
    if not endpoint:
        return None
    params = {
        "post_logout_redirect_uri": request.build_absolute_uri(reverse("login")),
        "client_id": settings.OIDC_RP_CLIENT_ID,
    }
    if token := request.session.get("oidc_id_token"):
        params["id_token_hint"] = token
    return f"{endpoint}?{urlencode(params)}"


def provider_origins() -> list[str]:
    """The provider's origin, for the Content-Security-Policy's form-action: signing out is a
    form whose answer sends the browser on to the provider."""
    origins = []
    for url in (settings.OIDC_DISCOVERY_URL, settings.OIDC_OP_LOGOUT_ENDPOINT):
        if url:
            parts = urlsplit(url)
            origins.append(f"{parts.scheme}://{parts.netloc}")
    return sorted(set(origins))
