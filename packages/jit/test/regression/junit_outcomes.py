"""Reads regrtest's --junit-xml file and prints JSON: {module: {testcase: outcome}}, where the
module is `test_x` (from `test.test_x.Class.method`) and the outcome is "ok", "failure", "error"
or "skipped". Used by cpython.test.ts; run with python3.11."""

import json
import sys
import xml.etree.ElementTree as ET


def outcome(case):
    for kind in ("error", "failure", "skipped"):
        if case.find(kind) is not None:
            return kind
    if case.get("status") == "skipped":
        return "skipped"
    return "ok"


def main(path):
    modules = {}
    for case in ET.parse(path).getroot().iter("testcase"):
        name = case.get("name", "")
        parts = name.split(".")
        # "test.test_x.Class.method" or, for module-level errors, "test.test_x" / "unittest.loader..."
        module = parts[1] if len(parts) > 1 and parts[0] == "test" else parts[0]
        modules.setdefault(module, {})[name] = outcome(case)
    json.dump(modules, sys.stdout, sort_keys=True)


if __name__ == "__main__":
    main(sys.argv[1])
