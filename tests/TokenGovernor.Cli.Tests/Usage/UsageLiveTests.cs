using System.Globalization;
using TokenGovernor.Cli.Tests.Infrastructure;

namespace TokenGovernor.Cli.Tests.Usage;

/// <summary><c>usage blocks --live</c> through the real CLI: it follows appended lines and Ctrl+C ends it with exit code 0.</summary>
public sealed class UsageLiveTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("token-gov-live-").FullName;

    [Fact]
    public async Task Live_blocks_show_a_line_appended_to_the_log_and_Ctrl_C_exits_0()
    {
        var log = Path.Combine(_root, "claude", "projects", "demo", "session-1.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(log)!);
        await File.WriteAllTextAsync(log, Line("m1", 1000, 500));
        using var live = TokenGov.Start(_root, new Dictionary<string, string?> { ["CLAUDE_CONFIG_DIR"] = Path.Combine(_root, "claude") },
            ["usage", "blocks", "--live", "--refresh", "0.2", "--token-limit", "100000"]);

        await live.WaitForOutputAsync("tokens 1500,", TimeSpan.FromSeconds(30));
        await File.AppendAllTextAsync(log, Line("m2", 2000, 700));
        await live.WaitForOutputAsync("tokens 4200,", TimeSpan.FromSeconds(30));
        // The next refresh finds nothing new to read and still shows the appended call.
        await live.WaitForOutputAsync("(read 0 new bytes), 4.2% of limit 100000", TimeSpan.FromSeconds(30));
        TokenGov.Signal(live.Pid, TokenGov.SigInt);
        var result = await live.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("tokens 1500,", result.Stdout, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static string Line(string id, int input, int output)
    {
        var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        return "{\"timestamp\":\"" + now + "\",\"sessionId\":\"session-1\",\"requestId\":\"req-" + id + "\",\"message\":{\"id\":\"" + id
            + "\",\"model\":\"claude-sonnet-4-5-20250929\",\"usage\":{\"input_tokens\":" + input.ToString(CultureInfo.InvariantCulture)
            + ",\"output_tokens\":" + output.ToString(CultureInfo.InvariantCulture) + "}}}\n";
    }
}
