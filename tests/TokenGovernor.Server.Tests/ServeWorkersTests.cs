using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TokenGovernor.Server.Tests.Infrastructure;
using static TokenGovernor.Server.Tests.Infrastructure.WorkSandbox;

namespace TokenGovernor.Server.Tests;

/// <summary>Work submitted to a real <c>token-gov serve</c> over HTTP: its workers run it, the feed shows it, the pool bounds it.</summary>
public sealed class ServeWorkersTests : IDisposable
{
    private readonly WorkSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task A_submitted_run_completes_its_tasks_and_the_live_feed_shows_each_state_change()
    {
        await _sandbox.OkAsync("register", "--name", "web", "--owner", "ops", "--budget", "100000");
        _sandbox.WriteTasks("tasks.json",
            Task("lint", "acme/one", Spend(2, 100), project: "web", estimate: 500),
            Task("build", "acme/two", "echo built", project: "web", estimate: 500, dependsOn: "lint"));
        var key = await _sandbox.KeyAsync("admin");
        await using var served = await _sandbox.ServeAsync();
        using var feed = await EventFeed.OpenAsync(served.Address, key);
        using var http = Client(served, key);

        var submitted = await SubmitAsync(http, "tasks.json");
        var id = (string)submitted["id"]!;
        var run = await WaitForRunAsync(http, id, run => (string?)run["state"] == "completed", TimeSpan.FromSeconds(60), () => served.Stderr);

        Assert.Equal(0, (int)run["exit_code"]!);
        Assert.NotNull((string?)run["run_id"]);
        Assert.Equal(["lint", "build"], run["tasks"]!.AsArray().Select(task => (string?)task!["id"]));
        Assert.All(run["tasks"]!.AsArray(), task => Assert.Equal("completed", (string?)task!["state"]));
        Assert.Contains(id, (await http.GetFromJsonAsync<JsonArray>("/runs"))!.Select(item => (string?)item!["id"]));
        await WaitUntilAsync(() => feed.StatesOf("build").Contains("completed"));
        foreach (var task in new[] { "lint", "build" })
        {
            var states = feed.StatesOf(task);
            Assert.True(states.IndexOf("running") >= 0 && states.IndexOf("running") < states.IndexOf("completed"), $"{task}: {string.Join(", ", states)}");
        }

        Assert.Contains(feed.Events, item => item.Type == "state-changed" && (string?)item.Data["project"] is { Length: > 0 } && (string?)item.Data["task"] == "lint");
        Assert.Equal(200, await Spent("web"));
    }

    [Fact]
    public async Task The_worker_pool_bounds_how_many_agents_run_at_once_across_two_submitted_runs()
    {
        var marks = Path.Combine(_sandbox.Root, "marks");
        Directory.CreateDirectory(marks);
        string Timed(string id) => $"date +%s%N > {marks}/{id}.start; sleep 1; date +%s%N > {marks}/{id}.end";
        _sandbox.WriteTasks("first.json", Task("a1", "acme/a1", Timed("a1")), Task("a2", "acme/a2", Timed("a2")), Task("a3", "acme/a3", Timed("a3")));
        _sandbox.WriteTasks("second.json", Task("b1", "acme/b1", Timed("b1")), Task("b2", "acme/b2", Timed("b2")), Task("b3", "acme/b3", Timed("b3")));
        var key = await _sandbox.KeyAsync("admin");
        await using var served = await _sandbox.ServeAsync("--workers", "2");
        using var http = Client(served, key);

        var first = (string)(await SubmitAsync(http, "first.json"))["id"]!;
        var second = (string)(await SubmitAsync(http, "second.json"))["id"]!;
        foreach (var id in new[] { first, second })
        {
            await WaitForRunAsync(http, id, run => (string?)run["state"] == "completed", TimeSpan.FromSeconds(90), () => served.Stderr);
        }

        var spans = Directory.GetFiles(marks, "*.start").Select(start => (
            Start: long.Parse(File.ReadAllText(start).Trim(), CultureInfo.InvariantCulture),
            End: long.Parse(File.ReadAllText(Path.ChangeExtension(start, ".end")).Trim(), CultureInfo.InvariantCulture))).ToList();
        Assert.Equal(6, spans.Count);
        var most = spans.Max(span => spans.Count(other => other.Start <= span.Start && span.Start < other.End));
        Assert.Equal(2, most);
    }

    [Fact]
    public async Task Bad_submissions_get_400_naming_the_field_and_the_task_file_problems_with_their_line()
    {
        File.WriteAllText(Path.Combine(_sandbox.Root, "broken.json"), "{\n  \"tasks\": [\n    { \"id\": \"x\", \"repo\": \"acme/x\", \"priority\": \"high\" }\n  ]\n}\n");
        File.WriteAllText(Path.Combine(_sandbox.Root, "syntax.json"), "{\n  \"tasks\": [\n    { \"id\": \"x\" },\n    { \"id\": \"y\" \"repo\": 1 }\n  ]\n}\n");
        var key = await _sandbox.KeyAsync("admin");
        await using var served = await _sandbox.ServeAsync("--no-workers");
        using var http = Client(served, key);

        await Problem.AssertAsync(await http.PostAsJsonAsync("/runs", new { filter = "x" }), HttpStatusCode.BadRequest, "files");
        await Problem.AssertAsync(await http.PostAsJsonAsync("/runs", new { files = new[] { "" } }), HttpStatusCode.BadRequest, "files[0]");
        await Problem.AssertAsync(await http.PostAsJsonAsync("/runs", new { files = new[] { "broken.json" }, workers = 0 }), HttpStatusCode.BadRequest, "workers");
        await Problem.AssertAsync(await http.PostAsJsonAsync("/runs", new { files = new[] { "broken.json" }, repos_dir = "nowhere" }), HttpStatusCode.BadRequest, "repos_dir");
        await Problem.AssertAsync(await http.PostAsJsonAsync("/runs", new { files = "tasks.json" }), HttpStatusCode.BadRequest, "files");
        var broken = await Problem.AssertAsync(await http.PostAsJsonAsync("/runs", new { files = new[] { "broken.json" } }), HttpStatusCode.BadRequest, "files");
        var problems = broken["problems"]!.AsArray();
        Assert.Contains(problems, problem => (string?)problem!["file"] == "broken.json" && (string?)problem["path"] == "$.tasks[0].priority");
        Assert.Contains(problems, problem => (string?)problem!["path"] == "$.tasks[0].prompt" && ((string?)problem["message"])!.Contains("missing", StringComparison.Ordinal));
        var syntax = await Problem.AssertAsync(await http.PostAsJsonAsync("/runs", new { files = new[] { "syntax.json" } }), HttpStatusCode.BadRequest, "files");
        Assert.Equal(("syntax.json", 4), ((string?)syntax["problems"]![0]!["file"], (int?)syntax["problems"]![0]!["line"]));
        var missing = await Problem.AssertAsync(await http.PostAsJsonAsync("/runs", new { files = new[] { "absent.json" } }), HttpStatusCode.BadRequest, "files");
        Assert.Contains("absent.json", missing.ToJsonString(), StringComparison.Ordinal);
        Assert.Empty((await http.GetFromJsonAsync<JsonArray>("/runs"))!);
    }

    [Fact]
    public async Task A_project_key_submits_its_own_projects_tasks_but_gets_403_for_another_projects()
    {
        await _sandbox.OkAsync("register", "--name", "web", "--owner", "ops", "--budget", "100000");
        await _sandbox.OkAsync("register", "--name", "api", "--owner", "ops", "--budget", "100000");
        _sandbox.WriteTasks("web.json", Task("w1", "acme/w1", "echo w", project: "web", estimate: 10));
        _sandbox.WriteTasks("mixed.json", Task("w2", "acme/w2", "echo w", project: "web", estimate: 10), Task("a1", "acme/a1", "echo a", project: "api", estimate: 10));
        var webKey = await _sandbox.KeyAsync("project:web");
        var apiKey = await _sandbox.KeyAsync("project:api");
        await using var served = await _sandbox.ServeAsync("--no-workers");
        using var web = Client(served, webKey);
        using var api = Client(served, apiKey);

        var refused = await Problem.AssertAsync(await web.PostAsJsonAsync("/runs", new { files = new[] { "mixed.json" }, repos_dir = "repos" }), HttpStatusCode.Forbidden);
        var accepted = await SubmitAsync(web, "web.json");

        Assert.Contains("a1", (string?)refused["detail"], StringComparison.Ordinal);
        Assert.Equal("queued", (string?)accepted["state"]);
        Assert.Equal("pending", TaskState(accepted, "w1"));
        await Problem.AssertAsync(await api.GetAsync($"/runs/{accepted["id"]}"), HttpStatusCode.Forbidden);
        Assert.Empty((await api.GetFromJsonAsync<JsonArray>("/runs"))!);
        var cancelled = await web.PostAsync($"/runs/{accepted["id"]}/cancel", null);
        Assert.Equal("cancelled", (string?)(await cancelled.Content.ReadFromJsonAsync<JsonObject>())!["state"]);
        await Problem.AssertAsync(await web.PostAsync($"/runs/{accepted["id"]}/cancel", null), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_run_submitted_to_a_serve_without_workers_is_run_by_the_next_serve_with_workers()
    {
        _sandbox.WriteTasks("tasks.json", Task("later", "acme/one", "echo later"));
        var key = await _sandbox.KeyAsync("admin");
        string id;
        await using (var idle = await _sandbox.ServeAsync("--no-workers"))
        {
            using var http = Client(idle, key);
            id = (string)(await SubmitAsync(http, "tasks.json"))["id"]!;
            await System.Threading.Tasks.Task.Delay(1000);
            Assert.Equal("queued", (string?)(await http.GetFromJsonAsync<JsonObject>($"/runs/{id}"))!["state"]);
        }

        await using var working = await _sandbox.ServeAsync();
        using var client = Client(working, key);
        var run = await WaitForRunAsync(client, id, run => (string?)run["state"] == "completed", TimeSpan.FromSeconds(60), () => working.Stderr);

        Assert.Equal(("completed", 0), (TaskState(run, "later"), (int?)run["exit_code"]));
    }

    private async Task<long> Spent(string project)
    {
        var status = JsonNode.Parse(await _sandbox.OkAsync("project", "show", project, "--json"))!;
        return (long)status["status"]!["spent"]!["tokens"]!;
    }

    private static async System.Threading.Tasks.Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await System.Threading.Tasks.Task.Delay(50);
        }
    }
}
