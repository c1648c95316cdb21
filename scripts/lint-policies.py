"""Lints IAM policy documents with parliament (test/conventions/least-privilege.test.ts runs it).

Reads a JSON list of {"name": ..., "document": {...}} from the file named by the first argument and prints one
JSON list of findings: {"policy", "issue", "severity", "detail"}.
"""
import json
import sys

from parliament import analyze_policy_string


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as handle:
        policies = json.load(handle)
    findings = []
    for policy in policies:
        analysed = analyze_policy_string(json.dumps(policy["document"]))
        for finding in analysed.findings:
            findings.append(
                {
                    "policy": policy["name"],
                    "issue": finding.issue,
                    "severity": finding.severity,
                    "detail": json.loads(json.dumps(finding.detail, default=str)),
                }
            )
    json.dump(findings, sys.stdout, indent=1)


if __name__ == "__main__":
    main()
