#!/usr/bin/env python3
"""Runs one case of cases.txt: prepares its inputs, runs zcnas, checks the exit status and
the message. Usage: run_case.py ZCNAS SOURCE_DIR CASE_NAME"""
import os, random, re, shutil, subprocess, sys, tempfile

zcnas, src, name = sys.argv[1:4]
zcnas, src = os.path.abspath(zcnas), os.path.abspath(src)
here = os.path.dirname(os.path.abspath(__file__))
case = None
for line in open(os.path.join(here, "cases.txt"), encoding="utf-8"):
    if line.startswith("#") or not line.strip():
        continue
    fields = [f.strip() for f in line.rstrip("\n").split(" | ")]
    if fields[0] == name:
        case = fields
if case is None:
    sys.exit(f"no case '{name}' in cases.txt")
_, exits, pattern, args = case[:4]
setup = case[4] if len(case) > 4 else ""

work = tempfile.mkdtemp(prefix="zcnas-hostile-")
try:
    subst = {"{files}": os.path.join(here, "files"), "{spaces}": os.path.join(src, "spaces"), "{src}": src, "{work}": work}
    def fill(text):
        for k, v in subst.items():
            text = text.replace(k, v)
        return text
    env = dict(os.environ, ZCNAS_STORE="off")
    if setup:
        words = setup.split()
        if words[0] != "corrupt":
            sys.exit(f"unknown set-up '{setup}'")
        mode, rel = words[1], words[2]
        data = os.path.join(work, "data")
        for folder in ("images", "transnas"):  # what scoring reads from data/
            shutil.copytree(os.path.join(src, "data", folder), os.path.join(data, folder))
        target = os.path.join(data, rel)
        rng = random.Random(0)
        if mode == "truncate":
            with open(target, "rb") as f:
                head = f.read(int(words[3]))
            with open(target, "wb") as f:
                f.write(head)
        elif mode == "empty":
            open(target, "wb").close()
        elif mode == "garbage":
            size = os.path.getsize(target)
            with open(target, "wb") as f:
                f.write(bytes(rng.randrange(256) for _ in range(min(size, 4096))))
        elif mode == "garbage-jpeg":  # every JPEG under the folder: a JPEG header, then noise
            for dirpath, _, names in os.walk(target):
                for n in names:
                    if n.lower().endswith((".jpg", ".jpeg")):
                        with open(os.path.join(dirpath, n), "wb") as f:
                            f.write(b"\xff\xd8\xff\xe0" + bytes(rng.randrange(256) for _ in range(2000)))
        else:
            sys.exit(f"unknown corruption '{mode}'")
        env["ZCNAS_DATA_PATH"] = data
    argv = [zcnas] + [fill(a) for a in args.split()]
    try:
        p = subprocess.run(argv, capture_output=True, env=env, timeout=300, cwd=work)
    except subprocess.TimeoutExpired:
        sys.exit(f"FAIL {name}: no answer within 300 s")
    out = (p.stdout + p.stderr).decode("utf-8", "replace")
    allowed = {int(x) for x in exits.split(",")}
    problems = []
    if p.returncode not in allowed:
        problems.append(f"exit status {p.returncode}, expected {exits}")
    if p.returncode < 0 or p.returncode >= 128:
        problems.append("the process died of a signal")
    if not re.search(fill(pattern), out):
        problems.append(f"output does not match /{fill(pattern)}/")
    if problems:
        print(f"FAIL {name}: " + "; ".join(problems))
        print("--- output ---\n" + out[-3000:])
        sys.exit(1)
    first = next((l for l in out.splitlines() if "error" in l.lower()), out.splitlines()[0] if out else "")
    print(f"ok {name}: exit {p.returncode}: {first[:300]}")
finally:
    shutil.rmtree(work, ignore_errors=True)
