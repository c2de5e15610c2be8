import os

import pytest


@pytest.fixture(autouse=True)
def _isolate(tmp_path_factory, monkeypatch):
    """No test reads the user's records or git config, or writes to the home folder."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("SALESCTL_RECORDS", raising=False)
    monkeypatch.delenv("SALESCTL_AUTHOR", raising=False)
    monkeypatch.delenv("SALESCTL_NOW", raising=False)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    # English unless a test asks for Chinese (--lang, SALESCTL_LANG): the machine's locale decides nothing.
    monkeypatch.setenv("SALESCTL_LANG", "en")
    monkeypatch.delenv("LANGUAGE", raising=False)
    for k, v in {"GIT_AUTHOR_NAME": "Test Admin", "GIT_AUTHOR_EMAIL": "admin@example.com",
                 "GIT_COMMITTER_NAME": "Test Admin", "GIT_COMMITTER_EMAIL": "admin@example.com"}.items():
        monkeypatch.setenv(k, v)
