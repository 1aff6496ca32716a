using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TokenGovernor.Server.Tests.Infrastructure;
using static TokenGovernor.Server.Tests.Infrastructure.WorkSandbox;

namespace TokenGovernor.Server.Tests;

/// <summary>
/// A store that cannot write any more — here a real <c>serve</c> under a file size limit, which fails writes the way
/// a full disk does: usage it could not record is refused with a 503 naming the event, nothing of it is counted,
/// and the service goes on answering.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed partial class StoreFailureTests : IDisposable
{
    private const int TokensPerEvent = 101;
    private const long Budget = 1_000_000_000;
    private readonly WorkSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task Usage_the_full_store_cannot_record_gets_503_naming_the_event_and_is_neither_counted_nor_lost()
    {
        await _sandbox.OkAsync("register", "--name", "web", "--owner", "ops", "--budget", Budget.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await _sandbox.OkAsync("task", "add", "--project", "web", "--id", "t1", "--title", "Fill the disk");
        var key = await _sandbox.KeyAsync("admin");
        await using var served = await TokenGovProcess.ServeWithFileSizeLimitAsync(_sandbox.Root, _sandbox.Environment, 4096, "--agent-rate", "0", "--key-rate", "0");
        using var http = Client(served, key);

        var acknowledged = 0;
        HttpResponseMessage? refused = null;
        JsonObject[]? refusedBatch = null;
        for (var batch = 0; batch < 400 && refused is null; batch++)
        {
            var events = Batch(batch);
            var response = await http.PostAsJsonAsync("/usage", new { events });
            if (response.StatusCode == HttpStatusCode.OK)
            {
                acknowledged += events.Length;
                response.Dispose();
            }
            else
            {
                (refused, refusedBatch) = (response, events);
            }
        }

        Assert.True(refused is not null, $"20,000 events fitted under a 4 MiB file size limit\n{served.Stderr}");
        using (refused)
        {
            var body = await refused.Content.ReadAsStringAsync();
            Assert.True(refused.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)refused.StatusCode}: {body}");
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.NotNull(refused.Headers.RetryAfter);
            var problem = JsonNode.Parse(body)!;
            Assert.Equal("Store unavailable", (string?)problem["title"]);
            var field = (string)problem["field"]!;
            Assert.Matches(EventField(), field);
            Assert.Contains("could not record this usage event", (string?)problem["detail"], StringComparison.Ordinal);

            // The events of the refused batch before the one named were recorded; that one and the rest were not.
            var recordedOfBatch = int.Parse(EventField().Match(field).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            var ledger = acknowledged + recordedOfBatch;
            Assert.Equal(ledger, await LedgerEventsAsync(http));
            Assert.Equal((long)ledger * TokensPerEvent, await SpentAsync(http));
            // The governor's own running total (what its decisions are taken on) holds only what was recorded: an
            // event already recorded, sent again, is answered from it without writing anything.
            Assert.Equal(Budget - ((long)ledger * TokensPerEvent), await TokensLeftAsync(http, Batch(0)[0]));

            // Sent again: refused again while the store has no room (nothing more counted), or — once the write-ahead
            // log, copied into the database meanwhile, starts over in the space it had — taken, with each event of
            // the batch counted once, those recorded the first time included.
            using var again = await http.PostAsJsonAsync("/usage", new { events = refusedBatch });
            Assert.True(again.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.OK, $"{(int)again.StatusCode}: {await again.Content.ReadAsStringAsync()}");
            var expected = again.StatusCode == HttpStatusCode.OK ? acknowledged + refusedBatch!.Length : ledger;
            Assert.Equal(expected, await LedgerEventsAsync(http));
            Assert.Equal((long)expected * TokensPerEvent, await SpentAsync(http));
            Assert.Equal(Budget - ((long)expected * TokensPerEvent), await TokensLeftAsync(http, Batch(0)[0]));
        }

        using var health = await http.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    private static JsonObject[] Batch(int batch) =>
        [.. Enumerable.Range(0, 50).Select(index => new JsonObject
        {
            ["id"] = $"e-{batch}-{index}", ["task_id"] = "t1", ["agent_id"] = "a1", ["input_tokens"] = 100, ["output_tokens"] = 1,
        })];

    private static async Task<long> LedgerEventsAsync(HttpClient http) =>
        long.Parse(LedgerCount().Match(await http.GetStringAsync("/metrics")).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>What the answer to <paramref name="recorded"/> (an event already in the ledger) says is left of the project's budget.</summary>
    private static async Task<long> TokensLeftAsync(HttpClient http, JsonObject recorded)
    {
        using var response = await http.PostAsJsonAsync("/usage", recorded);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        var remaining = JsonNode.Parse(body)!["decisions"]![0]!["remaining"]!.AsArray();
        return (long)remaining.Single(budget => (string?)budget!["scope"] == "project")!["tokens_left"]!;
    }

    private static async Task<long> SpentAsync(HttpClient http) =>
        (long)(await http.GetFromJsonAsync<JsonObject>("/status/task/t1"))!["spent"]!;

    [GeneratedRegex(@"^events\[(\d+)\]$")]
    private static partial Regex EventField();

    [GeneratedRegex(@"token_gov_usage_events_total (\d+)")]
    private static partial Regex LedgerCount();
}
