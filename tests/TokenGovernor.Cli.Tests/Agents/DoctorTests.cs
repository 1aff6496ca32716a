using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace TokenGovernor.Cli.Tests.Agents;

/// <summary><c>token-gov doctor</c>: agent CLIs with versions, settings, store, simulator; exit 1 only for a required failure.</summary>
public sealed class DoctorTests : IDisposable
{
    private readonly AgentCliSandbox _agents = new();

    public void Dispose() => _agents.Dispose();

    private static JsonNode Check(JsonNode report, string name) =>
        report["checks"]!.AsArray().Single(check => (string?)check!["check"] == name)!;

    [Fact]
    public async Task Agent_clis_on_path_are_listed_with_their_versions_and_missing_ones_do_not_fail()
    {
        _agents.Executable("codex", "#!/bin/sh\necho 'codex-cli 0.169.0'\n");
        _agents.Executable("gemini", "#!/bin/sh\necho 'broken install' >&2\nexit 3\n");

        var result = await _agents.RunAsync("doctor", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var report = JsonNode.Parse(result.Stdout)!;
        Assert.True((bool)report["ok"]!);
        Assert.Equal("ok", (string?)Check(report, "agent codex")["status"]);
        Assert.StartsWith("codex-cli 0.169.0 (", (string?)Check(report, "agent codex")["detail"], StringComparison.Ordinal);
        Assert.Equal("failed", (string?)Check(report, "agent gemini")["status"]);
        Assert.Contains("exit code 3: broken install", (string?)Check(report, "agent gemini")["detail"], StringComparison.Ordinal);
        Assert.Equal("ok", (string?)Check(report, "store")["status"]);
        Assert.False(File.Exists(Path.Combine(_agents.Sandbox.StateDir, "governor.db")));
    }

    [Fact]
    public async Task Invalid_settings_fail_the_doctor_with_the_file_named()
    {
        _agents.Sandbox.WriteFile(".token-gov.yml", "workers: [1,\n");

        var result = await _agents.RunAsync("doctor");

        Assert.Equal(1, result.ExitCode);
        Assert.Matches(@"failed\s+settings\s+.*\.token-gov\.yml", result.Stdout);
        Assert.Contains("doctor: some required checks failed", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_existing_store_reports_its_schema()
    {
        await _agents.RunAsync("graylist", "add", "codex");

        var result = await _agents.RunAsync("doctor");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"ok\s+store\s+sqlite:.*governor\.db \(schema \d+\)", result.Stdout);
    }

    [Fact]
    public async Task A_simulator_that_answers_passes_and_one_that_does_not_fails_the_doctor()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var server = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync();
            await using var stream = client.GetStream();
            var buffer = new byte[4096];
            _ = await stream.ReadAsync(buffer);
            await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray());
        });

        var up = await _agents.RunAsync("doctor", "--simulator", $"http://127.0.0.1:{port}");
        await server;
        listener.Stop();
        var down = await _agents.RunAsync("doctor", "--simulator", $"http://127.0.0.1:{port}");

        Assert.True(up.ExitCode == 0, up.ToString());
        Assert.Matches(@"ok\s+simulator\s+http://127\.0\.0\.1:\d+/ answers HTTP 200", up.Stdout);
        Assert.Equal(1, down.ExitCode);
        Assert.Matches(@"failed\s+simulator\s+http://127\.0\.0\.1:\d+/ does not answer", down.Stdout);
    }

    [Fact]
    public async Task A_simulator_url_that_is_not_http_is_an_input_error()
    {
        var result = await _agents.RunAsync("doctor", "--simulator", "ftp://127.0.0.1/");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--simulator \"ftp://127.0.0.1/\" is not an http:// or https:// URL", result.Stderr, StringComparison.Ordinal);
    }
}
