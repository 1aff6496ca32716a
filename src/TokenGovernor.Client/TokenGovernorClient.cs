using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace TokenGovernor.Client;

/// <summary>A typed client for every endpoint of <c>token-gov serve</c>.</summary>
public sealed class TokenGovernorClient : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;

    /// <summary>Talks to <paramref name="baseAddress"/> with <paramref name="apiKey"/>.</summary>
    public TokenGovernorClient(Uri baseAddress, string apiKey)
        : this(new HttpClient { BaseAddress = baseAddress }, apiKey) => _ownsHttp = true;

    /// <summary>Uses <paramref name="http"/> (whose base address is the service) and adds the key to every request.</summary>
    public TokenGovernorClient(HttpClient http, string apiKey)
    {
        ArgumentNullException.ThrowIfNull(http);
        _http = http;
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
    }

    public Task<ProjectInfo> RegisterProjectAsync(NewProject project, CancellationToken cancellationToken = default) =>
        PostAsync<ProjectInfo>("projects/register", project, cancellationToken);

    public Task<PackageInfo> RegisterPackageAsync(NewPackage package, CancellationToken cancellationToken = default) =>
        PostAsync<PackageInfo>("packages/register", package, cancellationToken);

    public Task<TaskInfo> RegisterTaskAsync(NewTask task, CancellationToken cancellationToken = default) =>
        PostAsync<TaskInfo>("tasks/register", task, cancellationToken);

    public Task<TaskInfo> PauseTaskAsync(string taskId, string? reason = null, CancellationToken cancellationToken = default) => ControlAsync(taskId, "pause", reason, cancellationToken);

    public Task<TaskInfo> ResumeTaskAsync(string taskId, string? reason = null, CancellationToken cancellationToken = default) => ControlAsync(taskId, "resume", reason, cancellationToken);

    public Task<TaskInfo> CheckpointTaskAsync(string taskId, string? reason = null, CancellationToken cancellationToken = default) => ControlAsync(taskId, "checkpoint", reason, cancellationToken);

    public Task<TaskInfo> CancelTaskAsync(string taskId, string? reason = null, CancellationToken cancellationToken = default) => ControlAsync(taskId, "cancel", reason, cancellationToken);

    public Task<TaskInfo> CompleteTaskAsync(string taskId, string? reason = null, CancellationToken cancellationToken = default) => ControlAsync(taskId, "complete", reason, cancellationToken);

    public Task<TaskInfo> FailTaskAsync(string taskId, string? reason = null, CancellationToken cancellationToken = default) => ControlAsync(taskId, "fail", reason, cancellationToken);

    /// <summary>Reports one usage event and returns the governor's decision on it.</summary>
    public async Task<UsageDecision> ReportUsageAsync(UsageEvent usage, CancellationToken cancellationToken = default) =>
        (await ReportUsageAsync([usage], cancellationToken))[0];

    /// <summary>Reports several usage events at once; one decision each, in order.</summary>
    public async Task<IReadOnlyList<UsageDecision>> ReportUsageAsync(IReadOnlyList<UsageEvent> usage, CancellationToken cancellationToken = default) =>
        (await PostAsync<UsageAnswer>("usage", new UsageBatch(usage), cancellationToken)).Decisions;

    /// <summary>The compact status of a project, package, task or agent.</summary>
    public Task<StatusInfo> GetStatusAsync(string level, string id, CancellationToken cancellationToken = default) =>
        GetAsync<StatusInfo>($"status/{Uri.EscapeDataString(level)}/{Uri.EscapeDataString(id)}", cancellationToken);

    public Task<IReadOnlyList<ProjectInfo>> ListProjectsAsync(CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<ProjectInfo>>("projects", cancellationToken);

    public Task<IReadOnlyList<PackageInfo>> ListPackagesAsync(string? project = null, CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<PackageInfo>>("packages" + Query(("project", project)), cancellationToken);

    public Task<IReadOnlyList<TaskInfo>> ListTasksAsync(string? project = null, string? state = null, CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<TaskInfo>>("tasks" + Query(("project", project), ("state", state)), cancellationToken);

    public Task<IReadOnlyList<AgentInfo>> ListAgentsAsync(string? project = null, CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<AgentInfo>>("agents" + Query(("project", project)), cancellationToken);

    public Task<IReadOnlyList<CheckpointInfo>> ListCheckpointsAsync(string? project = null, CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<CheckpointInfo>>("checkpoints" + Query(("project", project)), cancellationToken);

    /// <summary>Ledger totals grouped by <c>day</c>, <c>model</c> or <c>task</c>.</summary>
    public Task<IReadOnlyList<UsageGroup>> GetUsageAsync(
        DateTimeOffset? from = null, DateTimeOffset? to = null, string group = "day", string? project = null, CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<UsageGroup>>(
            "usage" + Query(("from", from?.ToString("O", CultureInfo.InvariantCulture)), ("to", to?.ToString("O", CultureInfo.InvariantCulture)), ("group", group), ("project", project)),
            cancellationToken);

    /// <summary><c>POST /runs</c>: the service's workers run the task files as <c>token-gov run --resume</c> would.</summary>
    public Task<RunInfo> SubmitRunAsync(NewRun run, CancellationToken cancellationToken = default) =>
        PostAsync<RunInfo>("runs", run, cancellationToken);

    public Task<IReadOnlyList<RunInfo>> ListRunsAsync(CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<RunInfo>>("runs", cancellationToken);

    public Task<RunInfo> GetRunAsync(string runId, CancellationToken cancellationToken = default) =>
        GetAsync<RunInfo>($"runs/{Uri.EscapeDataString(runId)}", cancellationToken);

    /// <summary>Cancels a queued run or stops a running one (its agents gracefully); 409 when it has ended.</summary>
    public Task<RunInfo> CancelRunAsync(string runId, CancellationToken cancellationToken = default) =>
        PostAsync<RunInfo>($"runs/{Uri.EscapeDataString(runId)}/cancel", new Reason(null), cancellationToken);

    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken = default)
    {
        using var response = await _http.GetAsync(new Uri("healthz", UriKind.Relative), cancellationToken);
        return response.IsSuccessStatusCode;
    }

    /// <summary>The Prometheus text of <c>/metrics</c> (admin keys only).</summary>
    public async Task<string> GetMetricsAsync(CancellationToken cancellationToken = default)
    {
        using var response = await _http.GetAsync(new Uri("metrics", UriKind.Relative), cancellationToken);
        await EnsureAsync(response, cancellationToken);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    /// <summary>The live feed: every event from now on, until cancelled.</summary>
    public async IAsyncEnumerable<GovernorEvent> StreamEventsAsync(
        string? project = null, IEnumerable<string>? types = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "events" + Query(("project", project), ("types", types is null ? null : string.Join(',', types))));
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await EnsureAsync(response, cancellationToken);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                yield return JsonSerializer.Deserialize<GovernorEvent>(line.AsSpan(6), Json)!;
            }
        }
    }

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private Task<TaskInfo> ControlAsync(string taskId, string verb, string? reason, CancellationToken cancellationToken) =>
        PostAsync<TaskInfo>($"tasks/{Uri.EscapeDataString(taskId)}/{verb}", new Reason(reason), cancellationToken);

    private async Task<T> PostAsync<T>(string path, object body, CancellationToken cancellationToken)
    {
        using var content = JsonContent.Create(body, body.GetType(), options: Json);
        using var response = await _http.PostAsync(new Uri(path, UriKind.Relative), content, cancellationToken);
        await EnsureAsync(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken))!;
    }

    private async Task<T> GetAsync<T>(string path, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative), cancellationToken);
        await EnsureAsync(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken))!;
    }

    private static async Task EnsureAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        string title = response.ReasonPhrase ?? "error", detail = "";
        string? field = null;
        try
        {
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            var root = problem.RootElement;
            title = root.TryGetProperty("title", out var t) ? t.GetString() ?? title : title;
            detail = root.TryGetProperty("detail", out var d) ? d.GetString() ?? "" : "";
            field = root.TryGetProperty("field", out var f) ? f.GetString() : null;
        }
        catch (JsonException)
        {
        }

        var retry = response.Headers.RetryAfter?.Delta;
        throw new TokenGovernorException(response.StatusCode, title, detail.Length == 0 ? $"{(int)response.StatusCode} {title}" : detail, field, retry);
    }

    private static string Query(params (string Name, string? Value)[] parameters)
    {
        var given = parameters.Where(parameter => parameter.Value is not null).Select(parameter => $"{parameter.Name}={Uri.EscapeDataString(parameter.Value!)}").ToList();
        return given.Count == 0 ? "" : "?" + string.Join('&', given);
    }
}
