using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TokenGovernor.Engine.Service;
using TokenGovernor.Engine.Service.Workers;
using TokenGovernor.Server;
using TokenGovernor.Storage;

namespace TokenGovernor.Client.Tests;

/// <summary>The typed client's run calls against the service with its workers, over real HTTP on loopback.</summary>
public sealed class RunClientTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tg-client-runs-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task The_typed_client_submits_a_run_follows_it_to_completion_and_lists_it()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "repos", "one"));
        var tasks = new JsonObject
        {
            ["default_runner"] = "script",
            ["tasks"] = new JsonArray(new JsonObject { ["id"] = "hello", ["title"] = "say hello", ["repo"] = "one", ["priority"] = 1, ["prompt"] = "echo hello" }),
        };
        await File.WriteAllTextAsync(Path.Combine(_folder, "tasks.json"), tasks.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        await using var store = await SqliteGovernorStore.OpenAsync(Path.Combine(_folder, "governor.db"), TimeProvider.System, CancellationToken.None);
        var workers = new RunWorkersOptions { StateDirectory = Path.Combine(_folder, ".token-gov"), WorkingDirectory = _folder };
        var app = GovernorServer.Build(new GovernorServerOptions
        {
            Urls = "http://127.0.0.1:0",
            Store = store,
            ConfigureWorkers = services =>
            {
                services.AddSingleton(provider => new RunWorkers(store, provider.GetRequiredService<GovernorEvents>(), TimeProvider.System, workers));
                services.AddHostedService(provider => provider.GetRequiredService<RunWorkers>());
            },
        });
        await app.StartAsync();
        try
        {
            var key = await new ServiceAdmin(store, TimeProvider.System).CreateKeyAsync("admin", "admin", CancellationToken.None);
            using var client = new TokenGovernorClient(new Uri(app.Addresses()[0]), key.Secret);

            var submitted = await client.SubmitRunAsync(new NewRun(["tasks.json"], ReposDir: "repos"));
            var run = submitted;
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (run.State is "queued" or "running" && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
                run = await client.GetRunAsync(submitted.Id);
            }

            var refused = await Assert.ThrowsAsync<TokenGovernorException>(() => client.SubmitRunAsync(new NewRun([])));
            var finished = await Assert.ThrowsAsync<TokenGovernorException>(() => client.CancelRunAsync(submitted.Id));

            Assert.Equal(("completed", 0), (run.State, run.ExitCode));
            Assert.Equal(("hello", "say hello", "completed"), (run.Tasks.Single().Id, run.Tasks.Single().Title, run.Tasks.Single().State));
            Assert.Equal(submitted.Id, (await client.ListRunsAsync()).Single().Id);
            Assert.Equal((HttpStatusCode.BadRequest, "files"), (refused.Status, refused.Field));
            Assert.Equal(HttpStatusCode.Conflict, finished.Status);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
