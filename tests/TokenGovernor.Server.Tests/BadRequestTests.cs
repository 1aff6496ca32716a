using System.Net;
using System.Net.Http.Json;
using System.Text;
using TokenGovernor.Server.Tests.Infrastructure;

namespace TokenGovernor.Server.Tests;

public sealed class BadRequestTests
{
    [Theory]
    [InlineData("""{"agent_id":"a","input_tokens":1}""", "task_id")]
    [InlineData("""{"task_id":"t","input_tokens":1}""", "agent_id")]
    [InlineData("""{"task_id":"t","agent_id":"a","input_tokens":-1}""", "input_tokens")]
    [InlineData("""{"task_id":"t","agent_id":"a","output_tokens":"many"}""", "output_tokens")]
    [InlineData("""{"task_id":"t","agent_id":"a","cost_usd":-2}""", "cost_usd")]
    [InlineData("""{"events":[{"task_id":"t","agent_id":"a"},{"task_id":"t"}]}""", "events[1].agent_id")]
    [InlineData("""{"events":[{"task_id":"t","agent_id":"a","reasoning_tokens":true}]}""", "events[0].reasoning_tokens")]
    [InlineData("""{"events":{}}""", "events")]
    [InlineData("""{"events":[]}""", "events")]
    [InlineData("""[1,2]""", "body")]
    [InlineData("""{"task_id": """, "body")]
    public async Task A_bad_usage_body_gets_400_naming_the_field_and_records_nothing(string body, string field)
    {
        await using var server = await LiveServer.StartAsync();
        var project = await server.RegisterProjectAsync("p", 1000);
        await server.RegisterTaskAsync(project, "t", null);

        var response = await server.Admin.PostAsync("/usage", new StringContent(body, Encoding.UTF8, "application/json"));

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, field);
        Assert.Equal(0, await server.Store.CountUsageEventsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Bad_registrations_get_400_naming_the_field_404_for_unknown_parents_and_409_for_taken_names()
    {
        await using var server = await LiveServer.StartAsync();
        var project = await server.RegisterProjectAsync("p", 1000);

        await Problem.AssertAsync(await server.Admin.PostAsJsonAsync("/projects/register", new { owner = "o", budget_tokens = 5 }), HttpStatusCode.BadRequest, "name");
        await Problem.AssertAsync(await server.Admin.PostAsJsonAsync("/projects/register", new { name = "n", owner = "o", budget_tokens = -5 }), HttpStatusCode.BadRequest, "budget_tokens");
        await Problem.AssertAsync(await server.Admin.PostAsJsonAsync("/projects/register", new { name = "n", owner = "o", tier = 7, budget_tokens = 5 }), HttpStatusCode.BadRequest, "tier");
        await Problem.AssertAsync(await server.Admin.PostAsJsonAsync("/projects/register", new { name = "n", owner = "o", budget_tokens = 5, window = "fortnightly" }), HttpStatusCode.BadRequest, "window");
        await Problem.AssertAsync(await server.Admin.PostAsync("/projects/register", new StringContent("""{"name":"n","owner":"o","tier":"high"}""", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest, "tier");
        await Problem.AssertAsync(await server.Admin.PostAsJsonAsync("/projects/register", new { name = "p", owner = "o", budget_tokens = 5 }), HttpStatusCode.Conflict, "name");
        await Problem.AssertAsync(await server.Admin.PostAsJsonAsync("/packages/register", new { project, name = "big", budget_tokens = 5000 }), HttpStatusCode.BadRequest, "budget_tokens");
        await Problem.AssertAsync(await server.Admin.PostAsJsonAsync("/tasks/register", new { project = "nowhere", title = "t" }), HttpStatusCode.NotFound, "project");
        await Problem.AssertAsync(await server.Admin.PostAsJsonAsync("/tasks/register", new { project, title = "t", complexity = "huge" }), HttpStatusCode.BadRequest, "complexity");
        await Problem.AssertAsync(await server.Admin.PostAsJsonAsync("/usage", new { task_id = "ghost", agent_id = "a" }), HttpStatusCode.NotFound, "task_id");
        await Problem.AssertAsync(await server.Admin.GetAsync("/status/galaxy/x"), HttpStatusCode.BadRequest, "level");
        await Problem.AssertAsync(await server.Admin.GetAsync("/tasks?state=sleeping"), HttpStatusCode.BadRequest, "state");
        await Problem.AssertAsync(await server.Admin.GetAsync("/usage?group=planet"), HttpStatusCode.BadRequest, "group");
        await Problem.AssertAsync(await server.Admin.GetAsync("/status/task/ghost"), HttpStatusCode.NotFound);
        Assert.Single(await server.Store.ListProjectsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task An_agent_reporting_for_a_second_task_gets_409()
    {
        await using var server = await LiveServer.StartAsync();
        var project = await server.RegisterProjectAsync("p", 1000);
        await server.RegisterTaskAsync(project, "t1", null);
        await server.RegisterTaskAsync(project, "t2", null);
        await server.UsageAsync(server.Admin, "t1", "agent", 1);

        var response = await server.Admin.PostAsJsonAsync("/usage", new { task_id = "t2", agent_id = "agent", input_tokens = 1 });

        await Problem.AssertAsync(response, HttpStatusCode.Conflict, "agent_id");
    }
}
