"""Python client for the token-gov service (``token-gov serve``). Standard library only.

    from token_gov import TokenGovClient, TokenGovCallbackHandler
    gov = TokenGovClient("http://127.0.0.1:7070", api_key)
    project = gov.register_project("my-project", owner="me", budget_tokens=2_000_000)
    gov.register_task(project["id"], "write the parser", task_id="parser")
    decision = gov.report_usage("parser", "agent-1", model="claude-sonnet-4-5", input_tokens=1200, output_tokens=300)
    if decision["decision"] in ("pause", "stop"): ...

``TokenGovCallbackHandler`` is a LangChain-style callback handler: it reports the token usage of each LLM
call and raises ``BudgetStop`` when the governor says pause or stop. It works with LangChain when installed
(it then derives from ``BaseCallbackHandler``) and loads without it. Each report carries an id, so sending it
again never counts it twice: a service that asks to be called again shortly (429 or 503 with Retry-After) is
waited for; one that stays unavailable raises ``UsageNotReported``, and the next LLM call reports it first.
"""

import json
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

__all__ = ["TokenGovClient", "TokenGovError", "BudgetStop", "UsageNotReported", "TokenGovCallbackHandler"]

CONTINUE, REQUEST_CHECKPOINT, PAUSE, STOP = "continue", "request-checkpoint", "pause", "stop"


class TokenGovError(Exception):
    """The service refused a call; ``status``, ``title``, ``detail`` and ``field`` come from its problem details."""

    def __init__(self, status, title, detail=None, field=None, retry_after=None):
        super().__init__(detail or title)
        self.status, self.title, self.detail, self.field, self.retry_after = status, title, detail, field, retry_after


class BudgetStop(Exception):
    """The governor answered pause or stop: no more model calls for this task."""

    def __init__(self, decision):
        super().__init__("token-gov says %s for task %s: %s" % (decision.get("decision"), decision.get("task_id"), decision.get("reason")))
        self.decision = decision


class UsageNotReported(Exception):
    """An LLM call's usage could not be reported: the service refused for longer than the handler waits (429, 503)
    or could not be reached. ``event`` keeps it, with its id, and ``response`` the LLM result; the handler sends the
    event before the next call, and the service counts it once however often it is sent."""

    def __init__(self, event, response, error):
        super().__init__("token-gov could not take the usage of task %s: %s" % (event.get("task_id"), error))
        self.event, self.response = event, response


class TokenGovClient:
    """One method per endpoint of the REST API. JSON in, dicts and lists out."""

    def __init__(self, base_url, api_key, timeout=30.0):
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.timeout = timeout

    # registration
    def register_project(self, name, owner, budget_tokens=None, budget_usd=None, window="total", tier=2, project_id=None):
        return self._post("/projects/register", {"id": project_id, "name": name, "owner": owner, "tier": tier,
                                                 "budget_tokens": budget_tokens, "budget_usd": budget_usd, "window": window})

    def register_package(self, project, name, budget_tokens=None, budget_usd=None, priority=0, deadline=None, package_id=None):
        return self._post("/packages/register", {"project": project, "id": package_id, "name": name, "budget_tokens": budget_tokens,
                                                 "budget_usd": budget_usd, "priority": priority, "deadline": deadline})

    def register_task(self, project, title, task_id=None, package=None, budget_tokens=None, budget_usd=None,
                      complexity=None, estimate=None, prompt=None, priority=0):
        return self._post("/tasks/register", {"project": project, "title": title, "id": task_id, "package": package,
                                              "budget_tokens": budget_tokens, "budget_usd": budget_usd, "complexity": complexity,
                                              "estimate": estimate, "prompt": prompt, "priority": priority})

    # control
    def pause_task(self, task_id, reason=None):
        return self._control(task_id, "pause", reason)

    def resume_task(self, task_id, reason=None):
        return self._control(task_id, "resume", reason)

    def checkpoint_task(self, task_id, reason=None):
        return self._control(task_id, "checkpoint", reason)

    def cancel_task(self, task_id, reason=None):
        return self._control(task_id, "cancel", reason)

    def complete_task(self, task_id, reason=None):
        return self._control(task_id, "complete", reason)

    def fail_task(self, task_id, reason=None):
        return self._control(task_id, "fail", reason)

    # usage
    def report_usage(self, task_id, agent_id, model=None, input_tokens=0, output_tokens=0, cache_creation_tokens=0,
                     cache_read_tokens=0, reasoning_tokens=0, cost_usd=None, framework=None, event_id=None):
        """Reports one usage event; returns the decision dict (decision, reason, resumes_at, remaining)."""
        return self.report_usage_batch([{
            "task_id": task_id, "agent_id": agent_id, "model": model, "input_tokens": input_tokens, "output_tokens": output_tokens,
            "cache_creation_tokens": cache_creation_tokens, "cache_read_tokens": cache_read_tokens,
            "reasoning_tokens": reasoning_tokens, "cost_usd": cost_usd, "framework": framework, "id": event_id}])[0]

    def report_usage_batch(self, events):
        return self._post("/usage", {"events": events})["decisions"]

    # reports
    def status(self, level, item_id):
        return self._get("/status/%s/%s" % (urllib.parse.quote(level, safe=""), urllib.parse.quote(item_id, safe="")))

    def list_projects(self):
        return self._get("/projects")

    def list_packages(self, project=None):
        return self._get("/packages", project=project)

    def list_tasks(self, project=None, state=None):
        return self._get("/tasks", project=project, state=state)

    def list_agents(self, project=None):
        return self._get("/agents", project=project)

    def list_checkpoints(self, project=None):
        return self._get("/checkpoints", project=project)

    def usage(self, start=None, end=None, group="day", project=None):
        return self._get("/usage", **{"from": start, "to": end, "group": group, "project": project})

    def submit_run(self, files, filter=None, workers=None, repos_dir=None, config=None):
        """Has the service's workers run task files that are on the server's machine; returns the run (state "queued" or "running")."""
        return self._post("/runs", {"files": list(files), "filter": filter, "workers": workers, "repos_dir": repos_dir, "config": config})

    def list_runs(self):
        return self._get("/runs")

    def get_run(self, run_id):
        return self._get("/runs/" + urllib.parse.quote(run_id, safe=""))

    def cancel_run(self, run_id):
        return self._post("/runs/%s/cancel" % urllib.parse.quote(run_id, safe=""), {})

    def healthz(self):
        return self._get("/healthz")

    def metrics(self):
        return self._request("GET", "/metrics", None, raw=True)

    def events(self, project=None, types=None):
        """Yields live events (dicts) from the server-sent event feed until the connection closes."""
        query = _query(project=project, types=",".join(types) if types else None)
        request = urllib.request.Request(self.base_url + "/events" + query, headers=self._headers())
        try:
            response = urllib.request.urlopen(request, timeout=self.timeout)
        except urllib.error.HTTPError as error:
            raise _refusal(error) from None
        with response:
            for raw in response:
                line = raw.decode("utf-8").rstrip("\n")
                if line.startswith("data: "):
                    yield json.loads(line[6:])

    # plumbing
    def _control(self, task_id, verb, reason):
        return self._post("/tasks/%s/%s" % (urllib.parse.quote(task_id, safe=""), verb), {"reason": reason})

    def _get(self, path, **query):
        return self._request("GET", path + _query(**query), None)

    def _post(self, path, body):
        return self._request("POST", path, {key: value for key, value in body.items() if value is not None})

    def _headers(self):
        return {"Authorization": "Bearer " + self.api_key, "Accept": "application/json"}

    def _request(self, method, path, body, raw=False):
        data = None if body is None else json.dumps(body).encode("utf-8")
        headers = self._headers()
        if data is not None:
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(self.base_url + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                text = response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            raise _refusal(error) from None
        return text if raw else json.loads(text)


def _query(**values):
    given = {key: value for key, value in values.items() if value is not None}
    return "?" + urllib.parse.urlencode(given) if given else ""


def _refusal(error):
    try:
        problem = json.loads(error.read().decode("utf-8"))
    except (ValueError, OSError):
        problem = {}
    retry = error.headers.get("Retry-After") if error.headers else None
    return TokenGovError(error.code, problem.get("title", error.reason), problem.get("detail"), problem.get("field"),
                         int(retry) if retry and retry.isdigit() else None)


try:  # LangChain is optional: derive from its base class when it is there.
    from langchain_core.callbacks import BaseCallbackHandler as _Base  # type: ignore
except ImportError:  # pragma: no cover - the usual case in tests
    _Base = object


class TokenGovCallbackHandler(_Base):
    """Reports each LLM call's token usage to token-gov and obeys the answer.

    A pause or stop raises ``BudgetStop`` from ``on_llm_end`` and from any later ``on_llm_start``; a checkpoint
    request calls ``on_checkpoint(decision)`` (override it, or pass ``on_checkpoint=``).
    """

    raise_error = True  # LangChain: let BudgetStop reach the caller instead of logging it.

    def __init__(self, client, task_id, agent_id, framework="langchain", on_checkpoint=None, max_report_wait=10.0):
        if _Base is not object:
            super().__init__()
        self.client, self.task_id, self.agent_id, self.framework = client, task_id, agent_id, framework
        self.max_report_wait = max_report_wait
        self.last_decision = None
        self._stopped = None
        self._unreported = None
        self._on_checkpoint = on_checkpoint

    def on_llm_start(self, serialized=None, prompts=None, **kwargs):
        if self._stopped is not None:
            raise BudgetStop(self._stopped)
        if self._unreported is not None:  # no model call before the last one's usage is judged
            self._obey(self._send(self._unreported, None))

    on_chat_model_start = on_llm_start

    def on_llm_end(self, response, **kwargs):
        usage, model = _usage_of(response)
        event = {
            "task_id": self.task_id, "agent_id": self.agent_id, "model": model, "input_tokens": usage.get("input", 0),
            "output_tokens": usage.get("output", 0), "cache_read_tokens": usage.get("cache_read", 0),
            "cache_creation_tokens": usage.get("cache_creation", 0), "reasoning_tokens": usage.get("reasoning", 0),
            "framework": self.framework, "id": str(uuid.uuid4())}
        return self._obey(self._send(event, response))

    def _send(self, event, response):
        waited = 0.0
        while True:
            try:
                decision = self.client.report_usage_batch([event])[0]
            except TokenGovError as error:
                if error.status not in (429, 503):
                    raise
                retry = error.retry_after if error.retry_after is not None else 1
                if waited + retry > self.max_report_wait:
                    self._unreported = event
                    raise UsageNotReported(event, response, error) from error
                time.sleep(retry)
                waited += retry
                continue
            except OSError as error:  # unreachable (URLError and socket errors are OSErrors)
                self._unreported = event
                raise UsageNotReported(event, response, error) from error
            self._unreported = None
            self.last_decision = decision
            return decision

    def _obey(self, decision):
        if decision["decision"] in (PAUSE, STOP):
            self._stopped = decision
            raise BudgetStop(decision)
        if decision["decision"] == REQUEST_CHECKPOINT:
            self.on_checkpoint(decision)
        return decision

    def on_checkpoint(self, decision):
        if self._on_checkpoint is not None:
            self._on_checkpoint(decision)


def _usage_of(response):
    """Token counts from a LangChain LLMResult (llm_output.token_usage, or usage_metadata on messages) or a dict."""
    usage, model = {}, None
    output = getattr(response, "llm_output", None) or (response.get("llm_output") if isinstance(response, dict) else None) or {}
    model = output.get("model_name") or output.get("model")
    token_usage = output.get("token_usage") or output.get("usage") or {}
    if token_usage:
        usage["input"] = int(token_usage.get("prompt_tokens", token_usage.get("input_tokens", 0)) or 0)
        usage["output"] = int(token_usage.get("completion_tokens", token_usage.get("output_tokens", 0)) or 0)
        usage["cache_read"] = int(token_usage.get("cache_read_input_tokens", 0) or 0)
        usage["cache_creation"] = int(token_usage.get("cache_creation_input_tokens", 0) or 0)
        return usage, model
    for generations in getattr(response, "generations", None) or []:
        for generation in generations:
            message = getattr(generation, "message", None)
            metadata = getattr(message, "usage_metadata", None) or {}
            usage["input"] = usage.get("input", 0) + int(metadata.get("input_tokens", 0))
            usage["output"] = usage.get("output", 0) + int(metadata.get("output_tokens", 0))
            details = metadata.get("input_token_details") or {}
            usage["cache_read"] = usage.get("cache_read", 0) + int(details.get("cache_read", 0))
            model = model or (getattr(message, "response_metadata", None) or {}).get("model_name")
    return usage, model
