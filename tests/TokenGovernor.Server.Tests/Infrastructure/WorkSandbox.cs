using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TokenGovernor.Server.Tests.Infrastructure;

/// <summary>
/// A folder where <c>token-gov serve</c> runs work: git repositories under <c>repos/</c>, task files for the script
/// runner, the store under <c>.token-gov/</c>, and a clock file (TOKEN_GOV_CLOCK_FILE) a test moves forward.
/// </summary>
public sealed class WorkSandbox : IDisposable
{
    public WorkSandbox()
    {
        Root = Directory.CreateTempSubdirectory("tg-work-").FullName;
        SetClock(Epoch);
    }

    public string Root { get; }

    /// <summary>Where the test clock starts: Monday 2 June 2025, 12:00 UTC.</summary>
    public DateTimeOffset Epoch { get; } = new(2025, 6, 2, 12, 0, 0, TimeSpan.Zero);

    public string ClockFile => Path.Combine(Root, "clock.txt");

    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["TOKEN_GOV_CLOCK_FILE"] = ClockFile,
        ["GIT_AUTHOR_NAME"] = "Dev",
        ["GIT_AUTHOR_EMAIL"] = "dev@example.com",
        ["GIT_COMMITTER_NAME"] = "Dev",
        ["GIT_COMMITTER_EMAIL"] = "dev@example.com",
    };

    public void SetClock(DateTimeOffset at)
    {
        var temporary = ClockFile + ".new";
        File.WriteAllText(temporary, at.ToString("O", CultureInfo.InvariantCulture));
        File.Move(temporary, ClockFile, overwrite: true);
    }

    /// <summary>A git repository with one commit, at <c>repos/name</c>.</summary>
    public void Repo(string name)
    {
        var repo = Path.Combine(Root, "repos", name);
        Directory.CreateDirectory(repo);
        Git(repo, "init", "-q", "-b", "main");
        File.WriteAllText(Path.Combine(repo, "app.txt"), "v1\n");
        Git(repo, "add", "app.txt");
        Git(repo, "commit", "-q", "-m", "first");
    }

    /// <summary>Writes a task file for the script runner; each task's repo is created when missing.</summary>
    public void WriteTasks(string file, params JsonObject[] tasks)
    {
        foreach (var task in tasks)
        {
            task["title"] ??= $"Task {(string?)task["id"]}";
            if (!Directory.Exists(Path.Combine(Root, "repos", (string)task["repo"]!)))
            {
                Repo((string)task["repo"]!);
            }
        }

        var content = new JsonObject { ["default_runner"] = "script", ["tasks"] = new JsonArray([.. tasks]) };
        File.WriteAllText(Path.Combine(Root, file), content.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    public static JsonObject Task(string id, string repo, string prompt, string? project = null, long? estimate = null, params string[] dependsOn)
    {
        var task = new JsonObject { ["id"] = id, ["repo"] = repo, ["prompt"] = prompt, ["priority"] = 1 };
        if (project is not null)
        {
            task["project"] = project;
        }

        if (estimate is { } tokens)
        {
            task["estimate"] = tokens;
        }

        if (dependsOn.Length > 0)
        {
            task["depends_on"] = new JsonArray([.. dependsOn.Select(id => (JsonNode)id)]);
        }

        return task;
    }

    /// <summary>A script that reports <paramref name="count"/> usage increments of <paramref name="tokens"/> input tokens, a tenth of a second apart.</summary>
    public static string Spend(int count, int tokens) =>
        $"i=0; while [ $i -lt {count} ]; do echo '::token-gov usage input={tokens} output=0 model=claude-sonnet-4-5'; i=$((i+1)); sleep 0.1; done; echo spent";

    /// <summary>Runs a token-gov command here, under the test clock; it must succeed.</summary>
    public async Task<string> OkAsync(params string[] args)
    {
        var (exit, stdout, stderr) = await TokenGovProcess.RunWithAsync(Root, Environment, args);
        Assert.True(exit == 0, $"token-gov {string.Join(' ', args)} exited {exit}: {stdout}{stderr}");
        return stdout;
    }

    public Task<(int ExitCode, string Stdout, string Stderr)> CliAsync(params string[] args) => TokenGovProcess.RunWithAsync(Root, Environment, args);

    /// <summary>Starts a token-gov command here, under the test clock, and leaves it running.</summary>
    public TokenGovernor.Tests.Shared.CapturedProcess StartCli(params string[] args) => TokenGovProcess.StartCli(Root, Environment, args);

    public async Task<string> KeyAsync(string scope) => (await OkAsync("apikey", "create", "--name", "k" + Guid.NewGuid().ToString("N")[..6], "--scope", scope)).Trim();

    public Task<TokenGovProcess.Served> ServeAsync(params string[] args) => TokenGovProcess.ServeWithAsync(Root, Environment, args);

    /// <summary>Reads the store the way an operator would inspect it after <c>serve</c> has stopped.</summary>
    public async Task<T> WithStoreAsync<T>(Func<TokenGovernor.Storage.SqliteGovernorStore, Task<T>> read)
    {
        await using var store = await TokenGovernor.Storage.SqliteGovernorStore.OpenAsync(Path.Combine(Root, ".token-gov", "governor.db"), TimeProvider.System, CancellationToken.None);
        return await read(store);
    }

    public static HttpClient Client(TokenGovProcess.Served served, string key)
    {
        var http = new HttpClient { BaseAddress = served.Address, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return http;
    }

    /// <summary>Submits task files; the answer must be 202 with the run.</summary>
    public static async Task<JsonObject> SubmitAsync(HttpClient http, params string[] files)
    {
        var response = await http.PostAsJsonAsync("/runs", new { files, repos_dir = "repos" });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    /// <summary>Reads <c>GET /runs/{id}</c> until <paramref name="done"/> holds; fails with the last answer after the timeout.</summary>
    public static async Task<JsonObject> WaitForRunAsync(HttpClient http, string id, Func<JsonObject, bool> done, TimeSpan timeout, Func<string>? context = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        JsonObject run;
        while (!done(run = (await http.GetFromJsonAsync<JsonObject>($"/runs/{id}"))!))
        {
            Assert.True(DateTime.UtcNow < deadline, $"run {id} never got there: {run.ToJsonString()}\n{context?.Invoke()}");
            await System.Threading.Tasks.Task.Delay(200);
        }

        return run;
    }

    public static string? TaskState(JsonObject run, string id) =>
        (string?)run["tasks"]!.AsArray().Single(task => (string?)task!["id"] == id)!["state"];

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static void Git(string repo, params string[] args) => TokenGovernor.Tests.Shared.TestGit.Run(repo, args);
}
