#!/usr/bin/env python3
"""Sums a CPU profile written by `PROFILE=… node bench/lcp_phone.mjs` (not a test).

Prints the main thread's time by function (self time) and by script, largest first, so that a
change to the page can be judged by where the phone's CPU goes while it loads. Wasm functions
have names only when the bundle keeps them (wasm-opt -g, see bench/README.md).

    python3 bench/profile_summary.py load.cpuprofile [top]
"""
import collections
import json
import sys


def main():
    profile = json.load(open(sys.argv[1]))
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    nodes = {n["id"]: n for n in profile["nodes"]}
    # Each sample is charged the time to the next one (the last one's interval is unknown).
    self_us = collections.Counter()
    for node_id, delta in zip(profile["samples"], profile["timeDeltas"][1:] + [0]):
        self_us[node_id] += delta
    by_function = collections.Counter()
    by_script = collections.Counter()
    for node_id, us in self_us.items():
        frame = nodes[node_id]["callFrame"]
        name = frame["functionName"] or "(anonymous)"
        script = frame["url"].rsplit("/", 1)[-1] or "(" + name.strip("()") + ")"
        by_function[f"{name}  [{script}]"] += us
        by_script[script] += us
    total = sum(self_us.values())
    busy = total - by_script["(idle)"] - by_script["(program)"]
    print(f"profiled {total / 1000:.0f} ms, main thread busy {busy / 1000:.0f} ms")
    print("\nby script:")
    for script, us in by_script.most_common(12):
        print(f"{us / 1000:9.1f} ms  {script}")
    print("\nby function (self):")
    for name, us in by_function.most_common(top):
        print(f"{us / 1000:9.1f} ms  {name}")


if __name__ == "__main__":
    main()
