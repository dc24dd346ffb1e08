import pytest

from tests.governance.assurance_fixtures import build_area6


@pytest.fixture
def area6(db) -> dict:
    """Area 6 with one plan action in each state (see ``build_area6``)."""
    return build_area6()
