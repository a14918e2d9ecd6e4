"""Reading template.yaml as CloudFormation would: short-form intrinsics, parameters with their defaults and
overrides, conditions, and intrinsic functions resolved against the physical names of a local stack.

    template = Template.load("template.yaml", overrides={"GA4Properties": "123"})
    template.condition("ShouldDeployGA4Ingest")        # -> bool
    template.resolve(value, names)                      # names: LogicalId -> PhysicalResource
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ACCOUNT_ID = "123456789012"
REGION = "us-east-1"
PARTITION = "aws"


class _Loader(yaml.SafeLoader):
    """`!Ref X` becomes {"Ref": "X"}, `!GetAtt A.B` {"Fn::GetAtt": ["A", "B"]}, `!Sub s` {"Fn::Sub": s}, …"""


def _construct(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    if suffix == "Ref":
        return {"Ref": value}
    if suffix == "GetAtt" and isinstance(value, str):
        value = value.split(".", 1)
    if suffix == "Condition":
        return {"Condition": value}
    return {f"Fn::{suffix}": value}


_Loader.add_multi_constructor("!", _construct)


def load_yaml(text: str) -> dict:
    return yaml.load(text, Loader=_Loader)


@dataclass
class PhysicalResource:
    """What `!Ref` and `!GetAtt` of one resource give in the local stack."""
    ref: str
    attributes: dict[str, str] = field(default_factory=dict)


class TemplateError(Exception):
    pass


class Template:
    def __init__(self, document: dict, overrides: dict[str, str] | None = None, stack_name: str = "pipeline"):
        self.document = document
        self.stack_name = stack_name
        self.parameters: dict[str, Any] = {}
        for name, spec in (document.get("Parameters") or {}).items():
            value = (overrides or {}).get(name, spec.get("Default"))
            if value is None:
                raise TemplateError(f"parameter {name} has no default and no value")
            allowed = spec.get("AllowedValues")
            if allowed is not None and str(value) not in [str(v) for v in allowed]:
                raise TemplateError(f"parameter {name}: {value!r} is not one of {allowed}")
            pattern = spec.get("AllowedPattern")
            if pattern is not None and not re.fullmatch(pattern, str(value)):
                raise TemplateError(f"parameter {name}: {value!r} does not match {pattern}")
            kind = spec.get("Type", "String")
            if kind == "CommaDelimitedList" or (kind.startswith("List<") and isinstance(value, str)):
                # A list parameter's Ref is a list, given as comma-separated text like the CLI takes it.
                value = str(value).split(",") if not isinstance(value, list) else value
            self.parameters[name] = str(value) if kind == "String" else value
        unknown = set(overrides or {}) - set(self.parameters)
        if unknown:
            raise TemplateError(f"no such parameters: {sorted(unknown)}")
        self._conditions: dict[str, bool] = {}

    @classmethod
    def load(cls, path: str | Path, overrides: dict[str, str] | None = None, stack_name: str = "pipeline") -> "Template":
        return cls(load_yaml(Path(path).read_text(encoding="utf-8")), overrides, stack_name)

    @property
    def resources(self) -> dict[str, dict]:
        return self.document.get("Resources") or {}

    @property
    def globals(self) -> dict:
        return (self.document.get("Globals") or {}).get("Function") or {}

    def deployed(self, logical_id: str) -> bool:
        condition = self.resources[logical_id].get("Condition")
        return condition is None or self.condition(condition)

    def condition(self, name: str) -> bool:
        if name not in self._conditions:
            expression = (self.document.get("Conditions") or {}).get(name)
            if expression is None:
                raise TemplateError(f"no condition {name}")
            self._conditions[name] = bool(self.resolve(expression, {}))
        return self._conditions[name]

    def pseudo(self, name: str) -> str | None:
        return {"AWS::AccountId": ACCOUNT_ID, "AWS::Region": REGION, "AWS::Partition": PARTITION,
                "AWS::StackName": self.stack_name, "AWS::URLSuffix": "amazonaws.com"}.get(name)

    def resolve(self, value: Any, names: dict[str, PhysicalResource]) -> Any:
        """The value with every intrinsic function evaluated; `AWS::NoValue` removes the member or item."""
        if isinstance(value, list):
            items = [self.resolve(item, names) for item in value]
            return [item for item in items if item is not _NO_VALUE]
        if not isinstance(value, dict):
            return value
        if len(value) == 1:
            (key, argument), = value.items()
            if key == "Ref":
                if argument == "AWS::NoValue":
                    return _NO_VALUE
                if argument in self.parameters:
                    return self.parameters[argument]
                pseudo = self.pseudo(argument)
                if pseudo is not None:
                    return pseudo
                if argument in names:
                    return names[argument].ref
                raise TemplateError(f"!Ref {argument}: no such parameter or created resource")
            if key == "Fn::GetAtt":
                logical_id, attribute = argument
                if logical_id not in names or attribute not in names[logical_id].attributes:
                    raise TemplateError(f"!GetAtt {logical_id}.{attribute}: not available locally")
                return names[logical_id].attributes[attribute]
            if key == "Fn::Sub":
                text, variables = (argument, {}) if isinstance(argument, str) else argument
                variables = {k: self.resolve(v, names) for k, v in variables.items()}

                def substitute(match: re.Match) -> str:
                    expression = match.group(1)
                    if expression in variables:
                        return str(variables[expression])
                    if "." in expression and not expression.startswith("AWS::"):
                        return str(self.resolve({"Fn::GetAtt": expression.split(".", 1)}, names))
                    return str(self.resolve({"Ref": expression}, names))
                return re.sub(r"\$\{([^}!]+)\}", substitute, text)
            if key == "Fn::If":
                name, when_true, when_false = argument
                return self.resolve(when_true if self.condition(name) else when_false, names)
            if key == "Fn::Equals":
                left, right = (self.resolve(a, names) for a in argument)
                return str(left) == str(right)
            if key == "Fn::Not":
                return not self.resolve(argument[0], names)
            if key == "Fn::Or":
                return any(self.resolve(a, names) for a in argument)
            if key == "Fn::And":
                return all(self.resolve(a, names) for a in argument)
            if key == "Condition":
                return self.condition(argument)
            if key == "Fn::Join":
                separator, items = argument
                return separator.join(str(i) for i in self.resolve(items, names))
            if key == "Fn::Split":
                separator, text = argument
                return str(self.resolve(text, names)).split(separator)
            if key == "Fn::Select":
                index, items = argument
                return self.resolve(items, names)[int(index)]
        resolved = {k: self.resolve(v, names) for k, v in value.items()}
        return {k: v for k, v in resolved.items() if v is not _NO_VALUE}


class _NoValue:
    def __repr__(self) -> str:
        return "AWS::NoValue"


_NO_VALUE = _NoValue()
