#!/usr/bin/env python3
"""Writes a realistic Codex home folder (<out>/sessions/YYYY/MM/DD/rollout-<time>-<uuid>.jsonl) for tests and benchmarks.

Deterministic for a given --seed and --size-mb. What it writes, like the Codex CLI does:
  - session_meta, turn_context (the model; some sessions switch model half way), user and assistant
    response_item lines and tool calls (most of the bytes; they carry no usage),
  - event_msg token_count lines with info.total_token_usage and info.last_token_usage; older sessions
    carry only total_token_usage (usage is the delta between totals); some token_count lines have info null,
  - a few sessions without any turn_context (ccusage falls back to gpt-5 for them),
  - a few malformed lines (cut off, not JSON) and an empty file,
  - with --reemit: token_count lines re-emitted with an unchanged total (Codex does this after errors and
    on resume); ccusage 19.0.3 counts each again when it carries last_token_usage.
Usage: gen_codex_logs.py OUT [--size-mb 1] [--seed 1] [--reemit] [--start 2025-09-01] [--days 40]
"""
import argparse
import json
import os
import random
import uuid
from datetime import datetime, timedelta, timezone

MODELS = [("gpt-5-codex", 50), ("gpt-5", 25), ("gpt-5.1-codex", 15), ("gpt-5-mini", 10)]
WORDS = "read the file then patch the parser and run the tests again before the commit ✓ café".split(" ")


def dumps(obj):
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False)


def ts(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def usage(inp, cached, out, reasoning):
    return {"input_tokens": inp, "cached_input_tokens": cached, "output_tokens": out,
            "reasoning_output_tokens": reasoning, "total_tokens": inp + out}


def session(rng, out_dir, start, reemit, index):
    # Re-emits draw from their own generator so that the same seed writes the same logs with and without them.
    extra = random.Random(index)
    sid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    name = f"rollout-{start.strftime('%Y-%m-%dT%H-%M-%S')}-{sid}.jsonl"
    folder = os.path.join(out_dir, "sessions", start.strftime("%Y"), start.strftime("%m"), start.strftime("%d"))
    os.makedirs(folder, exist_ok=True)
    models = [m for m, _ in MODELS]
    weights = [w for _, w in MODELS]
    model = rng.choices(models, weights)[0]
    totals_only = index % 5 == 3
    no_context = index % 11 == 7
    lines = [dumps({"timestamp": ts(start), "type": "session_meta",
                    "payload": {"id": sid, "timestamp": ts(start), "cwd": f"/home/dev/project-{index % 4}",
                                "originator": "codex_cli_rs", "cli_version": "0.46.0"}})]
    total = usage(0, 0, 0, 0)
    t = start
    for turn in range(rng.randint(2, 14)):
        t += timedelta(seconds=rng.randint(20, 900), milliseconds=rng.randint(0, 999))
        if turn == 4 and rng.random() < 0.4:
            model = rng.choices(models, weights)[0]
        if not no_context:
            lines.append(dumps({"timestamp": ts(t), "type": "turn_context",
                                "payload": {"cwd": f"/home/dev/project-{index % 4}", "approval_policy": "on-request",
                                            "model": model, "effort": "medium", "summary": "auto"}}))
        lines.append(dumps({"timestamp": ts(t), "type": "response_item",
                            "payload": {"type": "message", "role": "user",
                                        "content": [{"type": "input_text", "text": " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 80)))}]}}))
        for call in range(rng.randint(1, 4)):
            t += timedelta(seconds=rng.randint(2, 60), milliseconds=rng.randint(0, 999))
            lines.append(dumps({"timestamp": ts(t), "type": "response_item",
                                "payload": {"type": "function_call_output", "call_id": f"call_{rng.getrandbits(40):x}",
                                            "output": " ".join(rng.choice(WORDS) for _ in range(rng.randint(30, 900)))}}))
            if rng.random() < 0.1:
                lines.append(dumps({"timestamp": ts(t), "type": "event_msg", "payload": {"type": "token_count", "info": None}}))
                continue
            inp = rng.randint(2000, 60000)
            cached = rng.randint(0, inp)
            out = rng.randint(20, 6000)
            reasoning = rng.randint(0, out)
            last = usage(inp, cached, out, reasoning)
            total = {k: total[k] + last[k] for k in total}
            info = {"total_token_usage": dict(total), "model_context_window": 272000}
            if not totals_only:
                info["last_token_usage"] = last
            lines.append(dumps({"timestamp": ts(t), "type": "event_msg", "payload": {"type": "token_count", "info": info}}))
            if reemit and extra.random() < 0.3:
                t += timedelta(milliseconds=extra.randint(1, 999))
                lines.append(dumps({"timestamp": ts(t), "type": "event_msg", "payload": {"type": "token_count", "info": info}}))
        lines.append(dumps({"timestamp": ts(t), "type": "response_item",
                            "payload": {"type": "message", "role": "assistant",
                                        "content": [{"type": "output_text", "text": " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 200)))}]}}))
    if index % 13 == 5:
        lines.append('{"timestamp":"' + ts(t) + '","type":"event_msg","payload":{"type":"token_count","info":{"total_')
        lines.append("not json at all")
    with open(os.path.join(folder, name), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    return sum(len(line.encode("utf-8")) + 1 for line in lines)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--size-mb", type=float, default=1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reemit", action="store_true")
    parser.add_argument("--start", default="2025-09-01")
    parser.add_argument("--days", type=int, default=40)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    begin = datetime.strptime(args.start, "%Y-%m-%d").replace(tzinfo=timezone.utc)
    written, index = 0, 0
    while written < args.size_mb * 1_000_000:
        start = begin + timedelta(days=rng.randint(0, args.days - 1), seconds=rng.randint(0, 86399))
        written += session(rng, args.out, start, args.reemit, index)
        index += 1
    empty = os.path.join(args.out, "sessions", begin.strftime("%Y"), begin.strftime("%m"), begin.strftime("%d"))
    os.makedirs(empty, exist_ok=True)
    open(os.path.join(empty, "rollout-empty.jsonl"), "w").close()
    print(f"{index} sessions, {written} bytes in {args.out}")


if __name__ == "__main__":
    main()
