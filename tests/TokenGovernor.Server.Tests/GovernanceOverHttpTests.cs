using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TokenGovernor.Server.Tests.Infrastructure;

namespace TokenGovernor.Server.Tests;

public sealed class GovernanceOverHttpTests
{
    [Fact]
    public async Task Decisions_go_from_continue_to_checkpoint_at_the_threshold_and_stop_at_a_total_limit()
    {
        await using var server = await LiveServer.StartAsync();
        var project = await server.RegisterProjectAsync("alpha", 100_000);
        await server.RegisterTaskAsync(project, "t1", 1000);

        var first = await server.UsageAsync(server.Admin, "t1", "agent-1", 300);
        var second = await server.UsageAsync(server.Admin, "t1", "agent-1", 300);
        var third = await server.UsageAsync(server.Admin, "t1", "agent-1", 300);
        var fourth = await server.UsageAsync(server.Admin, "t1", "agent-1", 300);

        Assert.Equal("continue", first["decision"]!.GetValue<string>());
        Assert.Equal("continue", second["decision"]!.GetValue<string>());
        Assert.Equal("request-checkpoint", third["decision"]!.GetValue<string>());
        Assert.Equal(100, third["remaining"]![0]!["tokens_left"]!.GetValue<long>());
        Assert.Equal("stop", fourth["decision"]!.GetValue<string>());
        Assert.Contains("task budget", fourth["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        var paused = await server.Admin.GetFromJsonAsync<JsonArray>("/tasks?state=paused");
        Assert.Equal("t1", paused!.Single()!["id"]!.GetValue<string>());
        Assert.Equal("requested", paused!.Single()!["checkpoint"]!.GetValue<string>());
        Assert.Equal(4, await server.Store.CountUsageEventsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_used_up_daily_project_budget_pauses_the_task_until_the_window_ends()
    {
        await using var server = await LiveServer.StartAsync();
        var project = await server.RegisterProjectAsync("daily", 1000, "daily");
        await server.RegisterTaskAsync(project, "d1", null);

        await server.UsageAsync(server.Admin, "d1", "agent-d", 500);
        var answer = await server.UsageAsync(server.Admin, "d1", "agent-d", 600);

        Assert.Equal("pause", answer["decision"]!.GetValue<string>());
        var resumesAt = answer["resumes_at"]!.GetValue<DateTimeOffset>();
        Assert.Equal(DateTimeOffset.UtcNow.UtcDateTime.Date.AddDays(1), resumesAt.UtcDateTime);
        var project_ = answer["remaining"]!.AsArray().Single(level => level!["scope"]!.GetValue<string>() == "project")!;
        Assert.Equal(-100, project_["tokens_left"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_batch_of_events_gets_one_decision_each_in_order_and_every_event_is_in_the_ledger()
    {
        await using var server = await LiveServer.StartAsync();
        var project = await server.RegisterProjectAsync("batch", 10_000);
        await server.RegisterTaskAsync(project, "b1", 1000);
        await server.RegisterTaskAsync(project, "b2", 1000);

        var response = await server.Admin.PostAsJsonAsync("/usage", new
        {
            events = new object[]
            {
                new { task_id = "b1", agent_id = "x", input_tokens = 100 },
                new { task_id = "b2", agent_id = "y", input_tokens = 950 },
                new { task_id = "b1", agent_id = "x", input_tokens = 100 },
            },
        });
        var decisions = (await response.Content.ReadFromJsonAsync<JsonObject>())!["decisions"]!.AsArray();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["continue", "request-checkpoint", "continue"], decisions.Select(item => item!["decision"]!.GetValue<string>()));
        Assert.Equal(800, decisions[2]!["remaining"]![0]!["tokens_left"]!.GetValue<long>());
        Assert.Equal(3, await server.Store.CountUsageEventsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_task_paused_through_the_api_is_told_to_pause_on_its_next_usage_and_resumes_when_asked()
    {
        await using var server = await LiveServer.StartAsync();
        var project = await server.RegisterProjectAsync("control", 10_000);
        await server.RegisterTaskAsync(project, "c1", null);
        await server.UsageAsync(server.Admin, "c1", "agent-c", 10);

        var pause = await server.Admin.PostAsJsonAsync("/tasks/c1/pause", new { reason = "maintenance" });
        var whilePaused = await server.UsageAsync(server.Admin, "c1", "agent-c", 10);
        var resume = await server.Admin.PostAsync("/tasks/c1/resume", null);
        var again = await server.Admin.PostAsync("/tasks/c1/resume", null);

        Assert.Equal("paused", (await pause.Content.ReadFromJsonAsync<JsonObject>())!["state"]!.GetValue<string>());
        Assert.Equal("pause", whilePaused["decision"]!.GetValue<string>());
        Assert.Contains("maintenance", whilePaused["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("ready", (await resume.Content.ReadFromJsonAsync<JsonObject>())!["state"]!.GetValue<string>());
        await Problem.AssertAsync(again, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Listings_show_projects_tasks_agents_checkpoints_and_usage_grouped_by_model()
    {
        await using var server = await LiveServer.StartAsync();
        var project = await server.RegisterProjectAsync("lists", 10_000);
        await server.RegisterTaskAsync(project, "l1", 100);
        await server.UsageAsync(server.Admin, "l1", "agent-l", 95);

        var projects = await server.Admin.GetFromJsonAsync<JsonArray>("/projects");
        var agents = await server.Admin.GetFromJsonAsync<JsonArray>("/agents");
        var checkpoints = await server.Admin.GetFromJsonAsync<JsonArray>("/checkpoints");
        var usage = await server.Admin.GetFromJsonAsync<JsonArray>("/usage?group=model");
        var byTask = await server.Admin.GetFromJsonAsync<JsonArray>("/usage?group=task");

        Assert.Equal("lists", projects!.Single()!["name"]!.GetValue<string>());
        Assert.Equal("agent-l", agents!.Single()!["id"]!.GetValue<string>());
        Assert.Equal("l1", checkpoints!.Single()!["task"]!.GetValue<string>());
        Assert.Equal("claude-sonnet-4-5", usage!.Single()!["key"]!.GetValue<string>());
        Assert.Equal(95, byTask!.Single()!["input_tokens"]!.GetValue<long>());
    }

    [Fact]
    public async Task Metrics_are_prometheus_text_with_tokens_by_project_model_and_kind_tasks_and_decisions()
    {
        await using var server = await LiveServer.StartAsync();
        var project = await server.RegisterProjectAsync("metered", 10_000);
        await server.RegisterTaskAsync(project, "m1", null);
        await server.UsageAsync(server.Admin, "m1", "agent-m", 120, 30);

        var text = await server.Admin.GetStringAsync("/metrics");

        Assert.Contains("token_gov_tokens_total{project=\"metered\",model=\"claude-sonnet-4-5\",kind=\"input\"} 120", text, StringComparison.Ordinal);
        Assert.Contains("token_gov_tokens_total{project=\"metered\",model=\"claude-sonnet-4-5\",kind=\"output\"} 30", text, StringComparison.Ordinal);
        Assert.Contains("token_gov_tasks{project=\"metered\",state=\"running\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("token_gov_decisions_total{decision=\"continue\"} 1", text, StringComparison.Ordinal);
    }
}
