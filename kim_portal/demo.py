"""Demo data registry: ``seed_demo`` loads the core's demo data, then runs the seeders that
apps register in their ``demo.py`` (``@demo_seeder``), in dependency order. Keeps the core
free of imports from the apps that build on it."""

from collections.abc import Callable

_seeders: list[tuple[int, Callable]] = []


def demo_seeder(order: int):
    """Register ``func(stdout)``: loads an app's demo data idempotently. Lower runs first."""

    def decorator(func):
        if all(existing is not func for _o, existing in _seeders):
            _seeders.append((order, func))
        return func

    return decorator


def demo_seeders() -> list[Callable]:
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("demo")
    return [func for _order, func in sorted(_seeders, key=lambda item: item[0])]
