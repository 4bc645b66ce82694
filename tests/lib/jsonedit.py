#!/usr/bin/python3
"""Edit or query a JSON file with a Python expression (used by bundle.sh).

jsonedit.py FILE set 'STATEMENTS' [ARG...]   c is the document, a the ARGs
jsonedit.py FILE get 'EXPRESSION' [ARG...]   prints str as is, else JSON
"""
import json
import sys


def main():
    if len(sys.argv) < 4 or sys.argv[2] not in ("set", "get"):
        sys.exit(__doc__)
    path, mode, code, args = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    with open(path) as f:
        c = json.load(f)
    env = {"c": c, "a": args, "json": json}
    if mode == "get":
        v = eval(code, env)
        print(v if isinstance(v, str) else json.dumps(v))
        return
    exec(code, env)
    with open(path + ".tmp", "w") as f:
        json.dump(env["c"], f, indent=2)
        f.write("\n")
    import os
    os.rename(path + ".tmp", path)


main()
