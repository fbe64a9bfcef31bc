#!/usr/bin/env python3
"""Reads the Dockerfile and fly.toml and prints what scripts/container-check.sh needs as shell assignments,
so the check runs exactly what the image and Fly would run instead of a copy that can drift."""
import json
import re
import shlex
import sys
import tomllib


def dockerfile_stages(path):
    """Instructions per stage, with line continuations joined and comments dropped."""
    stages, logical, pending = [], [], ""
    with open(path, encoding="utf-8") as file:
        for raw in file:
            line = raw.rstrip("\n")
            if not pending and line.lstrip().startswith("#"):
                continue
            if line.endswith("\\"):
                pending += line[:-1] + " "
                continue
            logical.append((pending + line).strip())
            pending = ""
    for line in filter(None, logical):
        keyword, _, rest = line.partition(" ")
        keyword = keyword.upper()
        if keyword == "FROM":
            stages.append({"from": rest.strip(), "instructions": []})
        elif stages:
            stages[-1]["instructions"].append((keyword, rest.strip()))
    return stages


def env_pairs(rest):
    words = shlex.split(rest)
    if len(words) >= 2 and "=" not in words[0]:
        return [(words[0], " ".join(words[1:]))]  # legacy "ENV KEY value"
    return [tuple(word.split("=", 1)) for word in words]


def seconds(value):
    """Fly durations: an integer (seconds) or a string such as "30s", "1m", "1m30s"."""
    if isinstance(value, int):
        return value
    total, matched = 0, False
    for amount, unit in re.findall(r"(\d+)(ms|s|m|h)", value):
        matched = True
        total += int(amount) * {"ms": 0.001, "s": 1, "m": 60, "h": 3600}[unit]
    if not matched:
        raise SystemExit(f"not a duration: {value!r}")
    return int(total)


def main(dockerfile, fly_toml):
    stages = dockerfile_stages(dockerfile)
    build, runtime = stages[0], stages[-1]
    build_runs = [rest for keyword, rest in build["instructions"] if keyword == "RUN" and rest.startswith("dotnet ")]
    publish = next(run for run in build_runs if run.startswith("dotnet publish "))
    publish_words = shlex.split(publish)
    publish_dir = publish_words[publish_words.index("-o") + 1]
    copied_from_build = [rest for keyword, rest in runtime["instructions"] if keyword == "COPY" and "--from=" in rest]
    workdir = [rest for keyword, rest in runtime["instructions"] if keyword == "WORKDIR"][-1]
    env = [pair for keyword, rest in runtime["instructions"] if keyword == "ENV" for pair in env_pairs(rest)]
    expose = [rest.split("/")[0] for keyword, rest in runtime["instructions"] if keyword == "EXPOSE"]
    user = [rest for keyword, rest in runtime["instructions"] if keyword == "USER"][-1]
    entrypoint = json.loads([rest for keyword, rest in runtime["instructions"] if keyword == "ENTRYPOINT"][-1])

    with open(fly_toml, "rb") as file:
        fly = tomllib.load(file)
    service = fly["http_service"]
    check = service["checks"][0]
    fly_env = fly.get("env", {})

    out = {
        "image_build_runs": build_runs,
        "image_publish_dir": publish_dir,
        "image_copies_publish_dir": "yes" if any(publish_dir in c for c in copied_from_build) else "no",
        "image_workdir": workdir,
        "image_env": [f"{key}={value}" for key, value in env],
        "image_expose": expose,
        "image_user": user,
        "image_entrypoint": entrypoint,
        "fly_internal_port": str(service["internal_port"]),
        "fly_check_path": check["path"],
        "fly_check_grace_seconds": str(seconds(check.get("grace_period", "0s"))),
        "fly_release_command": shlex.split(fly["deploy"]["release_command"]),
        "fly_kill_signal": fly.get("kill_signal", "SIGINT"),
        "fly_kill_timeout_seconds": str(seconds(fly.get("kill_timeout", 5))),
        "fly_env": [f"{key}={value}" for key, value in fly_env.items()],
        "fly_drain_seconds": str(int(fly_env.get("ToolBridge__ShutdownDrainSeconds", 20))),
    }
    for name, value in out.items():
        if isinstance(value, list):
            print(f"{name}=({' '.join(shlex.quote(v) for v in value)})")
        else:
            print(f"{name}={shlex.quote(value)}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
