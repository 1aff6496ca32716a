using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using TokenGovernor.Engine.Service;
using TokenGovernor.Storage;

namespace TokenGovernor.Server.Tests.Infrastructure;

/// <summary>The service on Kestrel, on a free loopback port, over a real SQLite file; clients talk real HTTP to it.</summary>
public sealed class LiveServer : IAsyncDisposable
{
    private readonly string _folder;
    private readonly WebApplication _app;

    private LiveServer(string folder, SqliteGovernorStore store, WebApplication app, Uri address, string adminKey)
    {
        _folder = folder;
        Store = store;
        _app = app;
        Address = address;
        AdminKey = adminKey;
        Admin = Client(adminKey);
    }

    public SqliteGovernorStore Store { get; }

    public Uri Address { get; }

    public string AdminKey { get; }

    /// <summary>A client holding the admin key.</summary>
    public HttpClient Admin { get; }


    public static async Task<LiveServer> StartAsync(Func<GovernorServerOptions, GovernorServerOptions>? configure = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "tg-server-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var store = await SqliteGovernorStore.OpenAsync(Path.Combine(folder, "governor.db"), TimeProvider.System, CancellationToken.None);
        var options = new GovernorServerOptions { Urls = "http://127.0.0.1:0", Store = store, AgentCallsPerMinute = 0, WebhookRetryDelay = TimeSpan.FromMilliseconds(100) };
        var app = GovernorServer.Build(configure is null ? options : configure(options));
        await app.StartAsync();
        var key = await new ServiceAdmin(store, TimeProvider.System).CreateKeyAsync("admin", "admin", CancellationToken.None);
        return new LiveServer(folder, store, app, new Uri(app.Addresses()[0]), key.Secret);
    }

    public HttpClient Client(string? key)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    public async Task<string> KeyForAsync(string scope) => (await new ServiceAdmin(Store, TimeProvider.System).CreateKeyAsync("k-" + scope, scope, CancellationToken.None)).Secret;

    public async Task<string> RegisterProjectAsync(string name, long tokens, string window = "total")
    {
        var response = await Admin.PostAsJsonAsync("/projects/register", new { name, owner = "ops", tier = 1, budget_tokens = tokens, window });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    }

    public async Task RegisterTaskAsync(string project, string id, long? tokens)
    {
        var response = await Admin.PostAsJsonAsync("/tasks/register", new { project, id, title = "task " + id, budget_tokens = tokens, estimate = 10 });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
    }

    /// <summary>Posts one usage event and returns the first decision object.</summary>
    public async Task<JsonObject> UsageAsync(HttpClient client, string task, string agent, long input, long output = 0)
    {
        var response = await client.PostAsJsonAsync("/usage", new { task_id = task, agent_id = agent, model = "claude-sonnet-4-5", input_tokens = input, output_tokens = output });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonNode.Parse(body)!["decisions"]![0]!.AsObject();
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Store.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
