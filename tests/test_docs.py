"""The README documents every command and option of the CLI, and the two set-up commands."""

from pathlib import Path

import click
import pytest

from reformkb.cli import cli

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()
COMMANDS = sorted(cli.commands.items())


def test_readme_gives_the_two_commands():
    assert "make serve" in README and "make test" in README


@pytest.mark.parametrize("name,command", COMMANDS)
def test_command_and_options_documented(name, command):
    assert f"reformkb {name}" in README
    for param in command.params:
        if isinstance(param, click.Option):
            for opt in param.opts:
                assert f"{opt}" in README, f"reformkb {name} {opt} is not in the README"
