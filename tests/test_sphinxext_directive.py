"""The typeddict directive lists every key with its accessor and description."""

from __future__ import annotations

from conftest import Build, key_rows
from sphinx import addnodes

from amgi_types.sphinxext import typeddict_key_term


def accessors(features: Build, typeddict: str) -> list[str]:
    # A bracketed key's id continues with "-" rather than ".".
    ids = (f"typeddict-key-{typeddict}.", f"typeddict-key-{typeddict}-")
    return [a for i, (a, _t, _l) in key_rows(features.html()).items() if i.startswith(ids)]


def test_clean_root_builds_without_any_warning(features: Build) -> None:
    assert features.warnings == ""


def test_keys_in_definition_order_under_the_type_option_root(features: Build) -> None:
    assert accessors(features, "Connection") == [
        'scope["type"]',
        'scope["server"]',
        'scope["server"]["name"]',
        'scope["server"]["versions"]',
        'scope["server"]["versions"]["version"]',
        'scope["server"]["versions"]["spec_version"]',
        'scope["mode"]',
        'scope["timeout"]',
        'scope["retries"]',
        'scope["headers"]',
        'scope["started"]',
        'scope["extra"]',
        'scope["later"]',
        'scope["later"]["flag"]',
    ]


def test_accessor_root_defaults_to_message(features: Build) -> None:
    assert accessors(features, "Versions") == ['message["version"]', 'message["spec_version"]']


def test_inherited_keys_come_first(features: Build) -> None:
    assert accessors(features, "Derived") == [
        'message["id"]',
        'message["note"]',
        'message["extra"]',
        'message["must"]',
    ]


def test_self_reference_is_linked_not_expanded(features: Build) -> None:
    assert accessors(features, "Node") == [
        'message["value"]',
        'message["children"]',
        'message["parent"]',
    ]


def test_union_and_list_of_typeddicts_are_not_expanded(features: Build) -> None:
    assert accessors(features, "Envelope") == [
        'message["reply"]',
        'message["replies"]',
        'message["maybe"]',
    ]


def test_key_containing_dots_is_quoted_in_the_accessor(features: Build) -> None:
    assert accessors(features, "Extensions") == ['scope["extensions"]["message.ack.out_of_order"]']


def test_description_comes_from_the_var_field_parsed_as_rest(features: Build) -> None:
    html = features.html()
    description = html.select_one('dt[id="typeddict-key-Connection.type"] + dd')
    assert description is not None
    assert description.get_text(" ", strip=True) == 'Always "connection" .'
    assert description.select_one("code") is not None
    server = html.select_one('dt[id="typeddict-key-Connection.server"] + dd')
    assert server is not None
    link = server.select_one("a.reference.internal")
    assert link is not None and link["href"] == "#typeddict_features.Server"


def test_inherited_key_keeps_the_base_description(features: Build) -> None:
    description = features.html().select_one('dt[id="typeddict-key-Derived.id"] + dd')
    assert description is not None
    assert description.get_text(" ", strip=True) == "The identifier."


def test_nested_keys_use_the_nested_typeddicts_docstring(features: Build) -> None:
    html = features.html()
    description = html.select_one('dt[id="typeddict-key-Connection.server.versions.version"] + dd')
    assert description is not None
    assert description.get_text(" ", strip=True) == 'The version, "1.0" .'


def test_html_has_classes_for_styling(features: Build) -> None:
    html = features.html()
    container = html.select_one('div.amgi-typeddict[id="typeddict_features.Connection"]')
    assert container is not None
    assert container.select_one("dl.amgi-keys > dt.amgi-key") is not None
    labels = {
        label.get_text() for label in container.select("span.amgi-required, span.amgi-optional")
    }
    assert labels == {"required", "optional"}


def test_doctree_terms_carry_index_entries_for_their_ids(features: Build) -> None:
    terms = list(features.doctree().findall(typeddict_key_term))
    assert len(terms) == len(key_rows(features.html()))
    for term in terms:
        (index,) = term.findall(addnodes.index)
        by_typeddict, *by_key = index["entries"]
        accessor = term.astext().split(" (")[0]
        assert by_typeddict[1].endswith(f"; {accessor}")
        assert by_typeddict[2] == term["ids"][0]
        if accessor.endswith("[...]") or ";" in accessor:
            # Extra items have no name; a ";" would split the entry.
            assert by_key == []
            continue
        # Under the key's own name too.
        ((_type, text, target, _main, _key),) = by_key
        key, _, rest = text.partition("; ")
        assert target == term["ids"][0]
        assert key and accessor.endswith(f'["{key}"]')
        assert rest == f"{accessor} ({by_typeddict[1].partition(';')[0]})"


def test_no_expand_links_a_nested_typeddict_instead_of_listing_its_keys(
    features: Build,
) -> None:
    assert accessors(features, "Server") == ['message["name"]', 'message["versions"]']
    versions_type = features.html().select_one('dt[id="typeddict-key-Server.versions"] em a')
    assert versions_type is not None
    assert versions_type["href"] == "#typeddict_features.Versions"


def test_no_expand_without_names_links_every_nested_typeddict(features: Build) -> None:
    assert accessors(features, "Route") == ['message["primary"]', 'message["versions"]']


def test_typeddict_open_to_other_keys_ends_with_their_type(features: Build) -> None:
    rows = key_rows(features.html())
    assert rows["typeddict-key-Labels.name"] == ('message["name"]', "str", "required")
    assert rows["typeddict-key-Labels-extra-items"] == ("message[...]", "int", "optional")
    closed = [
        i for i in rows if i.endswith("-extra-items") and not i.startswith("typeddict-key-Labels")
    ]
    assert closed == []
