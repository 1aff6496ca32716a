"""Runs against a live `token-gov serve`: TOKEN_GOV_URL and TOKEN_GOV_KEY (an admin key) must be set."""

import os
import sys
import threading
import types
import unittest
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import token_gov  # noqa: E402

URL = os.environ.get("TOKEN_GOV_URL")
KEY = os.environ.get("TOKEN_GOV_KEY")


class LiveServiceTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not URL or not KEY:
            raise RuntimeError("set TOKEN_GOV_URL and TOKEN_GOV_KEY to a running token-gov serve and an admin key")
        cls.gov = token_gov.TokenGovClient(URL, KEY, timeout=10)

    def new_task(self, budget):
        project = self.gov.register_project("py-" + uuid.uuid4().hex[:8], owner="python", budget_tokens=100000)
        task_id = "py-task-" + uuid.uuid4().hex[:8]
        self.gov.register_task(project["id"], "python task", task_id=task_id, budget_tokens=budget)
        return project, task_id

    def test_decisions_change_at_the_threshold_and_at_the_limit(self):
        _, task = self.new_task(1000)
        answers = [self.gov.report_usage(task, "py-agent-" + task, model="claude-sonnet-4-5", input_tokens=300)["decision"] for _ in range(4)]
        self.assertEqual(["continue", "continue", "request-checkpoint", "stop"], answers)
        self.assertEqual("paused", self.gov.status("task", task)["state"])

    def test_a_bad_body_names_the_field(self):
        _, task = self.new_task(1000)
        with self.assertRaises(token_gov.TokenGovError) as refused:
            self.gov.report_usage(task, "a", input_tokens=-5)
        self.assertEqual((400, "input_tokens"), (refused.exception.status, refused.exception.field))

    def test_status_fits_in_200_tokens_and_listings_see_the_task(self):
        project, task = self.new_task(1000)
        self.gov.report_usage(task, "lister-" + task, input_tokens=10)
        self.assertLessEqual(len(str(self.gov.status("project", project["id"]))) / 3, 200)
        self.assertIn(task, [item["id"] for item in self.gov.list_tasks(project=project["id"])])
        self.assertEqual(10, self.gov.usage(group="task", project=project["id"])[0]["total_tokens"])
        self.assertEqual("ok", self.gov.healthz()["status"])

    def test_the_callback_handler_reports_llm_usage_and_raises_on_stop(self):
        _, task = self.new_task(500)
        checkpoints = []
        handler = token_gov.TokenGovCallbackHandler(self.gov, task, "lc-" + task, on_checkpoint=checkpoints.append)
        result = types.SimpleNamespace(llm_output={"token_usage": {"prompt_tokens": 200, "completion_tokens": 30}, "model_name": "gpt-4o"}, generations=[])
        handler.on_llm_start({}, ["hi"])
        self.assertEqual("continue", handler.on_llm_end(result)["decision"])
        self.assertEqual("request-checkpoint", handler.on_llm_end(result)["decision"])
        self.assertEqual(1, len(checkpoints))
        with self.assertRaises(token_gov.BudgetStop):
            handler.on_llm_end(result)
        with self.assertRaises(token_gov.BudgetStop):
            handler.on_llm_start({}, ["again"])

    def test_usage_the_service_cannot_take_is_kept_sent_first_on_the_next_call_and_counted_once(self):
        _, task = self.new_task(100000)

        class Unavailable(token_gov.TokenGovClient):
            refusals, retry_after = 0, 1

            def report_usage_batch(self, events):
                if self.refusals > 0:
                    self.refusals -= 1
                    raise token_gov.TokenGovError(503, "Store unavailable", "disk full", None, self.retry_after)
                return super().report_usage_batch(events)

        gov = Unavailable(URL, KEY, timeout=10)
        handler = token_gov.TokenGovCallbackHandler(gov, task, "nr-" + task, max_report_wait=0.5)
        result = types.SimpleNamespace(llm_output={"token_usage": {"prompt_tokens": 200, "completion_tokens": 30}, "model_name": "gpt-4o"}, generations=[])

        gov.refusals = 1000
        with self.assertRaises(token_gov.UsageNotReported) as kept:
            handler.on_llm_end(result)
        with self.assertRaises(token_gov.UsageNotReported) as still:
            handler.on_llm_start({}, ["next"])
        self.assertIs(result, kept.exception.response)
        self.assertIsNone(still.exception.response)
        self.assertEqual(kept.exception.event["id"], still.exception.event["id"])

        gov.refusals = 0
        gov.report_usage_batch([kept.exception.event])  # sent once by hand as well
        handler.on_llm_start({}, ["next"])
        self.assertEqual(230, self.gov.status("task", task)["spent"])

        gov.refusals, gov.retry_after = 2, 0.1  # refused for a moment: waited for, then taken
        self.assertEqual("continue", handler.on_llm_end(result)["decision"])
        self.assertEqual(460, self.gov.status("task", task)["spent"])

    def test_a_submitted_run_of_a_script_task_completes(self):
        import json
        import tempfile
        import time
        folder = tempfile.mkdtemp(prefix="tg-py-run-")
        os.makedirs(os.path.join(folder, "repo"))
        tasks = os.path.join(folder, "tasks.json")
        with open(tasks, "w") as handle:
            json.dump({"default_runner": "script", "tasks": [
                {"id": "py-run-" + uuid.uuid4().hex[:8], "title": "echo", "repo": "repo", "priority": 1, "prompt": "echo hi"}]}, handle)
        run = self.gov.submit_run([tasks], repos_dir=folder)
        deadline = time.time() + 30
        while run["state"] in ("queued", "running") and time.time() < deadline:
            time.sleep(0.2)
            run = self.gov.get_run(run["id"])
        self.assertEqual(("completed", 0), (run["state"], run["exit_code"]))
        self.assertIn(run["id"], [item["id"] for item in self.gov.list_runs()])
        with self.assertRaises(token_gov.TokenGovError) as refused:
            self.gov.submit_run([])
        self.assertEqual((400, "files"), (refused.exception.status, refused.exception.field))

    def test_the_event_feed_delivers_a_pause(self):
        project, task = self.new_task(1000)
        received = []
        ready = threading.Event()

        def listen():
            feed = self.gov.events(project=project["id"], types=["paused"])
            ready.set()
            received.append(next(feed))

        listener = threading.Thread(target=listen, daemon=True)
        listener.start()
        ready.wait(5)
        threading.Event().wait(1.0)
        self.gov.pause_task(task, "from python")
        listener.join(5)
        self.assertEqual(1, len(received))
        self.assertEqual(("paused", task), (received[0]["type"], received[0]["task"]))


if __name__ == "__main__":
    unittest.main()
