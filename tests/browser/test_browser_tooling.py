"""The browser tests skip locally when their tools are missing, but fail in CI instead of skipping."""

from pathlib import Path

import pytest

from tests.browser import conftest as browser_conftest


@pytest.fixture
def no_chromium(monkeypatch, tmp_path):
    monkeypatch.setattr(browser_conftest, "CHROMIUM", Path(tmp_path, "no-chromium"))


def test_missing_chromium_is_a_skip_on_a_developer_machine(no_chromium, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="chromium"):
        browser_conftest.require_tools()


def test_missing_chromium_is_a_failure_in_ci(no_chromium, monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="not a skip"):
        browser_conftest.require_tools()


def test_ci_setup_script_is_executable_and_idempotent_in_shape():
    setup = Path(browser_conftest.ROOT, ".ci/setup")
    assert setup.stat().st_mode & 0o111
    text = setup.read_text()
    assert "[ -x /usr/bin/chromium ] || packages+=(chromium)" in text
    assert "npm ci" in text and "apt-get install -y" in text
