using System.Net;
using System.Net.Http.Json;
using TokenGovernor.Server.Tests.Infrastructure;

namespace TokenGovernor.Server.Tests;

public sealed class AuthTests
{
    [Fact]
    public async Task Every_endpoint_but_healthz_needs_a_key()
    {
        await using var server = await LiveServer.StartAsync();
        using var anonymous = server.Client(null);
        using var wrong = server.Client("tgk_nope_nope");

        var health = await anonymous.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        foreach (var path in new[] { "/projects", "/tasks", "/metrics", "/status/project/x", "/events", "/openapi.json" })
        {
            var response = await anonymous.GetAsync(path);
            await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        }

        await Problem.AssertAsync(await wrong.GetAsync("/projects"), HttpStatusCode.Unauthorized);
        await Problem.AssertAsync(await anonymous.PostAsJsonAsync("/usage", new { task_id = "x" }), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_project_key_reads_and_reports_for_its_own_project_but_gets_403_for_another()
    {
        await using var server = await LiveServer.StartAsync();
        var mine = await server.RegisterProjectAsync("mine", 10_000);
        var theirs = await server.RegisterProjectAsync("theirs", 10_000);
        await server.RegisterTaskAsync(mine, "m1", null);
        await server.RegisterTaskAsync(theirs, "o1", null);
        using var client = server.Client(await server.KeyForAsync("project:" + mine));

        var own = await client.GetAsync($"/status/project/{mine}");
        var ownUsage = await server.UsageAsync(client, "m1", "agent-1", 10);
        var listed = await client.GetFromJsonAsync<System.Text.Json.Nodes.JsonArray>("/projects");

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal("continue", ownUsage["decision"]!.GetValue<string>());
        Assert.Equal(mine, listed!.Single()!["id"]!.GetValue<string>());
        await Problem.AssertAsync(await client.GetAsync($"/status/project/{theirs}"), HttpStatusCode.Forbidden);
        await Problem.AssertAsync(await client.GetAsync("/status/task/o1"), HttpStatusCode.Forbidden);
        await Problem.AssertAsync(await client.GetAsync($"/tasks?project={theirs}"), HttpStatusCode.Forbidden);
        await Problem.AssertAsync(await client.PostAsJsonAsync("/usage", new { task_id = "o1", agent_id = "a", input_tokens = 5 }), HttpStatusCode.Forbidden);
        await Problem.AssertAsync(await client.PostAsync("/tasks/o1/pause", null), HttpStatusCode.Forbidden);
        await Problem.AssertAsync(await client.PostAsJsonAsync("/projects/register", new { name = "new", owner = "x", budget_tokens = 5 }), HttpStatusCode.Forbidden);
        await Problem.AssertAsync(await client.GetAsync("/metrics"), HttpStatusCode.Forbidden);
        Assert.Equal(Core.Runs.TaskState.Pending, (await server.Store.ListTasksAsync(new Storage.TaskQuery(theirs), CancellationToken.None)).Single().State);
    }

    [Fact]
    public async Task A_revoked_key_is_refused()
    {
        await using var server = await LiveServer.StartAsync();
        var admin = new Engine.Service.ServiceAdmin(server.Store, TimeProvider.System);
        var created = await admin.CreateKeyAsync("temp", "admin", CancellationToken.None);

        await admin.RevokeKeyAsync("temp", CancellationToken.None);
        using var client = server.Client(created.Secret);

        await Problem.AssertAsync(await client.GetAsync("/projects"), HttpStatusCode.Unauthorized);
        Assert.NotEqual(created.Secret, (await server.Store.ListApiKeysAsync(CancellationToken.None)).Single(key => key.Name == "temp").SecretHash);
    }
}
