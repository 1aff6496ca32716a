using System.Text.Json.Nodes;
using TokenGovernor.Cli.Tests.Infrastructure;
using TokenGovernor.Storage;

namespace TokenGovernor.Cli.Tests.Governance;

/// <summary>A sandbox for governance commands: runs token-gov at a fixed instant and opens its store directly.</summary>
public sealed class GovernanceSandbox : IDisposable
{
    private readonly Sandbox _sandbox = new();

    /// <summary>The instant every command sees (TOKEN_GOV_NOW): Monday 2 June 2025, 12:00 UTC.</summary>
    public DateTimeOffset Now { get; set; } = new(2025, 6, 2, 12, 0, 0, TimeSpan.Zero);

    public string StorePath => Path.Combine(_sandbox.StateDir, "governor.db");

    public async Task<CliResult> RunAsync(params string[] args)
    {
        var environment = new Dictionary<string, string?> { ["TOKEN_GOV_NOW"] = Now.ToString("O") };
        using var running = TokenGov.Start(_sandbox.Root, environment, args);
        return await running.WaitAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>Runs a command that must succeed and returns its JSON output.</summary>
    public async Task<JsonNode> JsonAsync(params string[] args)
    {
        var result = await RunAsync([.. args, "--json"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonNode.Parse(result.Stdout)!;
    }

    /// <summary>Runs a command that must fail with a usage error, and returns its stderr.</summary>
    public async Task<string> FailsAsync(params string[] args)
    {
        var result = await RunAsync(args);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal("", result.Stdout);
        return result.Stderr;
    }

    public Task<SqliteGovernorStore> OpenStoreAsync() =>
        SqliteGovernorStore.OpenAsync(StorePath, TimeProvider.System, CancellationToken.None);

    public void Dispose() => _sandbox.Dispose();
}
