"""The README says what the code does: its command table is the CLI's commands and options, its settings
table the ARCHIVE_* variables archive/config.py reads, its JSON sketches the records' to_dict keys.

As sqlite-utils checks its CLI reference: read the README, introspect the click group, compare both ways.
No index, no model.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterator

import click
import pytest

import archive.cli
import archive.config
from archive.models import DocumentRecord, Entities, Hit, SearchRequest, SearchResult, Snippet, entities_to_dict
from archive.registry import facets
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
OPTION = re.compile(r"\[(--[\w-]+)(?: ([^\]]+))?\]")  # [--flag] or [--option VALUE]
PLACEHOLDER = re.compile(r"[A-Z][A-Z_]*")  # N, DIR, DATE: a value, not a default


def section(title: str) -> str:
    """Return the text of a README section, from its heading to the next one."""
    found = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", README, re.M | re.S)
    assert found, f"README has no section {title!r}"
    return found.group(1)


def table_rows(text: str) -> list[list[str]]:
    """Return the cells of a Markdown table's body rows (escaped pipes kept inside their cell)."""
    rows = [line for line in text.splitlines() if line.startswith("|")][2:]
    return [[cell.strip() for cell in re.split(r"(?<!\\)\|", row)[1:-1]] for row in rows]


def documented_rows() -> dict[str, tuple[str, str]]:
    """Return the rows of the command table by command path ("search"): the synopsis and what it does."""
    rows = {}
    for synopsis, description in table_rows(section("The command line")):
        found = re.fullmatch(r"`archive ((?:[a-z][\w-]*(?: |(?=`)))+)([^`]*)`", synopsis)
        assert found, f"a command cell is not `archive COMMAND ...`: {synopsis}"
        rows[" ".join(found.group(1).split())] = (found.group(1) + found.group(2), description)
    return rows


def documented_commands() -> dict[str, str]:
    """Return each documented command's synopsis (after `archive `) by command path."""
    return {path: synopsis for path, (synopsis, _) in documented_rows().items()}


def cli_commands(group: click.Group, prefix: str = "") -> Iterator[tuple[str, click.Command]]:
    """Yield every visible command and subcommand of a group by its path ("search", "entities merge")."""
    for name, command in group.commands.items():
        if command.hidden:
            continue
        path = f"{prefix}{name}"
        yield path, command
        if isinstance(command, click.Group):
            yield from cli_commands(command, path + " ")


def options(command: click.Command) -> dict[str, click.Option]:
    """Return a command's long options by flag (click's own -h/--help aside)."""
    return {
        flag: param
        for param in command.params
        if isinstance(param, click.Option) and not param.hidden
        for flag in (*param.opts, *param.secondary_opts)
        if flag.startswith("--")
    }


def documented_options(synopsis: str) -> dict[str, str | None]:
    """Return the options of a synopsis with the value each shows: a placeholder, choices or a default."""
    return {flag: value for flag, value in OPTION.findall(synopsis.replace("\\|", "|"))} | {
        flag: None for flag in re.findall(r"(?<!\[)(--[\w-]+)", synopsis)
    }


def commands() -> dict[str, click.Command]:
    return dict(cli_commands(archive.cli.main))


def test_every_command_is_documented_and_every_documented_command_exists() -> None:
    assert set(documented_commands()) == set(commands())


@pytest.mark.parametrize("path", sorted(commands()))
def test_a_commands_options_are_the_documented_ones(path: str) -> None:
    synopsis = documented_commands().get(path)
    assert synopsis is not None, f"README: no row for `archive {path}`"
    assert set(documented_options(synopsis)) == set(options(commands()[path])), f"`archive {path}`"


@pytest.mark.parametrize("path", sorted(commands()))
def test_documented_values_are_the_options_choices_defaults_and_flags(path: str) -> None:
    """`[--sort relevance|date]` lists the choices, `[--port 5000]` is the default, `[--json]` takes no value."""
    synopsis = documented_commands().get(path, "")
    declared = options(commands()[path])
    for flag, shown in documented_options(synopsis).items():
        option = declared.get(flag)
        if option is None:
            continue  # the test above names it
        if not shown:
            assert option.is_flag, f"`archive {path}`: README shows {flag} with no value, but it takes one"
        elif "|" in shown:
            assert isinstance(option.type, click.Choice), f"`archive {path} {flag}` has no choices"
            assert shown.split("|") == list(option.type.choices), f"`archive {path} {flag}`"
        else:
            assert not option.is_flag, f"`archive {path}`: README shows {flag} with a value, but it is a flag"
            if not PLACEHOLDER.fullmatch(shown):
                assert shown == str(option.default), f"`archive {path} {flag}`: default {option.default!r}"


@pytest.mark.parametrize("path", sorted(commands()))
def test_a_commands_arguments_are_documented_with_whether_they_are_optional(path: str) -> None:
    synopsis = OPTION.sub("", documented_commands().get(path, "")).split()[len(path.split()) :]
    documented = [word.startswith("[") for word in synopsis]
    declared = [not a.required for a in commands()[path].params if isinstance(a, click.Argument)]
    assert documented == declared, f"`archive {path}`: README shows {synopsis}"


def test_the_group_options_are_in_the_synopsis() -> None:
    synopsis = " ".join(
        line.strip() for line in section("The command line").splitlines() if line.startswith("    archive")
    )
    documented = documented_options(synopsis)
    assert set(documented) == set(options(archive.cli.main))
    assert documented["--documents"] and documented["--index"] and documented["--version"] is None


def test_every_setting_in_the_readme_is_read_by_config_and_the_other_way_round() -> None:
    documented = set(re.findall(r"`(ARCHIVE_\w+)`", section("Settings")))
    read = set(re.findall(r"\"(ARCHIVE_[A-Z_]+)\"", inspect.getsource(archive.config)))
    assert {var for var, _, _ in archive.config.ENV.values()} <= read
    assert documented == read


def test_the_flags_in_the_settings_table_exist() -> None:
    for cells in table_rows(section("Settings")):
        for flag in re.findall(r"`([^`]*--[\w-]+)`", cells[2]):
            *path, name = flag.split()
            command = commands()[" ".join(path)] if path else archive.cli.main
            assert name in options(command), f"Settings table: `{flag}`"


def sketch_keys(text: str) -> list[str]:
    """Return the keys of the first {...} in a README JSON sketch: {"a", "b": ..., "c": "value"} has a, b, c."""
    depth, keys, previous = 0, [], ""
    for token in re.findall(r'"[^"]*"|[{}\[\]:,]', text[text.index("{") :]):
        if token in "{[":
            depth += 1
        elif token in "}]":
            depth -= 1
            if depth == 0:
                break
        elif token.startswith('"') and depth == 1 and previous != ":":
            keys.append(token[1:-1])
        previous = token
    return keys


def sketch_value(text: str, key: str) -> str:
    """Return the sketch of a key's value, from the text after `"key":`."""
    return text[text.index(f'"{key}":') + len(key) + 3 :]


def test_search_json_sketch_has_the_keys_search_prints() -> None:
    sketch = re.search(r"`(\{\"total\"[^`]*)`", section("The command line"))
    assert sketch, "README: no `archive search --json` sketch"
    result = SearchResult(SearchRequest(), 0, (), {}).to_dict()
    hit = Hit("id", "t", None, 1.0, Snippet(""), "p", {f.name: () for f in facets()}).to_dict()
    assert sketch_keys(sketch.group(1)) == list(result)
    assert sketch_keys(sketch_value(sketch.group(1), "hits")) == list(hit)
    facet_keys = [*(f.name for f in facets()), *result["timeline"]]
    assert sketch_keys(sketch_value(sketch.group(1), "facets")) == facet_keys
    assert sketch_keys(sketch_value(sketch.group(1), "timeline")) == list(result["timeline"])


def test_show_and_extract_json_sketches_have_the_keys_they_print() -> None:
    rows = documented_rows()
    show = re.search(r"`(\{[^`]*)`", rows["show"][1])
    extract = re.search(r"`(\{[^`]*)`", rows["extract"][1])
    assert show and extract, "README: no JSON sketch for `archive show --json` or `archive extract`"
    record = DocumentRecord("id", "path", "title", None, "body", {}, Entities()).to_dict()
    assert sketch_keys(show.group(1)) == list(record)
    assert sketch_keys(extract.group(1)) == ["title", "text", "published", *entities_to_dict(Entities())]
