#!/usr/bin/env python3
"""Checks what Kubernetes' OpenAPI schemas (kubernetes-validate --strict) cannot: the rules that make
Ferry's Job, CronJob and volume work together.

Usage: lint.py FILE...   Prints one line per problem (FILE: KIND/NAME: problem); exits 1 when any.

- an Indexed Job's completions and parallelism equal the N of `ferry run --shards N`;
- restartPolicy Never wherever backoffLimitPerIndex or a podFailurePolicy is used;
- podFailurePolicy actions are FailJob, FailIndex, Ignore or Count, FailIndex only with
  backoffLimitPerIndex, and Ferry's exit codes are mapped: 2, 3, 4 and 64 (retrying cannot fix them)
  fail at once, 1 and 5 (failed after retries, interrupted) are retried;
- every shard gets the same run id (FERRY_RUN_ID from the Job's name) and a state directory of its own;
- Job and CronJob names have at most 52 characters; a CronJob has concurrencyPolicy Forbid and a timeZone;
- the output volume is ReadWriteMany.
"""
import os
import sys

import yaml

ACTIONS = {"FailJob", "FailIndex", "Ignore", "Count"}
PERMANENT = {2, 3, 4, 64}   # configuration, input refused, authentication or permission, usage
RETRIED = {1, 5}            # failed after its retries, interrupted at a checkpoint
JOB_NAME_LABEL = "metadata.labels['batch.kubernetes.io/job-name']"


def lint_job_spec(spec, where, problems):
    template = spec.get("template", {}).get("spec", {})
    containers = template.get("containers", [])
    ferry = [c for c in containers if (c.get("args") or [None])[0] == "run"]
    per_index = "backoffLimitPerIndex" in spec
    policy = spec.get("podFailurePolicy")
    if (per_index or policy) and template.get("restartPolicy") != "Never":
        problems.append(f"{where}: restartPolicy must be Never with backoffLimitPerIndex or a podFailurePolicy")
    if policy:
        mapped = {}
        for index, rule in enumerate(policy.get("rules", [])):
            action = rule.get("action")
            if action not in ACTIONS:
                problems.append(f"{where}: podFailurePolicy rule {index} has action {action!r}; use one of {sorted(ACTIONS)}")
            if action == "FailIndex" and not per_index:
                problems.append(f"{where}: podFailurePolicy rule {index} uses FailIndex without backoffLimitPerIndex")
            codes = rule.get("onExitCodes") or {}
            if codes.get("operator") == "In":
                for code in codes.get("values", []):
                    mapped.setdefault(code, action)
        for code in sorted(PERMANENT):
            if mapped.get(code) not in ("FailIndex", "FailJob"):
                problems.append(f"{where}: Ferry's exit code {code} cannot be fixed by retrying; map it to FailIndex or FailJob")
        for code in sorted(RETRIED):
            if mapped.get(code) not in ("Count", None):
                problems.append(f"{where}: Ferry's exit code {code} is worth retrying; map it to Count, not {mapped.get(code)}")
    for container in ferry:
        args = [str(a) for a in container.get("args", [])]
        env = {e.get("name"): e for e in container.get("env", [])}
        if "--shards" in args:
            shards = int(args[args.index("--shards") + 1])
            if spec.get("completionMode") != "Indexed":
                problems.append(f"{where}: --shards needs completionMode Indexed (JOB_COMPLETION_INDEX names the shard)")
            for field in ("completions", "parallelism"):
                if spec.get(field) != shards:
                    problems.append(f"{where}: {field} is {spec.get(field)}, not the {shards} shards of --shards {shards}")
            run_id = env.get("FERRY_RUN_ID", {})
            field_path = run_id.get("valueFrom", {}).get("fieldRef", {}).get("fieldPath")
            if "--run-id" not in args and field_path != JOB_NAME_LABEL:
                problems.append(f"{where}: every shard needs the same run id: set FERRY_RUN_ID from {JOB_NAME_LABEL}")
            state = args[args.index("--state") + 1] if "--state" in args else None
            if state is not None and "$(JOB_COMPLETION_INDEX)" not in os.path.dirname(state):
                problems.append(
                    f"{where}: each shard needs a state directory of its own (its run lock lives beside the database): "
                    "put $(JOB_COMPLETION_INDEX) in the directory of --state")


def lint(document, path, problems):
    kind = document.get("kind")
    name = document.get("metadata", {}).get("name", "")
    where = f"{path}: {kind}/{name}"
    if kind in ("Job", "CronJob") and len(name) > 52:
        problems.append(f"{where}: the name has {len(name)} characters; at most 52 leave room for the suffixes Kubernetes adds")
    if kind == "Job":
        lint_job_spec(document.get("spec", {}), where, problems)
    elif kind == "CronJob":
        spec = document.get("spec", {})
        if spec.get("concurrencyPolicy") != "Forbid":
            problems.append(f"{where}: concurrencyPolicy must be Forbid, or two runs' shards overlap")
        if not spec.get("timeZone"):
            problems.append(f"{where}: give the schedule a timeZone")
        lint_job_spec(spec.get("jobTemplate", {}).get("spec", {}), where, problems)
    elif kind == "PersistentVolumeClaim":
        if "ReadWriteMany" not in document.get("spec", {}).get("accessModes", []):
            problems.append(f"{where}: every shard mounts the output at once: accessModes must include ReadWriteMany")


def main(paths):
    problems = []
    for path in paths:
        with open(path) as f:
            for document in yaml.safe_load_all(f):
                if document:
                    lint(document, path, problems)
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
