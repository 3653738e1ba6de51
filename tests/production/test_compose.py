"""docker-compose.yml and the Dockerfile, read as an operator would: every service has its command, its
dependencies and a health check; migrations run once, before anything that needs them; the image installs the
runtime requirements only; and the README's .env example names everything production refuses to start without."""

import re

from tests.conftest import ROOT
from tests.production.compose import APP_SERVICES, compose

README = (ROOT / "README.md").read_text()
SETTINGS = (ROOT / "btb/settings.py").read_text()


def env_example() -> dict[str, str]:
    """The README's ``.env`` example: its one ``dotenv`` block."""
    match = re.search(r"^```dotenv\n(.*?)^```", README, re.M | re.S)
    assert match, "README.md has no .env example block"
    lines = [line for line in match.group(1).splitlines() if line.strip() and not line.startswith("#")]
    return dict(line.split("=", 1) for line in lines)


def test_compose_file_is_a_mapping_of_the_expected_services():
    assert set(compose()["services"]) == {*APP_SERVICES, "db", "redis"}


def test_each_service_has_a_command_or_image_and_a_health_check_or_an_exit():
    services = compose()["services"]
    for name in APP_SERVICES:
        assert services[name]["command"], name
        assert services[name]["build"] == ".", name
    for name in ("web", "worker", "beat", "db", "redis"):
        test = services[name]["healthcheck"]["test"]
        assert test[0] in ("CMD", "CMD-SHELL") and len(test) > 1, name
    # The one-shot: its exit status is its health, and it is never restarted into a loop.
    assert "healthcheck" not in services["migrate"] and services["migrate"]["restart"] == "no"


def test_web_worker_and_beat_wait_for_the_migrations_and_the_services():
    services = compose()["services"]
    for name in ("web", "worker", "beat"):
        assert services[name]["depends_on"] == {
            "db": {"condition": "service_healthy"},
            "redis": {"condition": "service_healthy"},
            "migrate": {"condition": "service_completed_successfully"},
        }, name
    assert services["migrate"]["depends_on"] == {"db": {"condition": "service_healthy"}}


def test_only_the_migrate_service_migrates():
    services = compose()["services"]
    assert services["migrate"]["command"] == "python manage.py migrate_once --noinput"
    for name in ("web", "worker", "beat"):
        assert "migrate" not in str(services[name]["command"]), name
    assert "migrate" not in (ROOT / "Dockerfile").read_text().split("CMD", 1)[1]


def test_web_logs_through_the_gunicorn_config():
    web = compose()["services"]["web"]["command"]
    assert web.startswith("gunicorn btb.wsgi:application --config gunicorn.conf.py ")
    assert "--access-logfile" not in web and "--access-logformat" not in web
    assert '"--config", "gunicorn.conf.py"' in (ROOT / "Dockerfile").read_text()


def test_production_runs_with_debug_off_on_the_compose_services():
    environment = compose()["services"]["web"]["environment"]
    assert environment["DEBUG"] == "false"
    assert environment["DATABASE_URL"].startswith("postgres://") and "@db:5432/" in environment["DATABASE_URL"]
    assert environment["REDIS_URL"] == "redis://redis:6379/0"


def test_the_image_installs_the_runtime_requirements_only():
    dockerfile = (ROOT / "Dockerfile").read_text()
    installs = re.findall(r"pip install[^\n]*", dockerfile)
    assert installs == ["pip install --no-cache-dir -r requirements.txt"]
    runtime = (ROOT / "requirements.txt").read_text().lower()
    for tool in ("pytest", "playwright", "hypothesis", "aiosmtpd", "faker", "factory", "ruff", "pyyaml"):
        assert tool not in runtime, tool
    dev = (ROOT / "requirements-dev.txt").read_text()
    assert dev.splitlines()[1] == "-r requirements.txt"
    for line in (ROOT / "requirements.txt").read_text().splitlines() + dev.splitlines()[2:]:
        assert line.startswith("#") or re.fullmatch(r"[A-Za-z0-9_.\-]+==[0-9][^ ]*", line), line


def refused_without() -> set[str]:
    """The variables btb/settings.py names in its ImproperlyConfigured errors: production will not start without."""
    raises = re.findall(r"raise ImproperlyConfigured\(\s*\"([A-Z][A-Z0-9_]+) must be set", SETTINGS)
    assert raises, "no ImproperlyConfigured found in btb/settings.py"
    return set(raises)


def test_refused_variables_are_the_ones_the_settings_read():
    assert refused_without() == {"SECRET_KEY", "REDIS_URL", "EMAIL_URL", "SITE_URL", "DEFAULT_FROM_EMAIL"}
    for name in refused_without():
        assert f'env.str("{name}"' in SETTINGS, name


def test_env_example_names_every_variable_production_needs():
    example = env_example()
    provided_by_compose = set(compose()["services"]["web"]["environment"])
    for name in refused_without() | {"ALLOWED_HOSTS", "DATABASE_URL"}:
        assert name in example or name in provided_by_compose, name
    # Whatever the compose file takes from the environment must be in the .env example too.
    for name in re.findall(r"\$\{([A-Z_]+)\}", (ROOT / "docker-compose.yml").read_text()):
        assert name in example, name
    for name in ("SECRET_KEY", "EMAIL_URL", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "SITE_URL", "DEFAULT_FROM_EMAIL"):
        assert example.get(name), name
