import pytest
from django.core.cache import cache

from tests.factories import make_author, make_section, make_tag


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache, whichever backend is configured."""
    cache.clear()
    yield


@pytest.fixture
def newsroom():
    """A section, a correspondent and a tag, named as the reader pages print them."""
    section = make_section(name="World News", slug="world")
    author = make_author(name="Simon Corlett", slug="simon-corlett", job_title="Moscow correspondent")
    tag = make_tag(name="Russia", slug="russia")
    return section, author, tag


@pytest.fixture
def world():
    """The section wire copy is imported into."""
    return make_section(name="World", slug="world")
