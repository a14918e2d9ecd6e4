#!/usr/bin/env python3
"""Every checkov check skipped for template.yaml is skipped on one resource, with its reason.

checkov accepts skips globally (`skip-check` in .checkov.yaml) or per resource (`Metadata.checkov.skip`). A global
skip hides the check for resources added later, whose authors never weighed it, so this project allows only the
per-resource form, and each entry must say why the check does not apply there.
"""
import sys

import yaml


class TemplateLoader(yaml.SafeLoader):
    """Reads CloudFormation's short-form intrinsics (!Sub, !Ref, ...) as plain values."""


def _intrinsic(loader, suffix, node):
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)


TemplateLoader.add_multi_constructor("!", _intrinsic)


def problems(template: dict, config: dict) -> list[str]:
    found = []
    for key in ("skip-check", "skip_check"):
        if config.get(key):
            found.append(f".checkov.yaml: {key} {config[key]} skips checks for every resource; "
                         "skip them in each resource's Metadata with a reason instead")
    for name, resource in (template.get("Resources") or {}).items():
        skips = ((resource.get("Metadata") or {}).get("checkov") or {}).get("skip") or []
        seen = set()
        for index, skip in enumerate(skips):
            where = f"Resources.{name}.Metadata.checkov.skip[{index}]"
            check = skip.get("id") if isinstance(skip, dict) else None
            if not check:
                found.append(f"{where}: no id")
                continue
            if check in seen:
                found.append(f"{where}: {check} is skipped twice")
            seen.add(check)
            comment = skip.get("comment") or ""
            if len(comment.split()) < 4:
                found.append(f"{where}: {check} has no reason (comment)")
    return found


def main() -> int:
    template_path = sys.argv[1] if len(sys.argv) > 1 else "template.yaml"
    config_path = sys.argv[2] if len(sys.argv) > 2 else ".checkov.yaml"
    with open(template_path) as handle:
        template = yaml.load(handle, Loader=TemplateLoader)
    with open(config_path) as handle:
        config = yaml.safe_load(handle) or {}
    found = problems(template, config)
    for line in found:
        print(line, file=sys.stderr)
    if found:
        return 1
    skipped = sum(len(((r.get("Metadata") or {}).get("checkov") or {}).get("skip") or [])
                  for r in template["Resources"].values())
    print(f"checkov skips: {skipped}, each on its resource with a reason")
    return 0


if __name__ == "__main__":
    sys.exit(main())
