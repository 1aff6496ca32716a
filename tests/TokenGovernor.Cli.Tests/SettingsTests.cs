using TokenGovernor.Cli.Tests.Infrastructure;
using static TokenGovernor.Cli.Tests.Infrastructure.Tasks;

namespace TokenGovernor.Cli.Tests;

/// <summary>.token-gov.yml and runner profiles, as a user configures them.</summary>
public sealed class SettingsTests : IDisposable
{
    private readonly Sandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task Settings_file_sets_repos_dir_and_post_run_hook_sees_the_run_dir()
    {
        _sandbox.TaskFile("tasks.json", T("one", "acme/one", "echo hi"));
        _sandbox.WriteFile("team.yml", """
            repos_dir: repos
            workers: 2
            post_run: cp "$TOKEN_GOV_RUN_DIR/report.json" hooked-report.json
            """);

        var result = await _sandbox.RunAsync("run", "tasks.json", "--config", "team.yml", "--tui", "off");

        Assert.True(result.ExitCode == 0, result.ToString());
        var copied = File.ReadAllText(Path.Combine(_sandbox.Root, "hooked-report.json"));
        Assert.Contains("\"state\": \"completed\"", copied);
        Assert.Equal(2, (int)_sandbox.LatestReport()["settings"]!["workers"]!);
    }

    [Fact]
    public async Task Runner_profile_env_reads_env_values_from_the_environment_when_used()
    {
        _sandbox.Repo("acme/one");
        _sandbox.WriteFile("tasks.json", """
            {
              "runners": {"shell": {"type": "script", "env": {"GREETING": "env:MY_GREETING", "FIXED": "plain"}}},
              "default_runner": "shell",
              "tasks": [{"id": "greet", "repo": "acme/one", "priority": 1, "title": "Greet", "prompt": "echo \"$GREETING $FIXED\""}]
            }
            """);
        var environment = new Dictionary<string, string?> { ["MY_GREETING"] = "hello" };

        using var run = TokenGov.Start(_sandbox.Root, environment, "run", "tasks.json", "--repos-dir", "repos", "--tui", "off");
        var result = await run.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(result.ExitCode == 0, result.ToString());
        var task = Sandbox.Task(_sandbox.LatestReport(), "greet");
        Assert.Equal("hello plain", (string?)task["final_message"]);
        Assert.Equal("shell", (string?)task["runner"]);
    }

    [Fact]
    public async Task A_missing_env_variable_fails_the_task_and_says_which()
    {
        _sandbox.Repo("acme/one");
        _sandbox.WriteFile("tasks.json", """
            {
              "runners": {"shell": {"type": "script", "env": {"API_KEY": "env:TOKEN_GOV_TEST_UNSET_KEY"}}},
              "tasks": [{"id": "needs-key", "repo": "acme/one", "priority": 1, "title": "t", "prompt": "touch ran", "runner": "shell"}]
            }
            """);

        var result = await _sandbox.RunAsync("run", "tasks.json", "--repos-dir", "repos", "--tui", "off");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("TOKEN_GOV_TEST_UNSET_KEY, which is not set", (string)Sandbox.Task(_sandbox.LatestReport(), "needs-key")["reason"]!);
        Assert.False(File.Exists(Path.Combine(_sandbox.ReposDir, "acme/one/ran")));
    }

    [Fact]
    public async Task Command_line_flags_win_over_the_settings_file()
    {
        _sandbox.TaskFile("tasks.json", T("one", "acme/one", "true"));
        _sandbox.WriteFile(".token-gov.yml", "workers: 7\nmax_runtime: 10m\n");

        var result = await _sandbox.RunAsync("run", "tasks.json", "--repos-dir", "repos", "--workers", "3", "--tui", "off");

        Assert.True(result.ExitCode == 0, result.ToString());
        var settings = _sandbox.LatestReport()["settings"]!;
        Assert.Equal(3, (int)settings["workers"]!);
        Assert.Equal(600_000, (long)settings["max_runtime_ms"]!);
    }

    [Fact]
    public async Task Bad_flag_values_are_input_errors()
    {
        _sandbox.TaskFile("tasks.json", T("one", "acme/one", "true"));

        var duration = await _sandbox.RunAsync("run", "tasks.json", "--repos-dir", "repos", "--max-runtime", "soon");
        var workers = await _sandbox.RunAsync("run", "tasks.json", "--repos-dir", "repos", "--workers", "0");
        var unknown = await _sandbox.RunAsync("run", "tasks.json", "--no-such-flag");

        Assert.Equal(2, duration.ExitCode);
        Assert.Contains("--max-runtime: \"soon\" is not a duration", duration.Stderr);
        Assert.Equal(2, workers.ExitCode);
        Assert.Contains("--workers must be at least 1", workers.Stderr);
        Assert.Equal(2, unknown.ExitCode);
    }

    [Fact]
    public async Task Version_prints_the_product_version()
    {
        var result = await _sandbox.RunAsync("version");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^token-gov \d+\.\d+\.\d+", result.Stdout);
    }
}
