#!/usr/bin/env python3
"""PyYAML's view of YAML documents, for the YAML module's tests: each file named on the command line composed into
a tree (node kind, 1-based start line, scalar text, whether the scalar was plain, and the type PyYAML's YAML 1.1
resolver gives it), printed as one JSON array. A document PyYAML refuses is {"error": line}."""
import json
import sys

import yaml


def tree(node):
    line = node.start_mark.line + 1
    if isinstance(node, yaml.ScalarNode):
        kind = node.tag.rsplit(":", 1)[-1]
        return {"t": "scalar", "line": line, "value": node.value, "plain": node.style is None, "type": kind}
    if isinstance(node, yaml.SequenceNode):
        return {"t": "seq", "line": line, "items": [tree(item) for item in node.value]}
    return {"t": "map", "line": line, "entries": [[tree(k), tree(v)] for k, v in node.value]}


def main():
    results = []
    for path in sys.argv[1:]:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        try:
            node = yaml.compose(text, Loader=yaml.SafeLoader)
            results.append(None if node is None else tree(node))
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            results.append({"error": mark.line + 1 if mark else 0})
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
