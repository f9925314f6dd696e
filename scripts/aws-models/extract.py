#!/usr/bin/env python3
"""Refresh test/fixtures/aws-models/ from the AWS API models that botocore ships.

The models are AWS's machine-readable contracts (operations, fields, enums and, in the documentation
strings, valid values and documented defaults). The contract tests read this committed extract so that
they do not depend on the botocore version of the machine they run on.

Usage: python3 scripts/aws-models/extract.py   (from the repository root)
"""
import gzip
import html
import json
import os
import re
import sys

import botocore

# service -> operations whose input and output shapes are kept (None: every operation).
# Every service keeps the names of all its operations (CloudTrail eventName values).
SERVICES = {
    "dms": None,
    "config": None,
    "mgn": None,
    "kms": ["DescribeKey", "ListAliases"],
    "sts": ["AssumeRole", "GetCallerIdentity"],
    "iam": None,
    "organizations": [
        "ListAccounts",
        "DescribeAccount",
        "DescribeOrganization",
        "ListDelegatedAdministrators",
        "ListAWSServiceAccessForOrganization",
    ],
    "events": ["PutEvents", "PutRule", "PutTargets", "PutPermission"],
    "lambda": ["AddPermission", "RemovePermission", "GetPolicy"],
    "sns": ["Publish"],
    "sqs": ["SendMessage", "ReceiveMessage", "DeleteMessage"],
    "ec2": [
        "DescribeSecurityGroups",
        "GetEbsEncryptionByDefault",
        "GetEbsDefaultKmsKeyId",
        "AuthorizeSecurityGroupIngress",
        "CreateSecurityGroup",
    ],
    "securityhub": ["BatchImportFindings"],
    "ssm": ["StartAutomationExecution"],
    "cloudtrail": ["DescribeTrails", "GetTrailStatus", "GetEventSelectors"],
}

TAG = re.compile(r"<[^>]+>")
SPACE = re.compile(r"\s+")


def plain(text):
    """Documentation as plain text: tags removed, entities decoded, whitespace collapsed."""
    return SPACE.sub(" ", html.unescape(TAG.sub(" ", text))).strip()


def latest_model(root, service):
    versions = sorted(os.listdir(os.path.join(root, service)))
    for version in reversed(versions):
        path = os.path.join(root, service, version, "service-2.json.gz")
        if os.path.exists(path):
            with gzip.open(path, "rt", encoding="utf-8") as f:
                return json.load(f)
    raise SystemExit(f"no model for {service}")


def reachable(model, names):
    shapes = model["shapes"]
    seen = set()
    stack = list(names)
    while stack:
        name = stack.pop()
        if name in seen or name not in shapes:
            continue
        seen.add(name)
        shape = shapes[name]
        for key in ("member", "key", "value"):
            if key in shape:
                stack.append(shape[key]["shape"])
        for member in shape.get("members", {}).values():
            stack.append(member["shape"])
    return seen


def clean(value):
    if isinstance(value, dict):
        return {k: (plain(v) if k == "documentation" else clean(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [clean(v) for v in value]
    return value


def extract(root, service, operations):
    model = latest_model(root, service)
    ops = model["operations"]
    kept_ops = sorted(ops) if operations is None else operations
    missing = [op for op in kept_ops if op not in ops]
    if missing:
        raise SystemExit(f"{service}: no operation {missing}")
    roots = []
    for op in kept_ops:
        for io in ("input", "output"):
            if io in ops[op]:
                roots.append(ops[op][io]["shape"])
        for err in ops[op].get("errors", []):
            roots.append(err["shape"])
    names = reachable(model, roots)
    meta = model["metadata"]
    return {
        "source": f"botocore {botocore.__version__} data/{service}/{meta['apiVersion']}/service-2.json.gz",
        "metadata": {k: meta[k] for k in ("apiVersion", "endpointPrefix", "protocol", "serviceId") if k in meta},
        "operationNames": sorted(ops),
        "operations": {
            op: clean({k: v for k, v in ops[op].items() if k in ("input", "output", "errors", "documentation")})
            for op in kept_ops
        },
        "shapes": {name: clean(model["shapes"][name]) for name in sorted(names)},
    }


def main():
    root = os.path.join(os.path.dirname(botocore.__file__), "data")
    out = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "aws-models")
    os.makedirs(out, exist_ok=True)
    for service, operations in SERVICES.items():
        data = extract(root, service, operations)
        path = os.path.join(out, f"{service}.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(data, f, indent=0, sort_keys=True, ensure_ascii=False)
            f.write("\n")
        print(f"{path}: {len(data['operationNames'])} operations, {len(data['shapes'])} shapes", file=sys.stderr)


if __name__ == "__main__":
    main()
