using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using TokenGovernor.Engine.Service;

namespace TokenGovernor.Server;

/// <summary>
/// Two limits: requests per API key (the ASP.NET Core rate limiter, after authentication, partitioned by key), and
/// usage calls per agent (<see cref="AgentLimiter"/>, checked by <c>POST /usage</c> since the agent is in the body).
/// Both answer 429 with <c>Retry-After</c>.
/// </summary>
internal static class RateLimits
{
    public static IServiceCollection AddKeyRateLimit(this IServiceCollection services, int perMinute) => services.AddRateLimiter(limiter =>
    {
        limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            if (perMinute <= 0 || context.Items[typeof(ServiceCaller)] is not ServiceCaller caller)
            {
                return RateLimitPartition.GetNoLimiter("none");
            }

            return RateLimitPartition.GetTokenBucketLimiter(caller.KeyId, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = perMinute,
                TokensPerPeriod = Math.Max(1, perMinute / 60),
                ReplenishmentPeriod = TimeSpan.FromSeconds(1) * Math.Max(1, 60 / perMinute),
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        });
        limiter.OnRejected = async (context, cancellationToken) =>
        {
            var retry = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1);
            context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            await Problems.Problem(StatusCodes.Status429TooManyRequests, "Too many requests", "this API key made too many requests; wait for Retry-After seconds")
                .ExecuteAsync(context.HttpContext);
        };
    });
}

/// <summary>The seed's per-agent limit on usage calls: a fixed window of one minute per agent id.</summary>
internal sealed class AgentLimiter(int perMinute) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(agent =>
        perMinute <= 0
            ? RateLimitPartition.GetNoLimiter(agent)
            : RateLimitPartition.GetFixedWindowLimiter(agent, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = perMinute,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            }));

    /// <summary>Takes one call for each agent; refuses the whole request when any agent is over its limit.</summary>
    /// <exception cref="ServiceException">An agent made too many calls this minute.</exception>
    public void Acquire(IEnumerable<string> agents)
    {
        foreach (var agent in agents.Distinct(StringComparer.Ordinal))
        {
            using var lease = _limiter.AttemptAcquire(agent);
            if (!lease.IsAcquired)
            {
                var retry = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
                throw new ServiceException(ServiceErrorKind.RateLimited, "agent_id", $"agent_id: agent \"{agent}\" made more than {perMinute} usage calls this minute")
                {
                    RetryAfter = retry,
                };
            }
        }
    }

    public void Dispose() => _limiter.Dispose();
}
