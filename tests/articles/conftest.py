import datetime
import xml.etree.ElementTree as ET
from io import BytesIO

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from campaign.groups import EDITORS, ensure_groups


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def editor(db):
    ensure_groups()
    user = User.objects.create_user("editor", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


@pytest.fixture
def editor_client(client, editor, settings):
    # Login throttling records each login with the client's address; a test login has none.
    settings.AXES_ENABLED = False
    client.force_login(editor)
    return client


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def image_upload(name="photo.jpg", size=(2400, 1800), fmt="JPEG", exif=None, colour=(200, 30, 30)):
    out = BytesIO()
    image = Image.new("RGB", size, colour)
    kwargs = {"exif": exif} if exif is not None else {}
    image.save(out, fmt, **kwargs)
    return SimpleUploadedFile(name, out.getvalue(), content_type=f"image/{fmt.lower()}")


def parse_xml(content):
    """Our own feed and sitemap output (trusted), parsed to check it is well-formed XML."""
    return ET.fromstring(content)  # noqa: S314
