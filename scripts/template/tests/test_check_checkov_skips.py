import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from check_checkov_skips import problems  # noqa: E402


def resource(*skips):
    return {"Type": "AWS::SQS::Queue", "Metadata": {"checkov": {"skip": list(skips)}}}


def test_a_reasoned_skip_on_its_resource_passes():
    template = {"Resources": {"Q": resource({"id": "CKV_AWS_27", "comment": "Encrypted with SQS-managed keys."})}}
    assert problems(template, {}) == []


def test_a_global_skip_is_refused():
    found = problems({"Resources": {}}, {"skip-check": ["CKV_AWS_117"]})
    assert len(found) == 1 and "CKV_AWS_117" in found[0]


def test_a_skip_without_reason_is_refused():
    found = problems({"Resources": {"Q": resource({"id": "CKV_AWS_27"}), "R": resource({"id": "CKV_AWS_1", "comment": "ok"})}}, {})
    assert found == ["Resources.Q.Metadata.checkov.skip[0]: CKV_AWS_27 has no reason (comment)",
                     "Resources.R.Metadata.checkov.skip[0]: CKV_AWS_1 has no reason (comment)"]


def test_a_skip_without_id_or_twice_is_refused():
    reason = "does not apply here at all"
    found = problems({"Resources": {"Q": resource({"comment": reason}, {"id": "X", "comment": reason},
                                                  {"id": "X", "comment": reason})}}, {})
    assert found == ["Resources.Q.Metadata.checkov.skip[0]: no id",
                     "Resources.Q.Metadata.checkov.skip[2]: X is skipped twice"]
