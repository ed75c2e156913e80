"""The README and the guides in docs/ tell the truth about the project they describe.

Each check reads files only (no server, no database): every relative link leads to a file
and, with an #anchor, to a heading of it; every `make` target and `manage.py` command named
exists; every environment variable the settings read is documented in docs/configuration.md
and listed in .env.example; the README stays short. A failure names the file and the link,
target, command or variable.
"""

import re
from pathlib import Path

from django.core.management import get_commands

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
SETTINGS = sorted((ROOT / "occ_site/settings").glob("*.py"))
CONFIGURATION = ROOT / "docs/configuration.md"
ENV_EXAMPLE = ROOT / ".env.example"
README_MAX_LINES = 250

FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)
CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.DOTALL)
LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$", re.MULTILINE)
MAKE_TARGET = re.compile(r"\bmake[ \t]+(?:[A-Z][A-Z0-9_]*=\S+[ \t]+)*([a-z][a-z0-9_-]*)")
MAKEFILE_TARGET = re.compile(r"^([A-Za-z0-9_.-]+)\s*:(?!=)", re.MULTILINE)
MANAGE_COMMAND = re.compile(r"\bmanage\.py[ \t]+([a-z][a-z0-9_]*)")
# How the settings read the environment: os.environ / os.getenv directly, an `environ` mapping
# passed in (s3_media_storage), and the helpers of occ_site/settings/base.py.
ENVIRONMENT_READ = re.compile(
    r"""(?:\benviron\.get\(|\benviron\[|\bos\.getenv\(|\benv_bool\(|\benv_list\()\s*["']([A-Z][A-Z0-9_]*)["']"""
)
# production.py checks required names in a loop: for _required in ("A", "B"): if not os.environ.get(_required)
REQUIRED_LOOP = re.compile(r"for \w+ in \(([^)]*)\):\s*\n\s*if not os\.environ\.get\(")


def relative(path):
    return str(path.relative_to(ROOT))


def without_code(text):
    """The Markdown text with code blocks and code spans blanked out (links in code are not links)."""
    return CODE_SPAN.sub(" ", FENCE.sub(" ", text))


def code_of(text):
    """Each code block and code span: where commands are written."""
    blocks = [match.group(0) for match in FENCE.finditer(text)]
    spans = [match.group(2) for match in CODE_SPAN.finditer(FENCE.sub(" ", text))]
    return blocks + spans


def github_anchor(heading):
    """The anchor GitHub gives a heading: lower case, punctuation removed, spaces to hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link in a heading: its text
    text = text.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors_of(path):
    """Every anchor of a Markdown file, with GitHub's -1, -2 … for repeated headings."""
    anchors, seen = set(), {}
    for heading in HEADING.findall(FENCE.sub(" ", path.read_text())):
        anchor = github_anchor(heading)
        count = seen.get(anchor, 0)
        seen[anchor] = count + 1
        anchors.add(anchor if count == 0 else f"{anchor}-{count}")
    return anchors


def relative_links():
    links = []
    for path in DOCS:
        for target in sorted(set(LINK.findall(without_code(path.read_text())))):
            if re.match(r"^[a-z][a-z0-9+.-]*:", target):  # https:, mailto: …
                continue
            links.append(pytest.param(path, target, id=f"{relative(path)}:{target}"))
    return links


def named_in_code(pattern):
    named = []
    for path in DOCS:
        names = {name for code in code_of(path.read_text()) for name in pattern.findall(code)}
        named += [pytest.param(path, name, id=f"{relative(path)}:{name}") for name in sorted(names)]
    return named


def variables_read_by_settings():
    names = set()
    for path in SETTINGS:
        text = path.read_text()
        names |= set(ENVIRONMENT_READ.findall(text))
        for names_in_loop in REQUIRED_LOOP.findall(text):
            names |= set(re.findall(r"""["']([A-Z][A-Z0-9_]*)["']""", names_in_loop))
    return sorted(names)


def configuration_rows():
    """The rows of docs/configuration.md's tables by variable name: the cells of its row."""
    rows = {}
    for line in CONFIGURATION.read_text().splitlines():
        if not line.startswith("| `"):
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        for name in re.findall(r"`([A-Z][A-Z0-9_]*)`", cells[0]):
            rows[name] = cells
    return rows


@pytest.mark.parametrize(("path", "target"), relative_links())
def test_a_relative_link_leads_to_a_file_and_heading(path, target):
    address, _, anchor = target.partition("#")
    linked = (path.parent / address).resolve() if address else path
    assert linked.exists(), f"{relative(path)}: the link {target!r} leads to a file that does not exist"
    if anchor and linked.suffix == ".md":
        assert anchor in anchors_of(linked), (
            f"{relative(path)}: the link {target!r} names no heading of {relative(linked)}"
        )


@pytest.mark.parametrize(("path", "target"), named_in_code(MAKE_TARGET))
def test_a_make_target_named_exists_in_the_makefile(path, target):
    targets = set(MAKEFILE_TARGET.findall((ROOT / "Makefile").read_text()))
    assert target in targets, f"{relative(path)}: `make {target}` is not a target of the Makefile"


@pytest.mark.parametrize(("path", "command"), named_in_code(MANAGE_COMMAND))
def test_a_manage_py_command_named_exists(path, command):
    assert command in get_commands(), f"{relative(path)}: `manage.py {command}` is not a management command"


@pytest.mark.parametrize("name", variables_read_by_settings())
def test_a_variable_the_settings_read_is_in_the_configuration_table(name):
    cells = configuration_rows().get(name)
    assert cells, f"{name} is read by occ_site/settings but not in a table of docs/configuration.md"
    assert len(cells) == 3 and all(cells), f"docs/configuration.md: {name} needs its default and what it does"


@pytest.mark.parametrize("name", variables_read_by_settings())
def test_a_variable_the_settings_read_is_in_env_example(name):
    listed = re.search(rf"^(?:#[ \t]*)?{name}=", ENV_EXAMPLE.read_text(), re.MULTILINE)
    assert listed, f".env.example: {name} is read by occ_site/settings but not listed (as {name}= or # {name}=)"


def test_the_readme_is_short():
    lines = len((ROOT / "README.md").read_text().splitlines())
    assert lines <= README_MAX_LINES, f"README.md has {lines} lines; at most {README_MAX_LINES}: move the rest to docs/"


def test_the_checks_find_what_they_look_for():
    """The patterns above find what the files hold, so a check cannot pass by finding nothing."""
    assert {ROOT / "docs/configuration.md", ROOT / "docs/security.md"} <= set(DOCS)
    assert len(relative_links()) > 20
    assert {"run", "test", "test-fast", "backup", "restore"} <= {p.values[1] for p in named_in_code(MAKE_TARGET)}
    assert {"setup_site", "db_worker", "enrol_totp"} <= {p.values[1] for p in named_in_code(MANAGE_COMMAND)}
    # os.environ.get, os.environ[...], env_bool, env_list, the environ passed to s3_media_storage
    # and production.py's loop over the required names.
    assert {
        "DJANGO_CONN_MAX_AGE", "POSTGRES_HOST", "DJANGO_SERVE_MEDIA", "DJANGO_ALLOWED_HOSTS",
        "AWS_S3_ENDPOINT_URL", "DJANGO_SECRET_KEY", "OCC_TEST_MEDIA_ROOT",
    } <= set(variables_read_by_settings())
    assert github_anchor("A new installation: `setup_site`") == "a-new-installation-setup_site"
    assert github_anchor("Backups and restore") == "backups-and-restore"
    assert github_anchor("Where award pages live, and why") == "where-award-pages-live-and-why"
