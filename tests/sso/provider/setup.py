"""Prepares the test provider's database: its signing key, a client for sendtrack and users.

Run as ``python -m tests.sso.provider.setup <redirect_uri> <post_logout_uri>`` with the
provider's settings."""

import sys

import django

django.setup()

from django.contrib.auth.models import Group, User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from oidc_provider.models import Client, ResponseType  # noqa: E402

call_command("migrate", verbosity=0)
call_command("creatersakey")
redirect_uri, logout_uri = sys.argv[1:3]
client = Client.objects.create(
    name="sendtrack",
    client_type="confidential",
    client_id="sendtrack",
    client_secret="sendtrack-secret",  # noqa: S106
    jwt_alg="RS256",
    require_consent=False,
    _redirect_uris=redirect_uri,
    _post_logout_redirect_uris=logout_uri,
    _scope="openid email profile groups",
)
client.response_types.set([ResponseType.objects.get(value="code")])
for username, first, last, groups in [
    ("nadia", "Nadia", "Clarke", ["send-commissioners", "org:icb"]),
    ("oliver", "Oliver", "Grant", ["finance"]),
]:
    user = User.objects.create_user(
        username, f"{username}@example.org", "provider-password", first_name=first, last_name=last
    )
    user.groups.set([Group.objects.get_or_create(name=n)[0] for n in groups])
