"""Quote every unquoted date value in a handbook's YAML files: ``effective: 2021-01-01`` -> ``"2021-01-01"``.

YAML 1.1 readers (PyYAML, js-yaml) read an unquoted date as a date object and YAML 1.2 readers as text, so a
file with one fails its own JSON Schema in some tools; ``handbook validate`` reports each one
(schema.yaml11-surprise). This script fixes them: it finds the plain scalars that YAML 1.1 resolves to a
timestamp (values only, never keys) and adds double quotes around exactly those characters. Every other
byte of a file (comments, layout, line endings, BOM) stays as it was; running it again changes nothing.

Usage (from the repository root; prints each file it changed)::

    .venv/bin/python tools/quote_dates.py handbook [more folders or files …]
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from cuishou.schema.loader import iter_yaml_files

_TIMESTAMP = "tag:yaml.org,2002:timestamp"


def _date_spans(node: yaml.Node, spans: list[tuple[int, int]]) -> None:
    """Character spans of plain scalar values that YAML 1.1 reads as timestamps."""
    if isinstance(node, yaml.ScalarNode):
        if node.tag == _TIMESTAMP and not node.style:
            spans.append((node.start_mark.index, node.end_mark.index))
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _date_spans(item, spans)
    elif isinstance(node, yaml.MappingNode):
        for _, value in node.value:  # keys are names: the validator takes them as text
            _date_spans(value, spans)


def quote_dates(text: str) -> str:
    """``text`` with its unquoted date values double-quoted; unchanged when it has none or does not parse."""
    try:
        # the pure-Python composer: its marks count characters, as Python strings do (libyaml's count bytes)
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return text  # handbook validate reports the syntax error; leave the file to the author
    spans: list[tuple[int, int]] = []
    if root is not None:
        _date_spans(root, spans)
    for start, end in sorted(spans, reverse=True):
        text = f'{text[:start]}"{text[start:end]}"{text[end:]}'
    return text


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    for name in argv:
        for file in iter_yaml_files(Path(name)):
            if not isinstance(file, Path):
                continue
            raw = file.read_bytes()
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                continue  # not UTF-8: handbook validate explains; never rewrite bytes we cannot read
            quoted = quote_dates(text)
            if quoted != text:
                file.write_bytes(quoted.encode("utf-8"))
                print(file)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
