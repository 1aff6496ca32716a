using System.Collections.Concurrent;
using System.Globalization;
using TokenGovernor.Agents.Processes;
using TokenGovernor.Agents.Runners;
using TokenGovernor.Core.Governance;
using TokenGovernor.Core.Pricing;
using TokenGovernor.Core.Tasks;
using TokenGovernor.Storage;

namespace TokenGovernor.Engine.Governance;

/// <summary>Whether a governed task may start: the reservation it holds, or why it waits and when that may change.</summary>
internal sealed record Admission(string? ReservationId, string? WaitReason, DateTimeOffset? ResumesAt)
{
    public bool Admitted => WaitReason is null;
}

/// <summary>
/// The governance loop for one run's governed tasks: admission (reservations), metering of each attempt's usage
/// into the ledger, and the policy after every usage event. Tasks the task files do not put under a project are
/// not governed and never reach it.
/// </summary>
internal sealed partial class RunGovernor(
    IGovernorStore store, TimeProvider time, GovernorConfig config, PriceTable prices, ICheckpointRequester checkpoints,
    ConcurrentDictionary<string, GovernedScope> scopes, IReadOnlyDictionary<ComplexityClass, double> learned)
{
    /// <summary>What an agent that accepts input is told at the checkpoint threshold.</summary>
    public const string CheckpointMessage =
        "token-gov checkpoint: your budget is nearly used up. Commit your work in progress now with a clear message, " +
        "then reply with a short summary of what is done and what is left, and stop.";

    private readonly ConcurrentDictionary<string, SemaphoreSlim> _projectGates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<AttemptMeter, byte> _live = new();
    private readonly LedgerSums _sums = new(store);

    /// <summary>Called when the governor asks a task to checkpoint; the engine forwards it to the observer.</summary>
    public Action<string, string>? CheckpointRequested { get; init; }

    /// <summary>Loads the governed tasks among <paramref name="tasks"/> with their package and project; null when there are none.</summary>
    public static async Task<RunGovernor?> CreateAsync(
        IGovernorStore store, IEnumerable<TaskDefinition> tasks, TimeProvider time, ICheckpointRequester checkpoints, Action<string, string>? checkpointRequested, CancellationToken cancellationToken)
    {
        var scopes = new ConcurrentDictionary<string, GovernedScope>(StringComparer.Ordinal);
        foreach (var task in tasks.Where(task => task.Project is not null))
        {
            if (await store.GetTaskAsync(task.Id, cancellationToken) is not { } governed
                || await store.FindProjectAsync(governed.ProjectId, cancellationToken) is not { } project)
            {
                continue;
            }

            var package = governed.PackageId is { } packageId
                ? (await store.FindPackagesAsync(packageId, project.Id, cancellationToken)).FirstOrDefault(found => found.Id == packageId)
                : null;
            scopes[task.Id] = new GovernedScope(governed, project, package);
        }

        if (scopes.IsEmpty)
        {
            return null;
        }

        await ReclaimAbandonedReservationsAsync(store, cancellationToken);
        var config = await store.GetGovernorConfigAsync(cancellationToken);
        var learned = new Dictionary<ComplexityClass, double>();
        if (config.AdaptiveThreshold)
        {
            foreach (var complexity in scopes.Values.Select(scope => scope.Task.Estimate.Class).Distinct())
            {
                learned[complexity] = AdaptiveThreshold.For(config.Threshold, await store.ListThresholdObservationsAsync(complexity, cancellationToken));
            }
        }

        return new RunGovernor(store, time, config, PriceTable.LoadDefault(), checkpoints, scopes, learned) { CheckpointRequested = checkpointRequested };
    }

    public GovernorConfig Config => config;

    /// <summary>The checkpoint threshold for a task: learned for its complexity class when adaptive, else the configured one.</summary>
    public double ThresholdFor(GovernedScope scope) => learned.TryGetValue(scope.Task.Estimate.Class, out var threshold) ? threshold : config.Threshold;

    public GovernedScope Scope(string taskId) => scopes[taskId];

    public bool Governs(string taskId) => scopes.ContainsKey(taskId);

    /// <summary>Budget held by a process that was killed outright comes back: its reservations would otherwise block admission for good.</summary>
    internal static async Task ReclaimAbandonedReservationsAsync(IGovernorStore store, CancellationToken cancellationToken)
    {
        foreach (var owner in await store.ListReservationOwnersAsync(cancellationToken))
        {
            if (new ProcessOwner(owner.Pid, owner.StartTicks, owner.Host).IsGone)
            {
                await store.ReleaseReservationsOfAsync(owner, cancellationToken);
            }
        }
    }

    /// <summary>Reserves the task's estimate in every budget above it, or says which budget it waits for.</summary>
    public async Task<Admission> AdmitAsync(string taskId, CancellationToken cancellationToken)
    {
        var scope = scopes[taskId];
        var now = time.GetUtcNow();
        var owner = ProcessOwner.Current;
        var reservation = new ReservationRecord(Guid.CreateVersion7().ToString(), taskId, scope.Package?.Id, scope.Project.Id, scope.ReservationTokens, now)
        {
            Owner = new RunOwnerRecord(owner.Pid, owner.StartTicks, owner.Host),
        };
        var outcome = await store.TryReserveAsync(reservation, scope.Claims, now, cancellationToken);
        if (outcome.Reserved)
        {
            return new Admission(reservation.Id, null, null);
        }

        var blocking = outcome.Levels.First(level => !Policy.Fits(reservation.EstimateTokens, [level]));
        var left = Math.Max(0, blocking.Headroom.TokensLeft ?? 0);
        var resumesAt = BudgetWords.ResumesAt(blocking.Budget, now);
        var reason = string.Create(
            CultureInfo.InvariantCulture,
            $"{scope.ScopeName(blocking.Scope)} has {left:N0} of {blocking.Budget.Tokens:N0} tokens left ({blocking.Budget.Window.ToWire()}), after spend and reservations; the estimate is {reservation.EstimateTokens:N0}");
        return new Admission(null, reason, resumesAt);
    }

    /// <summary>Returns a reservation that no attempt will use (the task could not start after all).</summary>
    public Task ReleaseAsync(string reservationId) => store.ReleaseReservationAsync(reservationId, CancellationToken.None);

    /// <summary>Registers the attempt's agent and starts metering it; its stop token follows the run's graceful stop.</summary>
    public async Task<AttemptMeter> StartAttemptAsync(string taskId, string runner, string? model, string? reservationId, AgentInput? input, CancellationToken runStop)
    {
        var scope = scopes[taskId];
        var agentId = Guid.CreateVersion7().ToString();
        await store.StartAgentAsync(new AgentRecord(agentId, taskId, runner, model, scope.Project.Tier, null, time.GetUtcNow(), null), CancellationToken.None);
        var meter = new AttemptMeter(this, scope, agentId, reservationId, input, runStop);
        _live[meter] = 0;
        return meter;
    }

    /// <summary>Ends the attempt's agent and returns its reservation; its usage has been metered by then.</summary>
    internal async Task EndAttemptAsync(AttemptMeter meter, string? sessionId)
    {
        _live.TryRemove(meter, out _);
        await ObserveOvershootAsync(meter);
        await store.EndAgentAsync(meter.AgentId, time.GetUtcNow(), sessionId, CancellationToken.None);
        if (meter.ReservationId is { } reservationId)
        {
            await store.ReleaseReservationAsync(reservationId, CancellationToken.None);
        }
    }

    private SemaphoreSlim ProjectGate(string projectId) => _projectGates.GetOrAdd(projectId, _ => new SemaphoreSlim(1, 1));
}
