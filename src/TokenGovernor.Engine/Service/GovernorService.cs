using System.Collections.Concurrent;
using TokenGovernor.Core;
using TokenGovernor.Core.Governance;
using TokenGovernor.Core.Pricing;
using TokenGovernor.Engine.Governance;
using TokenGovernor.Storage;

namespace TokenGovernor.Engine.Service;

/// <summary>How the service caches what it reads from the store.</summary>
public sealed record GovernorServiceOptions
{
    /// <summary>How long a task's budgets and state are trusted before they are read again (changes made by other processes show up after this).</summary>
    public TimeSpan ScopeTtl { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long the sum of other tasks' reservations is trusted.</summary>
    public TimeSpan ReservationTtl { get; init; } = TimeSpan.FromSeconds(1);
}

/// <summary>
/// The governor as a service: registration, usage from external agents metered into the same ledger and judged by
/// the same <see cref="Policy"/> as <c>run</c>, pause/resume/checkpoint requests, status reports and listings. Every
/// call names its <see cref="ServiceCaller"/>, whose scope decides what it may see and change. Every state change,
/// decision and usage event is published to <see cref="Events"/>.
/// </summary>
public sealed partial class GovernorService : IAsyncDisposable
{
    private readonly Registry _registry;
    private readonly LedgerWriter _ledger;
    private readonly SpendCache _spend;
    private readonly PriceTable _prices = PriceTable.LoadDefault();
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _projectGates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Cached<GovernedScope>> _scopes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Cached<long>> _reservations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _agents = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _pendingIds = new(StringComparer.Ordinal);
    private Cached<GovernorConfig>? _config;

    public GovernorService(IGovernorStore store, TimeProvider time, GovernorEvents events, GovernorServiceOptions? options = null)
    {
        Store = store;
        Time = time;
        Events = events;
        Options = options ?? new GovernorServiceOptions();
        _registry = new Registry(store, time);
        _ledger = new LedgerWriter(store);
        _spend = new SpendCache(store);
    }

    public IGovernorStore Store { get; }

    public TimeProvider Time { get; }

    public GovernorEvents Events { get; }

    public GovernorServiceOptions Options { get; }

    public async ValueTask DisposeAsync()
    {
        await _ledger.DisposeAsync();
        _spend.Dispose();
    }

    /// <summary>Turns a registry refusal into a service refusal: the field before the colon, and not-found or conflict by its words.</summary>
    private static ServiceException Refusal(TokenGovException error)
    {
        var message = error.Message;
        var colon = message.IndexOf(':', StringComparison.Ordinal);
        var field = colon > 0 && !message[..colon].Contains(' ', StringComparison.Ordinal) ? ApiField(message[..colon]) : null;
        var text = field is null ? message : $"{field}{message[colon..]}";
        var kind = message.Contains(": no ", StringComparison.Ordinal) ? ServiceErrorKind.NotFound
            : message.Contains("already", StringComparison.Ordinal) ? ServiceErrorKind.Conflict
            : ServiceErrorKind.BadRequest;
        return new ServiceException(kind, field, text);
    }

    /// <summary>The API's name for a field the registry names as the CLI option.</summary>
    private static string ApiField(string option) => option switch
    {
        "budget" => "budget_tokens",
        "budget-usd" => "budget_usd",
        "timezone" => "time_zone",
        _ => option.Replace('-', '_'),
    };

    private static async Task<T> Guarded<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (TokenGovException error)
        {
            throw Refusal(error);
        }
    }

    private async Task<GovernorConfig> ConfigAsync(CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        if (_config is { } cached && cached.FreshAt(now, TimeSpan.FromSeconds(5)))
        {
            return cached.Value;
        }

        var config = await Store.GetGovernorConfigAsync(cancellationToken);
        _config = new Cached<GovernorConfig>(config, now);
        return config;
    }

    private SemaphoreSlim ProjectGate(string projectId) => _projectGates.GetOrAdd(projectId, _ => new SemaphoreSlim(1, 1));

    private sealed record Cached<T>(T Value, DateTimeOffset ReadAt)
    {
        public bool FreshAt(DateTimeOffset now, TimeSpan ttl) => now - ReadAt < ttl && now >= ReadAt;
    }
}
