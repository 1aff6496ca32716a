using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TokenGovernor.Server.Tests.Infrastructure;

namespace TokenGovernor.Server.Tests;

/// <summary>The real <c>token-gov serve</c>, <c>apikey</c>, <c>webhook</c> and <c>errors</c> commands, as a user runs them.</summary>
public sealed class ServeCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tg-serve-").FullName;

    private string StorePath => Path.Combine(_folder, "governor.db");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task The_python_client_tests_pass_against_a_running_serve()
    {
        var key = await CreateKeyAsync("python", "admin");
        await using var served = await TokenGovProcess.ServeAsync(_folder, "--store", StorePath, "--agent-rate", "0");

        var (exit, stdout, stderr) = await TokenGovProcess.RunProgramAsync(
            "python3", Path.Combine(TokenGovProcess.RepoRoot, "clients", "python"),
            new Dictionary<string, string> { ["TOKEN_GOV_URL"] = served.Address.ToString(), ["TOKEN_GOV_KEY"] = key },
            ["-m", "unittest", "-v", "test_token_gov"]);

        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("Ran 7 tests", stderr, StringComparison.Ordinal);
        Assert.Contains("OK", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apikey_create_list_and_revoke_control_who_the_server_lets_in()
    {
        var admin = await CreateKeyAsync("ops", "admin");
        await TokenGovProcess.RunAsync(_folder, "register", "--name", "web", "--owner", "me", "--budget", "1000", "--store", StorePath);
        var scoped = await CreateKeyAsync("web-key", "project:web");
        await using var served = await TokenGovProcess.ServeAsync(_folder, "--store", StorePath);
        using var http = new HttpClient { BaseAddress = served.Address };

        var list = await TokenGovProcess.RunAsync(_folder, "apikey", "list", "--json", "--store", StorePath);
        var keys = JsonNode.Parse(list.Stdout)!.AsArray();
        Assert.Equal(["admin", "project:"], keys.Select(item => item!["scope"]!.GetValue<string>()[..Math.Min(8, item!["scope"]!.GetValue<string>().Length)]).Order());
        Assert.DoesNotContain(admin, list.Stdout, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await Get(http, "/projects", admin)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Get(http, "/metrics", scoped)).StatusCode);

        var revoke = await TokenGovProcess.RunAsync(_folder, "apikey", "revoke", "ops", "--store", StorePath);
        Assert.Equal(0, revoke.ExitCode);
        await Task.Delay(2100);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Get(http, "/projects", admin)).StatusCode);
        var again = await TokenGovProcess.RunAsync(_folder, "apikey", "revoke", "ops", "--store", StorePath);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("no live API key", again.Stderr, StringComparison.Ordinal);
        var bad = await TokenGovProcess.RunAsync(_folder, "apikey", "create", "--name", "x", "--scope", "root", "--store", StorePath);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("scope", bad.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Webhook_add_list_remove_and_errors_notify_report_failed_deliveries()
    {
        await TokenGovProcess.RunAsync(_folder, "register", "--name", "hooks", "--owner", "me", "--budget", "1000", "--store", StorePath);
        var key = await CreateKeyAsync("ops", "admin");
        var add = await TokenGovProcess.RunAsync(_folder, "webhook", "add", "--project", "hooks", "--url", "http://127.0.0.1:9/nowhere", "--events", "paused", "--json", "--store", StorePath);
        Assert.Equal(0, add.ExitCode);
        var hook = JsonNode.Parse(add.Stdout)!;
        var badEvent = await TokenGovProcess.RunAsync(_folder, "webhook", "add", "--project", "hooks", "--url", "http://127.0.0.1:9/", "--events", "exploded", "--store", StorePath);
        Assert.Equal(2, badEvent.ExitCode);
        Assert.Contains("events", badEvent.Stderr, StringComparison.Ordinal);

        await using (var served = await TokenGovProcess.ServeAsync(_folder, "--store", StorePath, "--webhook-retry-delay", "50ms"))
        {
            using var http = new HttpClient { BaseAddress = served.Address };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            Assert.True((await http.PostAsJsonAsync("/tasks/register", new { project = "hooks", id = "w1", title = "t" })).IsSuccessStatusCode);
            Assert.True((await http.PostAsJsonAsync("/tasks/w1/pause", new { reason = "test" })).IsSuccessStatusCode);
            var deadline = DateTime.UtcNow.AddSeconds(15);
            while (DateTime.UtcNow < deadline && !(await TokenGovProcess.RunAsync(_folder, "errors", "--store", StorePath)).Stdout.Contains("paused", StringComparison.Ordinal))
            {
                await Task.Delay(200);
            }
        }

        var notify = await TokenGovProcess.RunAsync(_folder, "errors", "--notify", "--json", "--store", StorePath);
        var seen = await TokenGovProcess.RunAsync(_folder, "errors", "--notify", "--store", StorePath);
        var all = await TokenGovProcess.RunAsync(_folder, "errors", "--json", "--store", StorePath);
        var error = JsonNode.Parse(notify.Stdout)!.AsArray().Single()!;
        Assert.Equal(1, notify.ExitCode);
        Assert.Equal(("paused", 4), (error["event"]!.GetValue<string>(), error["attempts"]!.GetValue<int>()));
        Assert.Equal((0, "no new delivery failures"), (seen.ExitCode, seen.Stdout.Trim()));
        Assert.Equal("http://127.0.0.1:9/nowhere", JsonNode.Parse(all.Stdout)!.AsArray().Single()!["url"]!.GetValue<string>());

        var list = await TokenGovProcess.RunAsync(_folder, "webhook", "list", "--json", "--store", StorePath);
        Assert.Equal(hook["id"]!.GetValue<string>(), JsonNode.Parse(list.Stdout)!.AsArray().Single()!["id"]!.GetValue<string>());
        Assert.Equal(0, (await TokenGovProcess.RunAsync(_folder, "webhook", "remove", hook["id"]!.GetValue<string>(), "--store", StorePath)).ExitCode);
        Assert.Equal("[]", (await TokenGovProcess.RunAsync(_folder, "webhook", "list", "--json", "--store", StorePath)).Stdout.Trim());
    }

    [Fact]
    public async Task Serve_refuses_a_url_that_is_not_http_with_exit_code_2()
    {
        var (exit, _, stderr) = await TokenGovProcess.RunAsync(_folder, "serve", "--urls", "ftp://127.0.0.1:1", "--store", StorePath);

        Assert.Equal(2, exit);
        Assert.Contains("--urls", stderr, StringComparison.Ordinal);
    }

    private async Task<string> CreateKeyAsync(string name, string scope)
    {
        var (exit, stdout, stderr) = await TokenGovProcess.RunAsync(_folder, "apikey", "create", "--name", name, "--scope", scope, "--store", StorePath);
        Assert.True(exit == 0, stderr);
        return stdout.Trim();
    }

    private static Task<HttpResponseMessage> Get(HttpClient http, string path, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return http.SendAsync(request);
    }
}
