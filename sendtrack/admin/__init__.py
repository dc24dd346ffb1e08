"""sendtrack's own admin pages: the document builds, the emails sent, the published summaries
and the co-production log. The pieces every app's admin shares are in ``sendtrack.kernel.admin``."""

from sendtrack.coproduction import admin as coproduction_admin  # noqa: F401
from sendtrack.publications import admin as publications_admin  # noqa: F401

from . import documents, emails  # noqa: F401
