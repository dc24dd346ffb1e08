"""What the test provider says about its users: name and email, their groups (the "groups"
scope) and their organisation (from a group named "org:<name>")."""

from oidc_provider.lib.claims import ScopeClaims


def userinfo(claims, user):
    claims["name"] = user.get_full_name()
    claims["given_name"] = user.first_name
    claims["family_name"] = user.last_name
    claims["email"] = user.email
    return claims


class GroupClaims(ScopeClaims):
    info_groups = ("Groups", "The groups you belong to.")

    def scope_groups(self):
        names = list(self.user.groups.values_list("name", flat=True))
        return {
            "groups": [n for n in names if not n.startswith("org:")],
            "organisation": next((n[4:] for n in names if n.startswith("org:")), None),
        }
