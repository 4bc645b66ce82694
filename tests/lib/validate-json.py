#!/usr/bin/python3
"""Validate a JSON document against one of the OCI runtime-spec schemas.

validate-json.py SCHEMA_DIR SCHEMA_FILE DOCUMENT   (DOCUMENT - reads stdin)
The schemas' $refs are relative to SCHEMA_DIR, so resolve them from there.
Prints every error with its JSON path and exits 1 if there is any.
"""
import json
import os
import sys

import jsonschema


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    schema_dir, schema_file, doc_path = sys.argv[1:]
    schema_dir = os.path.abspath(schema_dir)
    with open(os.path.join(schema_dir, schema_file)) as f:
        schema = json.load(f)
    if doc_path == "-":
        doc = json.load(sys.stdin)
    else:
        with open(doc_path) as f:
            doc = json.load(f)
    resolver = jsonschema.RefResolver("file://" + schema_dir + "/", schema)
    cls = jsonschema.validators.validator_for(schema)
    errors = list(cls(schema, resolver=resolver).iter_errors(doc))
    for e in errors:
        where = "".join("[%r]" % p for p in e.absolute_path) or "(document)"
        print("%s: %s" % (where, e.message), file=sys.stderr)
    sys.exit(1 if errors else 0)


main()
