using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Polly;
using Polly.Retry;
using TokenGovernor.Storage;

namespace TokenGovernor.Server.Webhooks;

/// <summary>
/// Posts one signed JSON body to a webhook: the HMAC-SHA256 of the body with the hook's secret goes in
/// <c>X-TokenGov-Signature: sha256=&lt;hex&gt;</c>. A failed delivery (no answer, or a non-2xx status) is retried
/// three times with exponential backoff; what still fails is kept in the store for <c>token-gov errors</c>.
/// </summary>
internal sealed class WebhookSender(HttpClient http, IGovernorStore store, TimeProvider time, TimeSpan firstRetryDelay)
{
    public const int Retries = 3;
    public const string SignatureHeader = "X-TokenGov-Signature";

    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
        .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = Retries,
            BackoffType = DelayBackoffType.Exponential,
            Delay = firstRetryDelay,
            UseJitter = false,
            ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                .Handle<HttpRequestException>()
                .Handle<TaskCanceledException>()
                .HandleResult(response => !response.IsSuccessStatusCode),
        })
        .Build();

    public static string Sign(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    public async Task SendAsync(WebhookRecord hook, string eventType, long deliveryId, byte[] body, CancellationToken cancellationToken)
    {
        var attempts = 0;
        string? failure = null;
        try
        {
            using var response = await _pipeline.ExecuteAsync(async token =>
            {
                attempts++;
                using var request = new HttpRequestMessage(HttpMethod.Post, hook.Url) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                request.Headers.Add("X-TokenGov-Event", eventType);
                request.Headers.Add("X-TokenGov-Delivery", deliveryId.ToString(CultureInfo.InvariantCulture));
                request.Headers.Add(SignatureHeader, Sign(hook.Secret, body));
                return await http.SendAsync(request, token);
            }, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                failure = $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
            }
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            failure = error.Message;
        }

        if (failure is not null)
        {
            await store.RecordDeliveryErrorAsync(
                new DeliveryErrorRecord(0, hook.Id, hook.ProjectId, hook.Url, eventType, attempts, failure, time.GetUtcNow(), null), CancellationToken.None);
        }
    }
}
