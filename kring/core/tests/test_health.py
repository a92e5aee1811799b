import pytest
from django.db.utils import OperationalError

pytestmark = pytest.mark.smoke


@pytest.mark.django_db
def test_health_reports_ok(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_health_reports_unreachable_database(client, monkeypatch):
    from kring.core import views

    class BrokenConnection:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr(views, "connection", BrokenConnection())
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


@pytest.mark.django_db
def test_health_is_get_only(client):
    assert client.post("/health/").status_code == 405
