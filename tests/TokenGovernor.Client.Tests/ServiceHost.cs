using Microsoft.AspNetCore.Builder;
using TokenGovernor.Engine.Service;
using TokenGovernor.Server;
using TokenGovernor.Storage;

namespace TokenGovernor.Client.Tests;

/// <summary>The governor service on a free loopback port over a fresh SQLite store, with an admin key.</summary>
public sealed class ServiceHost : IAsyncDisposable
{
    private readonly string _folder;
    private readonly WebApplication _app;

    private ServiceHost(string folder, SqliteGovernorStore store, WebApplication app, string key)
    {
        _folder = folder;
        Store = store;
        _app = app;
        Address = new Uri(app.Addresses()[0]);
        AdminKey = key;
    }

    public SqliteGovernorStore Store { get; }

    public Uri Address { get; }

    public string AdminKey { get; }

    public static async Task<ServiceHost> StartAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "tg-client-" + Guid.NewGuid().ToString("N"));
        var store = await SqliteGovernorStore.OpenAsync(Path.Combine(folder, "governor.db"), TimeProvider.System, CancellationToken.None);
        var app = GovernorServer.Build(new GovernorServerOptions { Urls = "http://127.0.0.1:0", Store = store, AgentCallsPerMinute = 0 });
        await app.StartAsync();
        var key = await new ServiceAdmin(store, TimeProvider.System).CreateKeyAsync("admin", "admin", CancellationToken.None);
        return new ServiceHost(folder, store, app, key.Secret);
    }

    public TokenGovernorClient NewClient() => new(Address, AdminKey);

    public async ValueTask DisposeAsync()
    {
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
