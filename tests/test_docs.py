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


def test_readme_names_every_table_and_view_of_the_schema():
    from loaders import schema

    missing = [name for name in [*schema.TABLES, *schema.VIEWS] if f"`{name}`" not in README]
    assert not missing, f"README.md does not describe {missing}"


def test_readme_names_every_knowledge_file():
    corpus = Path(__file__).resolve().parent.parent / "corpus"
    missing = [p.name for p in corpus.glob("*.yml") if f"`{p.name}`" not in README]
    assert not missing, f"README.md does not name corpus/{missing}"
