"""The test settings clean up after themselves: no media folder is left in /tmp by a test run."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_temporary_media_root_is_removed_when_the_run_ends():
    script = (
        "from pathlib import Path; from tests import settings; "
        "media = Path(settings.MEDIA_ROOT); (media / 'photos').mkdir(); "
        "(media / 'photos' / 'a.jpg').write_bytes(b'x'); "
        "print(media)"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    media = Path(result.stdout.strip())
    assert media.name.startswith("newsroom-test-media-")
    assert not media.exists()
