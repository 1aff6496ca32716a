#!/usr/bin/env python3
"""Writes a realistic Claude Code data folder (<out>/projects/<project>/<session>.jsonl) for tests and benchmarks.

Deterministic for a given --seed and --size-mb. What it writes, like Claude Code does:
  - user prompts and tool results (most of the bytes; they carry no usage),
  - each assistant message as one to three lines (thinking, tool_use, text blocks) sharing message id and
    request id, the early lines with partial output_tokens and the last with the full count,
  - several models (and a few <synthetic> and fast-mode lines), cache reads and 5-minute cache writes
    (1-hour writes only with --one-hour),
  - subagent files <project>/<session>/subagents/agent-*.jsonl, resumed sessions that repeat earlier messages,
  - a few malformed lines: cut-off lines, non-JSON, timestamps with an offset, an empty line, and
    "usage limit reached" API error lines.
Usage: gen_claude_logs.py OUT [--size-mb 5] [--seed 1] [--one-hour] [--start 2025-09-01] [--days 60]
"""
import argparse
import json
import os
import random
import uuid
from datetime import datetime, timedelta, timezone

MODELS = [
    ("claude-sonnet-4-5-20250929", 50),
    ("claude-opus-4-1-20250805", 12),
    ("claude-haiku-4-5-20251001", 20),
    ("claude-opus-4-6", 10),
    ("claude-sonnet-4-20250514", 8),
]
WORDS = ("the function returns early when the buffer is empty so callers must check the length first; "
         "refactor the parser into smaller pieces and add tests for malformed input café ✓ ").split(" ")


def dumps(obj):
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False)


class Gen:
    def __init__(self, rng, one_hour):
        self.rng = rng
        self.one_hour = one_hour

    def uid(self):
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def text(self, n):
        return " ".join(self.rng.choice(WORDS) for _ in range(n))

    def ts(self, t):
        return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"

    def base(self, session, cwd, parent, t, kind):
        return {"parentUuid": parent, "isSidechain": False, "userType": "external", "cwd": cwd, "sessionId": session,
                "version": "2.0.31", "gitBranch": "main"}

    def user(self, session, cwd, parent, t, tool_id=None):
        rec = self.base(session, cwd, parent, t, "user")
        if tool_id is None:
            rec["message"] = {"role": "user", "content": self.text(self.rng.randint(5, 60))}
        else:
            body = self.text(self.rng.randint(20, 600))
            rec["message"] = {"role": "user", "content": [{"tool_use_id": tool_id, "type": "tool_result", "content": body}]}
            rec["toolUseResult"] = {"stdout": body, "stderr": "", "interrupted": False}
        rec.update({"type": "user", "uuid": self.uid(), "timestamp": self.ts(t)})
        return rec

    def assistant_lines(self, session, cwd, parent, t, model):
        """One assistant message as 1-3 lines; returns (lines, last uuid, tool id or None)."""
        rng = self.rng
        msg_id = "msg_" + self.uid().replace("-", "")[:24]
        req_id = "req_" + self.uid().replace("-", "")[:24]
        kinds = rng.choice([["text"], ["thinking", "text"], ["tool_use"], ["thinking", "tool_use"], ["text", "tool_use"], ["thinking", "text", "tool_use"]])
        inp = rng.randint(1, 40)
        creation = rng.choice([0, 0, rng.randint(100, 30000)])
        one_h = rng.randint(0, creation) if self.one_hour and creation and rng.random() < 0.5 else 0
        read = rng.randint(0, 180000) if rng.random() < 0.9 else rng.randint(200001, 400000)
        full_out = rng.randint(20, 4000)
        speed = None
        if model == "claude-opus-4-6" and rng.random() < 0.3:
            speed = "fast"
        elif rng.random() < 0.2:
            speed = "standard"
        lines = []
        tool_id = None
        for i, kind in enumerate(kinds):
            last = i == len(kinds) - 1
            if kind == "thinking":
                block = {"type": "thinking", "thinking": self.text(rng.randint(10, 200)), "signature": "sig" + self.uid()}
            elif kind == "text":
                block = {"type": "text", "text": self.text(rng.randint(5, 150))}
            else:
                tool_id = "toolu_" + self.uid().replace("-", "")[:24]
                block = {"type": "tool_use", "id": tool_id, "name": "Bash", "input": {"command": "ls -la", "description": self.text(6)}}
            usage = {"input_tokens": inp, "cache_creation_input_tokens": creation, "cache_read_input_tokens": read,
                     "cache_creation": {"ephemeral_5m_input_tokens": creation - one_h, "ephemeral_1h_input_tokens": one_h},
                     "output_tokens": full_out if last else rng.randint(1, 30), "service_tier": "standard"}
            if speed is not None:
                usage["speed"] = speed
            rec = self.base(session, cwd, parent, t, "assistant")
            rec["message"] = {"model": model, "id": msg_id, "type": "message", "role": "assistant", "content": [block],
                              "stop_reason": None, "stop_sequence": None, "usage": usage}
            if rng.random() > 0.03:
                rec["requestId"] = req_id
            u = self.uid()
            rec.update({"type": "assistant", "uuid": u, "timestamp": self.ts(t)})
            lines.append(rec)
            parent = u
            t = t + timedelta(milliseconds=rng.randint(50, 900))
        return lines, parent, tool_id, t

    def malformed(self, session, cwd, t):
        rng = self.rng
        kind = rng.randrange(5)
        if kind == 0:
            return "{this is not json"
        if kind == 1:
            return ""
        model = "claude-sonnet-4-5-20250929"
        lines, _, _, _ = self.assistant_lines(session, cwd, None, t, model)
        text = dumps(lines[-1])
        if kind == 2:  # cut off well before its timestamp
            return text[: len(text) // 2]
        if kind == 3:  # a timestamp with an offset does not count
            rec = lines[-1]
            rec["timestamp"] = t.strftime("%Y-%m-%dT%H:%M:%S+00:00")
            return dumps(rec)
        rec = self.base(session, cwd, None, t, "assistant")  # an API error: usage limit reached
        reset = int((t + timedelta(hours=2)).timestamp())
        rec["message"] = {"model": "<synthetic>", "id": "msg_" + self.uid().replace("-", "")[:24], "type": "message", "role": "assistant",
                          "content": [{"type": "text", "text": f"Claude AI usage limit reached|{reset}"}],
                          "usage": {"input_tokens": 0, "output_tokens": 0, "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0}}
        rec.update({"type": "assistant", "uuid": self.uid(), "timestamp": self.ts(t), "isApiErrorMessage": True})
        return dumps(rec)

    def session(self, session, cwd, start, turns, model, sidechain=False):
        out = []
        t = start
        parent = None
        for _ in range(turns):
            out.append(self.user(session, cwd, parent, t))
            t += timedelta(seconds=self.rng.randint(1, 30))
            for _ in range(self.rng.randint(1, 4)):
                m = model if self.rng.random() < 0.85 else self.rng.choice([m for m, _ in MODELS])
                if self.rng.random() < 0.01:
                    m = "<synthetic>"
                lines, parent, tool_id, t = self.assistant_lines(session, cwd, parent, t, m)
                out.extend(dumps(l) for l in lines)
                if tool_id:
                    t += timedelta(seconds=self.rng.randint(1, 20))
                    rec = self.user(session, cwd, parent, t, tool_id)
                    out.append(dumps(rec))
                if self.rng.random() < 0.01:
                    out.append(self.malformed(session, cwd, t))
            t += timedelta(minutes=self.rng.randint(1, 40))
        return [l if isinstance(l, str) else dumps(l) for l in out], t


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--size-mb", type=float, default=5)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--one-hour", action="store_true", help="also write 1-hour cache writes")
    ap.add_argument("--start", default="2025-09-01")
    ap.add_argument("--days", type=int, default=60)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    gen = Gen(rng, args.one_hour)
    start = datetime.fromisoformat(args.start).replace(tzinfo=timezone.utc)
    projects = [f"-home-dev-src-app{i}" for i in range(max(2, int(args.size_mb // 20) + 3))]
    target = int(args.size_mb * 1024 * 1024)
    written = 0
    previous = []  # (project, lines) of earlier sessions, for resumed sessions
    n = 0
    while written < target:
        n += 1
        project = rng.choice(projects)
        cwd = "/home/dev/src/" + project.rsplit("-", 1)[-1]
        session = gen.uid()
        model = rng.choices([m for m, _ in MODELS], weights=[w for _, w in MODELS])[0]
        t0 = start + timedelta(days=rng.randrange(args.days), hours=rng.randrange(24), minutes=rng.randrange(60), seconds=rng.randrange(60),
                               milliseconds=rng.randrange(1000))
        lines, t_end = gen.session(session, cwd, t0, rng.randint(2, 25), model)
        if previous and rng.random() < 0.15:  # a resumed session starts with an earlier session's lines
            lines = previous[-1][1][: rng.randint(1, 30)] + lines
        folder = os.path.join(args.out, "projects", project)
        os.makedirs(folder, exist_ok=True)
        path = os.path.join(folder, session + ".jsonl")
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            body = "\n".join(lines) + ("\n" if rng.random() < 0.9 else "")
            f.write(body)
        written += len(body.encode("utf-8"))
        previous.append((project, lines))
        previous = previous[-3:]
        if rng.random() < 0.3:  # subagents of this session
            for _ in range(rng.randint(1, 3)):
                sub, _ = gen.session(session, cwd, t0 + timedelta(minutes=rng.randint(1, 60)), rng.randint(1, 6), "claude-haiku-4-5-20251001")
                sub_folder = os.path.join(folder, session, "subagents")
                os.makedirs(sub_folder, exist_ok=True)
                with open(os.path.join(sub_folder, f"agent-{gen.uid()[:8]}.jsonl"), "w", encoding="utf-8", newline="\n") as f:
                    body = "\n".join(sub) + "\n"
                    f.write(body)
                written += len(body.encode("utf-8"))
    print(f"{n} sessions, {written / 1048576:.1f} MB in {args.out}")


if __name__ == "__main__":
    main()
