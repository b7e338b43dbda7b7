"""/healthz for the load balancer: 200 when the database and the cache answer, 503 otherwise."""

from unittest import mock

import pytest

pytestmark = pytest.mark.django_db


def test_healthz_answers_when_database_and_cache_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_healthz_answers_503_when_the_cache_or_database_fails(client):
    with mock.patch("articles.views.cache.set", side_effect=ConnectionError("redis down")):
        response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["cache"] == "error: ConnectionError"
    with mock.patch("articles.views.connection.cursor", side_effect=OSError("db down")):
        response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["database"] == "error: OSError"
