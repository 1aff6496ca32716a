namespace TokenGovernor.Agents.Processes;

/// <summary>When a supervised process is stopped.</summary>
/// <param name="MaxRuntime">Wall-clock limit from start; null for none.</param>
/// <param name="IdleTimeout">Longest time without stdout output; stderr does not count. Null for none.</param>
/// <param name="GracePeriod">How long SIGTERM is given to work before SIGKILL.</param>
public sealed record ProcessLimits(TimeSpan? MaxRuntime, TimeSpan? IdleTimeout, TimeSpan GracePeriod)
{
    /// <summary>No limits, and a short grace period for stops requested by the caller.</summary>
    public static readonly ProcessLimits None = new(null, null, TimeSpan.FromSeconds(5));
}
