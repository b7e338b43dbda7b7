"""Settings from the environment: refuse unsafe production, pass check --deploy."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args, **env):
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    full_env.update(env, DJANGO_SETTINGS_MODULE="newsroom.settings")
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=60
    )


def test_debug_off_without_a_secret_key_refuses_to_start():
    result = run_manage("check", DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_settings_pass_check_deploy():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="x" * 20 + "a-real-looking-secret-key-for-tests-1234567890",
        DJANGO_ALLOWED_HOSTS="news.example.com",
        DJANGO_HTTPS="1",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_pages_carry_a_content_security_policy(client, db):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy


def test_without_redis_every_worker_shares_one_cache(tmp_path):
    """Gunicorn's workers are processes: an edit must drop cached pages in all of them."""
    env = {"NEWSROOM_CACHE_DIR": str(tmp_path), "REDIS_URL": ""}
    write = "from django.core.cache import cache; cache.set('shared-check', 'written')"
    read = "from django.core.cache import cache; print(cache.get('shared-check'))"
    assert run_manage("shell", "-c", write, **env).returncode == 0
    result = run_manage("shell", "-c", read, **env)
    assert result.stdout.strip().splitlines()[-1] == "written", result.stdout + result.stderr
