using System.Threading.Channels;
using TokenGovernor.Agents.Runners;
using TokenGovernor.Core.Governance;
using TokenGovernor.Core.Runs;

namespace TokenGovernor.Engine.Governance;

/// <summary>Why the governor stopped an attempt: the decision, in words, and when the budget has room again.</summary>
internal sealed record GovernorStop(PolicyDecision Decision, string Reason, DateTimeOffset? ResumesAt)
{
    /// <summary>A budget that refills pauses the task; one that never does fails it. Never completed.</summary>
    public TaskState State => Decision == PolicyDecision.Pause ? TaskState.Paused : TaskState.Failed;
}

/// <summary>A checkpoint request: the budget that prompted it, how full it was, the threshold used, and whether the agent was told.</summary>
internal sealed record CheckpointAsk(Headroom Tightest, long CountedAtRequest, double Threshold, string Reason, DateTimeOffset At, bool Told);

/// <summary>
/// Meters one attempt of a governed task. The runner's output thread only queues events; one loop per attempt
/// records them in order and applies the policy, so a slow store never holds up the agent's output. The
/// attempt's own stop token lets the governor stop this agent alone.
/// </summary>
internal sealed class AttemptMeter : IDisposable
{
    private readonly RunGovernor _governor;
    private readonly Channel<AgentUsage> _events = Channel.CreateUnbounded<AgentUsage>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource _stop;
    private readonly Task _loop;
    private GovernorStop? _verdict;

    private ITimer? _grace;

    public AttemptMeter(RunGovernor governor, GovernedScope scope, string agentId, string? reservationId, AgentInput? input, CancellationToken runStop)
    {
        _governor = governor;
        Scope = scope;
        AgentId = agentId;
        ReservationId = reservationId;
        Input = input;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(runStop);
        _loop = Task.Run(DrainAsync, CancellationToken.None);
    }

    /// <summary>The task with its budgets, as last read by the governor (it reads them again while the attempt runs).</summary>
    public GovernedScope Scope { get; set; }

    public string AgentId { get; }

    public string? ReservationId { get; }

    /// <summary>Cancelled when the governor stops this attempt, or when the run stops gracefully.</summary>
    public CancellationToken Stop => _stop.Token;

    public TokenUsage Tokens { get; private set; } = TokenUsage.Zero;

    public decimal CostUsd { get; private set; }

    /// <summary>Tokens spent so far of the kinds the project counts: what the reservation shrinks by.</summary>
    public long CountedTokens { get; private set; }

    public bool CheckpointRequested { get; set; }

    /// <summary>Messages for the agent, when its runner accepts input: how it is told to checkpoint.</summary>
    public AgentInput? Input { get; }

    /// <summary>What the checkpoint request knew: set once, when the request is made.</summary>
    public CheckpointAsk? Ask { get; private set; }

    /// <summary>True when the agent itself was told to checkpoint (it accepts input), not only the task marked.</summary>
    public bool AgentTold => Ask?.Told == true;

    /// <summary>Why the governor stopped this attempt; null while it has not.</summary>
    public GovernorStop? Verdict => Volatile.Read(ref _verdict);

    /// <summary>The runner's event callback: usage, and usage lines a script prints (see <see cref="UsageLine"/>).</summary>
    public void OnEvent(AgentEvent agentEvent)
    {
        var usage = agentEvent switch
        {
            AgentUsage reported => reported,
            AgentText text => UsageLine.TryParse(text.Text, text.At),
            _ => null,
        };
        if (usage is not null)
        {
            _events.Writer.TryWrite(usage);
        }
    }

    /// <summary>Stops the agent for a budget; the first reason given is the one the task keeps.</summary>
    public void StopFor(PolicyDecision decision, string reason, DateTimeOffset? resumesAt)
    {
        if (Interlocked.CompareExchange(ref _verdict, new GovernorStop(decision, reason, resumesAt), null) is null)
        {
            try
            {
                _stop.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // A sibling's event stopped this attempt just as it ended on its own: nothing is left to stop.
            }
        }
    }

    /// <summary>
    /// Records the request and, when the agent accepts input, tells it; from then on it has the grace allowance of
    /// <paramref name="graceSeconds"/> before its process group is stopped (the token allowance is checked per event).
    /// </summary>
    internal CheckpointAsk Request(CheckpointAsk ask, string message, int graceSeconds, TimeProvider time, Func<GovernorStop> onGraceExpired)
    {
        var told = Input?.TrySend(message) == true;
        Ask = ask with { Told = told };
        CheckpointRequested = true;
        if (told)
        {
            _grace = time.CreateTimer(_ => StopFor(onGraceExpired()), null, TimeSpan.FromSeconds(graceSeconds), Timeout.InfiniteTimeSpan);
        }

        return Ask;
    }

    /// <summary>Stops the agent with a ready verdict; the first verdict given is the one the task keeps.</summary>
    public void StopFor(GovernorStop stop) => StopFor(stop.Decision, stop.Reason, stop.ResumesAt);

    internal void Add(TokenUsage tokens, decimal costUsd, long counted)
    {
        Tokens += tokens;
        CostUsd += costUsd;
        CountedTokens += counted;
    }

    /// <summary>Meters what is still queued, then ends the agent and returns the reservation.</summary>
    public async Task FinishAsync(string? sessionId)
    {
        _events.Writer.TryComplete();
        await _loop;
        _grace?.Dispose();
        await _governor.EndAttemptAsync(this, sessionId);
    }

    public void Dispose()
    {
        _grace?.Dispose();
        _stop.Dispose();
    }

    private async Task DrainAsync()
    {
        var sequence = 0;
        await foreach (var usage in _events.Reader.ReadAllAsync())
        {
            try
            {
                await _governor.MeterAsync(this, usage, ++sequence);
            }
#pragma warning disable CA1031 // Usage that cannot be recorded cannot be governed: stop the agent with the reason.
            catch (Exception error)
#pragma warning restore CA1031
            {
                StopFor(PolicyDecision.Stop, $"cannot record usage in the store: {error.Message}", null);
            }
        }
    }
}
