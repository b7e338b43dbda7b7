"""The demo's data files: a writer's slip is named, with its file and story, before anything loads."""

import shutil

import pytest
from django.core.management import CommandError, call_command

from articles.demo import specs
from articles.demo.specs import DemoDataError
from articles.models import Article


@pytest.fixture
def data(tmp_path):
    """A copy of the data files to break."""
    root = tmp_path / "data"
    shutil.copytree(specs.DATA, root)
    return root


def edit(path, old, new):
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_the_shipped_data_reads_with_every_story_complete():
    data = specs.read()
    assert data.stories and data.scheduled_stories and data.live_stories
    assert len({story.slug for story in data.stories}) == len(data.stories), "two stories share an address"
    for story in data.stories:
        assert story.headline and story.lead and story.bylines and story.pool, story


def test_a_misspelt_field_names_the_file_and_the_story(data):
    edit(data / "stories/world.toml", "\ndek = ", "\ndeck = ")

    with pytest.raises(DemoDataError) as error:
        specs.read.__wrapped__(data)

    message = str(error.value)
    assert message.startswith("stories/world.toml, story 1 (Aid groups race to stock winter food")
    assert "unknown field deck; missing dek" in message


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        ("stories/sport.toml", 'bylines = ["marco-bellini"]', 'bylines = ["marco-belini"]',
         "no author 'marco-belini' in authors.toml"),
        ("stories/world.toml", 'photo = "kabul-hills"', 'photo = "kabul-hill"', "no photo 'kabul-hill' in photos.toml"),
        ("stories/world.toml", 'dateline = "MOSCOW"', 'dateline = "Moscow"', "no dateline 'Moscow' in desk.toml"),
        ("stories/culture.toml", 'tags = ["Art"]', 'tags = ["Arts"]', "no tag 'Arts' in desk.toml"),
        ("stories/world.toml", 'pool = "aid"', 'pool = "relief"', "no pool 'relief' in shared-paragraphs.toml"),
        ("stories/world.toml", 'origin = "wire"', 'origin = "agency"', "no origin 'agency'"),
    ],
)
def test_a_name_that_points_nowhere_is_refused(data, file, old, new, expected):
    edit(data / file, old, new)

    with pytest.raises(DemoDataError, match=expected) as error:
        specs.read.__wrapped__(data)

    assert str(error.value).startswith(f"{file}, story ")


def test_a_stories_file_for_no_section_is_refused(data):
    (data / "stories/weather.toml").write_text("")

    with pytest.raises(DemoDataError, match="stories/weather.toml: no section has the slug 'weather'"):
        specs.read.__wrapped__(data)


def test_a_beat_without_closing_paragraphs_is_refused(data):
    edit(data / "shared-paragraphs.toml", "\nclosing = ", "\nclosings = ")

    with pytest.raises(DemoDataError, match=r"shared-paragraphs.toml, \[diplomacy\]: needs context, subheads and clos"):
        specs.read.__wrapped__(data)


def test_broken_toml_names_the_file_and_line(data):
    edit(data / "photos.toml", 'key = "glacier"', 'key = "glacier')

    with pytest.raises(DemoDataError, match=r"^photos.toml: .*line \d+"):
        specs.read.__wrapped__(data)


@pytest.mark.django_db
def test_the_command_says_what_to_fix_and_loads_nothing(data, monkeypatch):
    edit(data / "authors.toml", 'reporter_author = "priya-raman"', 'reporter_author = "priya"')
    read = specs.read.__wrapped__
    monkeypatch.setattr(specs, "read", lambda: read(data))

    with pytest.raises(CommandError, match="needs fixing: authors.toml, reporter_author: no author 'priya'"):
        call_command("demo", image_scale=0.05)

    assert not Article.objects.exists()
