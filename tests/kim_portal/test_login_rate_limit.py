"""Failed logins are counted in Redis; five for one account lock it for five minutes."""

import pytest
from django.conf import settings
from django.core.cache import cache, caches
from django.urls import reverse

from tests.factories import UserFactory
from tests.kim_portal.helpers import login_with_password

pytestmark = pytest.mark.django_db


def _error_codes(response) -> set[str]:
    return {
        error.code
        for errors in response.context["form"].errors.as_data().values()
        for error in errors
    }


def test_cache_backend_is_redis():
    from django.core.cache.backends.redis import RedisCache

    assert settings.CACHES["default"]["BACKEND"] == "kim_portal.cache.DegradingRedisCache"
    assert isinstance(caches["default"], RedisCache)
    assert settings.CACHES["default"]["LOCATION"] == settings.REDIS_URL


def test_four_failed_logins_still_let_the_right_password_in(client):
    person = UserFactory(roles=["steering_member"])
    for _ in range(4):
        login_with_password(client, person.email, "falsches-passwort")

    response = login_with_password(client, person.email)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(person.pk)


def test_five_failed_logins_lock_the_account_even_for_the_right_password(client):
    person = UserFactory(roles=["steering_member"])
    for _ in range(5):
        login_with_password(client, person.email, "falsches-passwort")

    response = login_with_password(client, person.email)

    assert response.status_code == 200
    assert "too_many_login_attempts" in _error_codes(response)
    assert "_auth_user_id" not in client.session


def test_failed_login_counter_is_kept_in_redis(client):
    person = UserFactory()

    login_with_password(client, person.email, "falsches-passwort")

    redis_client = cache._cache.get_client(write=False)
    keys = [key.decode() for key in redis_client.keys("*allauth:rl:allauth.account:login_failed*")]
    assert keys, "no login_failed counter in the Redis cache"


def test_admin_login_goes_through_allauth(client):
    response = client.get("/admin/login/?next=/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
