import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded and generated files go to a folder of their own for each test."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def logins_unthrottled(settings):
    """Tests that sign staff in with force_login (no request, no IP) leave the login throttle out."""
    settings.AXES_ENABLED = False
