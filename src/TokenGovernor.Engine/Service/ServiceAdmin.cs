using TokenGovernor.Storage;

namespace TokenGovernor.Engine.Service;

/// <summary>A key just created: the secret is shown this once and never again.</summary>
public sealed record CreatedApiKey(ApiKeyRecord Key, string Secret);

/// <summary>API keys, webhooks and failed deliveries: what <c>token-gov apikey</c>, <c>webhook</c> and <c>errors</c> manage.</summary>
public sealed class ServiceAdmin(IGovernorStore store, TimeProvider time)
{
    public async Task<CreatedApiKey> CreateKeyAsync(string name, string scope, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw ServiceException.BadField("name", "must not be empty");
        }

        if (!ServiceCaller.IsValidScope(scope))
        {
            throw ServiceException.BadField("scope", $"\"{scope}\" is not a scope; use admin or project:<id>");
        }

        if (scope != ServiceCaller.AdminScope)
        {
            var project = await store.FindProjectAsync(scope[ServiceCaller.ProjectScopePrefix.Length..], cancellationToken)
                ?? throw ServiceException.NotFound("scope", $"scope: no project \"{scope[ServiceCaller.ProjectScopePrefix.Length..]}\"");
            scope = ServiceCaller.ProjectScopePrefix + project.Id;
        }

        var (secret, prefix) = ApiKeys.NewSecret();
        var key = new ApiKeyRecord(Guid.CreateVersion7().ToString(), name.Trim(), prefix, ApiKeys.Hash(secret), scope, time.GetUtcNow(), null);
        await store.CreateApiKeyAsync(key, cancellationToken);
        return new CreatedApiKey(key, secret);
    }

    /// <summary>The caller a secret stands for; null when it is unknown or revoked.</summary>
    public async Task<ServiceCaller?> AuthenticateAsync(string secret, CancellationToken cancellationToken) =>
        await store.FindApiKeyAsync(ApiKeys.Hash(secret), cancellationToken) is { RevokedAt: null } key ? new ServiceCaller(key.Id, key.Scope) : null;

    public Task<IReadOnlyList<ApiKeyRecord>> ListKeysAsync(CancellationToken cancellationToken) => store.ListApiKeysAsync(cancellationToken);

    public async Task RevokeKeyAsync(string idOrName, CancellationToken cancellationToken)
    {
        if (!await store.RevokeApiKeyAsync(idOrName, time.GetUtcNow(), cancellationToken))
        {
            throw ServiceException.NotFound("key", $"no live API key \"{idOrName}\"; 'token-gov apikey list' shows them");
        }
    }

    public async Task<WebhookRecord> AddWebhookAsync(string project, string url, IReadOnlyList<string> events, string? secret, TimeSpan statusEvery, CancellationToken cancellationToken)
    {
        var found = await store.FindProjectAsync(project, cancellationToken) ?? throw ServiceException.NotFound("project", $"project: no project \"{project}\"");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw ServiceException.BadField("url", $"\"{url}\" is not an http or https URL");
        }

        var unknown = events.FirstOrDefault(name => !GovernorEventTypes.Notifiable.Contains(name));
        if (unknown is not null)
        {
            throw ServiceException.BadField("events", $"\"{unknown}\" is not an event; use {string.Join(", ", GovernorEventTypes.Notifiable)}");
        }

        if (statusEvery < TimeSpan.FromSeconds(1))
        {
            throw ServiceException.BadField("status_every", "must be at least one second");
        }

        var hook = new WebhookRecord(
            Guid.CreateVersion7().ToString(), found.Id, uri.ToString(), events.Count == 0 ? GovernorEventTypes.Notifiable : events,
            secret ?? ApiKeys.NewSecret().Secret, (int)statusEvery.TotalSeconds, time.GetUtcNow());
        await store.CreateWebhookAsync(hook, cancellationToken);
        return hook;
    }

    public Task<IReadOnlyList<WebhookRecord>> ListWebhooksAsync(string? projectId, CancellationToken cancellationToken) => store.ListWebhooksAsync(projectId, cancellationToken);

    public async Task RemoveWebhookAsync(string id, CancellationToken cancellationToken)
    {
        if (!await store.RemoveWebhookAsync(id, cancellationToken))
        {
            throw ServiceException.NotFound("id", $"no webhook \"{id}\"; 'token-gov webhook list' shows them");
        }
    }
}
