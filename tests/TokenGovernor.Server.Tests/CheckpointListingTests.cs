using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TokenGovernor.Server.Tests.Infrastructure;

namespace TokenGovernor.Server.Tests;

/// <summary><c>GET /checkpoints</c> shows what was saved when a task was stopped: reason, time, agent, git ref.</summary>
public sealed class CheckpointListingTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tg-checkpoints-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_task_that_run_stopped_at_its_budget_is_listed_with_the_checkpoint_branch_holding_its_work()
    {
        var repo = Path.Combine(_folder, "repos", "acme", "app");
        Directory.CreateDirectory(repo);
        Git(repo, "init", "-q", "-b", "main");
        await File.WriteAllTextAsync(Path.Combine(repo, "app.txt"), "v1\n");
        Git(repo, "add", "app.txt");
        Git(repo, "commit", "-q", "-m", "first");
        Assert.Equal(0, (await TokenGovProcess.RunAsync(_folder, "register", "--name", "web", "--owner", "alice", "--budget", "1000")).ExitCode);
        var tasks = new JsonObject
        {
            ["default_runner"] = "script",
            ["tasks"] = new JsonArray(new JsonObject
            {
                ["id"] = "draft", ["repo"] = "acme/app", ["priority"] = 1, ["title"] = "draft", ["project"] = "web", ["estimate"] = 100,
                ["prompt"] = "echo draft > notes.txt; echo '::token-gov usage input=2000 output=0'; sleep 30",
            }),
        };
        await File.WriteAllTextAsync(Path.Combine(_folder, "tasks.json"), tasks.ToJsonString());
        var run = await TokenGovProcess.RunAsync(_folder, "run", "tasks.json", "--repos-dir", "repos", "--tui", "off", "--grace-period", "500ms");
        Assert.True(run.ExitCode != 0, run.Stdout + run.Stderr);
        var (_, key, _) = await TokenGovProcess.RunAsync(_folder, "apikey", "create", "--name", "ops", "--scope", "admin");
        await using var served = await TokenGovProcess.ServeAsync(_folder);
        using var http = new HttpClient { BaseAddress = served.Address };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key.Trim());

        var listed = (await http.GetFromJsonAsync<JsonArray>("/checkpoints"))!;

        var draft = Assert.Single(listed)!;
        Assert.Equal("draft", draft["task"]!.GetValue<string>());
        var saved = Assert.Single(draft["saved"]!.AsArray())!;
        var gitRef = saved["git_ref"]!.GetValue<string>();
        Assert.StartsWith("token-gov/checkpoint/draft/", gitRef, StringComparison.Ordinal);
        Assert.Equal("draft", Git(repo, "show", gitRef + ":notes.txt"));
        Assert.Contains("budget", saved["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(saved["agent"]);
    }

    private static string Git(string repo, params string[] args) => TokenGovernor.Tests.Shared.TestGit.Run(repo, args);
}
