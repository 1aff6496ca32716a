using System.Text.Json.Nodes;
using TokenGovernor.Cli.Tests.Infrastructure;
using TokenGovernor.Storage;

namespace TokenGovernor.Cli.Tests.Agents;

/// <summary><c>token-gov graylist</c>: entries persist in the store between commands, per runner and model.</summary>
public sealed class GraylistTests : IDisposable
{
    private readonly Sandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task Added_entries_are_listed_by_later_commands_with_their_model_and_reason()
    {
        var added = await _sandbox.RunAsync("graylist", "add", "codex", "--model", "gpt-5.1-codex", "--reason", "no apply_patch tool");
        await _sandbox.RunAsync("graylist", "add", "cline");

        var list = await _sandbox.RunAsync("graylist", "list", "--json");

        Assert.True(added.ExitCode == 0, added.ToString());
        Assert.Equal("graylisted codex (model gpt-5.1-codex)\n", added.Stdout);
        var entries = JsonNode.Parse(list.Stdout)!["graylist"]!.AsArray();
        Assert.Equal(["cline", "codex"], entries.Select(entry => (string)entry!["runner"]!));
        Assert.Null((string?)entries[0]!["model"]);
        Assert.Equal("gpt-5.1-codex", (string?)entries[1]!["model"]);
        Assert.Equal("no apply_patch tool", (string?)entries[1]!["reason"]);
        Assert.Equal("manual", (string?)entries[1]!["source"]);
        Assert.Contains("gpt-5.1-codex", (await _sandbox.RunAsync("graylist", "list")).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Adding_twice_keeps_one_entry_and_remove_takes_out_only_the_named_model()
    {
        await _sandbox.RunAsync("graylist", "add", "codex", "--model", "gpt-5.1-codex");
        var again = await _sandbox.RunAsync("graylist", "add", "codex", "--model", "gpt-5.1-codex");
        await _sandbox.RunAsync("graylist", "add", "codex");

        var removed = await _sandbox.RunAsync("graylist", "remove", "codex");

        Assert.Equal("codex (model gpt-5.1-codex) is already graylisted\n", again.Stdout);
        Assert.Equal(0, removed.ExitCode);
        var entries = JsonNode.Parse((await _sandbox.RunAsync("graylist", "list", "--json")).Stdout)!["graylist"]!.AsArray();
        Assert.Equal("gpt-5.1-codex", (string?)Assert.Single(entries)!["model"]);
    }

    [Fact]
    public async Task Removing_what_is_not_there_is_an_input_error_that_says_where_to_look()
    {
        var result = await _sandbox.RunAsync("graylist", "remove", "gemini", "--model", "gemini-2.5-flash");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("gemini (model gemini-2.5-flash) is not on the graylist; 'token-gov graylist list' shows what is", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_runner_name_with_spaces_is_refused_and_nothing_is_written()
    {
        var result = await _sandbox.RunAsync("graylist", "add", "my runner");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("must be a non-empty name without spaces", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("graylist is empty\n", (await _sandbox.RunAsync("graylist", "list")).Stdout);
    }

    [Fact]
    public async Task A_runner_blocked_by_another_process_is_listed_until_its_reset_time_and_clear_blocks_lifts_it()
    {
        var reset = new DateTimeOffset(2026, 11, 21, 20, 0, 0, TimeSpan.Zero);
        await using (var store = await SqliteGovernorStore.OpenAsync(Path.Combine(_sandbox.StateDir, "governor.db"), TimeProvider.System, CancellationToken.None))
        {
            await store.BlockRunnerAsync(new RunnerBlockRecord("codex", "gpt-5.5", reset, "exceeded retry limit, last status: 429", reset.AddMinutes(-5)), CancellationToken.None);
        }

        var before = await ListAtAsync("2026-11-21T19:59:00Z");
        var after = await ListAtAsync("2026-11-21T20:00:00Z");
        var cleared = await _sandbox.RunAsync("graylist", "clear", "--blocks");

        var blocked = Assert.Single(JsonNode.Parse(before.Stdout)!["blocked"]!.AsArray())!;
        Assert.Equal("codex", (string?)blocked["runner"]);
        Assert.Equal("gpt-5.5", (string?)blocked["model"]);
        Assert.Equal(reset, DateTimeOffset.Parse((string)blocked["blocked_until"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(JsonNode.Parse(after.Stdout)!["blocked"]!.AsArray());
        Assert.Equal("cleared 0 graylist entries and lifted 1 block(s)\n", cleared.Stdout);
    }

    private async Task<CliResult> ListAtAsync(string now)
    {
        using var running = TokenGov.Start(_sandbox.Root, new Dictionary<string, string?> { ["TOKEN_GOV_NOW"] = now }, "graylist", "list", "--json");
        return await running.WaitAsync(TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task Clear_empties_the_list()
    {
        await _sandbox.RunAsync("graylist", "add", "codex");
        await _sandbox.RunAsync("graylist", "add", "qwen", "--model", "mock-model");

        var cleared = await _sandbox.RunAsync("graylist", "clear", "--blocks");

        Assert.Equal("cleared 2 graylist entries and lifted 0 block(s)\n", cleared.Stdout);
        Assert.Equal("graylist is empty\n", (await _sandbox.RunAsync("graylist", "list")).Stdout);
    }
}
