using Microsoft.Extensions.DependencyInjection;
using TokenGovernor.Storage;

namespace TokenGovernor.Server;

/// <summary>How <c>token-gov serve</c> is set up.</summary>
public sealed record GovernorServerOptions
{
    /// <summary>Where to listen; loopback unless the user names another address.</summary>
    public string Urls { get; init; } = "http://127.0.0.1:7070";

    /// <summary>The store the service governs; the caller owns it and disposes of it after the server stops.</summary>
    public required IGovernorStore Store { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Calls one agent may make to <c>POST /usage</c> per minute (the seed's 5 by default); 0 turns the limit off.</summary>
    public int AgentCallsPerMinute { get; init; } = 5;

    /// <summary>Requests one API key may make per minute; 0 turns the limit off.</summary>
    public int KeyCallsPerMinute { get; init; } = 6000;

    /// <summary>The first retry delay of a failed webhook delivery; each later retry waits twice as long.</summary>
    public TimeSpan WebhookRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often webhook subscriptions are read again from the store, so hooks added by the CLI are picked up.</summary>
    public TimeSpan WebhookRefresh { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The seam for the scheduler and the workers: register their hosted services here and they run inside
    /// <c>serve</c>, next to the API, over the same store and <see cref="Engine.Service.GovernorService"/>.
    /// </summary>
    public Action<IServiceCollection>? ConfigureWorkers { get; init; }
}
