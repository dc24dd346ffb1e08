"""Kept by this name for the migrations that import it (migrations are never rewritten); the
roles live in ``sendtrack.kernel.roles``."""

from sendtrack.kernel.roles import sync_role_permissions

__all__ = ["sync_role_permissions"]
