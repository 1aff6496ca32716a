using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TokenGovernor.Server.Tests.Infrastructure;

namespace TokenGovernor.Server.Tests;

/// <summary>
/// The service's decisions count every event in the ledger, whoever wrote it: usage a <c>token-gov run</c> in another
/// process recorded meanwhile, and an event a client sends twice only once.
/// </summary>
public sealed class SharedLedgerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tg-shared-ledger-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Usage_that_token_gov_run_records_in_another_process_counts_in_the_next_decision_of_serve()
    {
        Assert.Equal(0, (await TokenGovProcess.RunAsync(_folder, "register", "--name", "web", "--owner", "alice", "--budget", "20000")).ExitCode);
        var (keyExit, key, keyError) = await TokenGovProcess.RunAsync(_folder, "apikey", "create", "--name", "ops", "--scope", "admin");
        Assert.True(keyExit == 0, keyError);
        await using var served = await TokenGovProcess.ServeAsync(_folder, "--agent-rate", "0");
        using var http = new HttpClient { BaseAddress = served.Address };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key.Trim());
        Assert.True((await http.PostAsJsonAsync("/tasks/register", new { project = "web", id = "external", title = "external agent", estimate = 10 })).IsSuccessStatusCode);
        var before = await UsageAsync(http, 5_000);

        // Another process spends 4,000 tokens of the same project through the ledger.
        Directory.CreateDirectory(Path.Combine(_folder, "repos", "acme", "one"));
        var tasks = new JsonObject
        {
            ["default_runner"] = "script",
            ["tasks"] = new JsonArray(new JsonObject
            {
                ["id"] = "local", ["repo"] = "acme/one", ["priority"] = 1, ["title"] = "local", ["project"] = "web", ["estimate"] = 100,
                ["prompt"] = "for i in 1 2 3 4; do echo '::token-gov usage input=1000 output=0'; done",
            }),
        };
        await File.WriteAllTextAsync(Path.Combine(_folder, "tasks.json"), tasks.ToJsonString());
        var run = await TokenGovProcess.RunAsync(_folder, "run", "tasks.json", "--repos-dir", "repos", "--tui", "off");
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        await Task.Delay(1200); // longer than the service trusts a cached reservation sum

        var after = await UsageAsync(http, 9_500);

        Assert.Equal("continue", before["decision"]!.GetValue<string>());
        Assert.Equal(15_000, ProjectLeft(before));
        Assert.Equal("request-checkpoint", after["decision"]!.GetValue<string>());
        Assert.Equal(1_500, ProjectLeft(after));
    }

    [Fact]
    public async Task An_event_sent_again_with_the_same_id_is_answered_but_counted_once()
    {
        await using var server = await LiveServer.StartAsync();
        var project = await server.RegisterProjectAsync("retry", 10_000);
        await server.RegisterTaskAsync(project, "r1", null);
        var usage = new { id = "evt-1", task_id = "r1", agent_id = "agent-r", input_tokens = 4_000 };

        var first = await Decision(await server.Admin.PostAsJsonAsync("/usage", usage));
        var again = await Decision(await server.Admin.PostAsJsonAsync("/usage", usage));
        var twiceAtOnce = await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
            await Decision(await server.Admin.PostAsJsonAsync("/usage", new { id = "evt-2", task_id = "r1", agent_id = "agent-r", input_tokens = 1_000 }))));
        var next = await server.UsageAsync(server.Admin, "r1", "agent-r", 1_000);

        Assert.Equal(6_000, ProjectLeft(first));
        Assert.Equal(6_000, ProjectLeft(again));
        Assert.Equal("evt-1", again["event_id"]!.GetValue<string>());
        Assert.All(twiceAtOnce, decision => Assert.Equal("evt-2", decision["event_id"]!.GetValue<string>()));
        Assert.Equal(4_000, ProjectLeft(next));
        Assert.Equal(3, await server.Store.CountUsageEventsAsync(CancellationToken.None));
    }

    private static async Task<JsonObject> UsageAsync(HttpClient http, long input)
    {
        using var response = await http.PostAsJsonAsync("/usage", new { task_id = "external", agent_id = "external-agent", input_tokens = input });
        return await Decision(response);
    }

    private static async Task<JsonObject> Decision(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonNode.Parse(body)!["decisions"]![0]!.AsObject();
    }

    private static long ProjectLeft(JsonObject decision) =>
        decision["remaining"]!.AsArray().Single(level => level!["scope"]!.GetValue<string>() == "project")!["tokens_left"]!.GetValue<long>();
}
