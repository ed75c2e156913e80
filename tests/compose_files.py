"""docker-compose.yml and .env files read as compose reads them: which services run the app's image,
what a container's environment holds, ${VAR:-default} interpolation."""

import re


def app_services(compose):
    """The services that run the app's own image (build: .)."""
    return {name: service for name, service in compose["services"].items() if service.get("build") == "."}


def interpolate(value, env):
    """Compose's ${VAR}, ${VAR:-default} and ${VAR:?error} (and $$ for a literal $)."""

    def replace(match):
        name, operator, rest = match.group(1), match.group(2), match.group(3)
        if operator == ":?" and not env.get(name):
            raise AssertionError(f"compose would refuse to start: {rest}")
        return env.get(name) or (rest if operator == ":-" else "")

    text = re.sub(r"\$\{(\w+)(?:(:-|:\?)([^}]*))?\}", replace, str(value).replace("$$", "\0"))
    return text.replace("\0", "$")


def env_file(path):
    values = {}
    for line in path.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            values[name.strip()] = value
    return values


def container_env(compose, service, dotenv):
    """What a service's container sees: the env_file, then its environment block (interpolated)."""
    spec = compose["services"][service]
    env = dict(dotenv) if spec.get("env_file") == ".env" else {}
    env.update({name: interpolate(value, dotenv) for name, value in spec.get("environment", {}).items()})
    return env
