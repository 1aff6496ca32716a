using Microsoft.Data.Sqlite;

namespace TokenGovernor.Storage;

public sealed partial class SqliteGovernorStore
{
    private const string WebhookColumns = "id, project_id, url, events, secret, status_interval_seconds, created_at";

    private const string InsertWebhookSql = $"""
        INSERT INTO webhooks ({WebhookColumns}) VALUES (@id, @project_id, @url, @events, @secret, @interval, @created_at)
        """;

    private const string SelectWebhooksSql =
        $"SELECT {WebhookColumns} FROM webhooks WHERE (@project_id IS NULL OR project_id = @project_id) ORDER BY created_at, id";

    private const string DeleteWebhookSql = "DELETE FROM webhooks WHERE id = @id";

    private const string DeliveryErrorColumns = "seq, webhook_id, project_id, url, event, attempts, error, at, notified_at";

    private const string InsertDeliveryErrorSql = """
        INSERT INTO delivery_errors (webhook_id, project_id, url, event, attempts, error, at, notified_at)
        VALUES (@webhook_id, @project_id, @url, @event, @attempts, @error, @at, NULL)
        """;

    private const string SelectDeliveryErrorsSql =
        $"SELECT {DeliveryErrorColumns} FROM delivery_errors WHERE (@unnotified = 0 OR notified_at IS NULL) ORDER BY seq";

    private const string MarkNotifiedSql = "UPDATE delivery_errors SET notified_at = @at WHERE seq <= @seq AND notified_at IS NULL";

    public async Task CreateWebhookAsync(WebhookRecord webhook, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        using var lease = await EnterAsync(cancellationToken);
        var command = Command(InsertWebhookSql);
        command.Parameters.AddWithValue("@id", webhook.Id);
        command.Parameters.AddWithValue("@project_id", webhook.ProjectId);
        command.Parameters.AddWithValue("@url", webhook.Url);
        command.Parameters.AddWithValue("@events", string.Join(',', webhook.Events));
        command.Parameters.AddWithValue("@secret", webhook.Secret);
        command.Parameters.AddWithValue("@interval", webhook.StatusIntervalSeconds);
        command.Parameters.AddWithValue("@created_at", SqlValues.Time(webhook.CreatedAt));
        await ExecuteInsertAsync(command, $"A webhook with id '{webhook.Id}' already exists.", $"Project '{webhook.ProjectId}' does not exist.", cancellationToken);
    }

    public async Task<IReadOnlyList<WebhookRecord>> ListWebhooksAsync(string? projectId, CancellationToken cancellationToken)
    {
        using var lease = await EnterAsync(cancellationToken);
        var command = Command(SelectWebhooksSql);
        command.Parameters.AddWithValue("@project_id", SqlValues.Nullable(projectId));
        var hooks = new List<WebhookRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            hooks.Add(new WebhookRecord(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3).Split(',', StringSplitOptions.RemoveEmptyEntries),
                reader.GetString(4),
                reader.GetInt32(5),
                SqlValues.ReadTime(reader, 6)));
        }

        return hooks;
    }

    public async Task<bool> RemoveWebhookAsync(string webhookId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhookId);
        using var lease = await EnterAsync(cancellationToken);
        var command = Command(DeleteWebhookSql);
        command.Parameters.AddWithValue("@id", webhookId);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task RecordDeliveryErrorAsync(DeliveryErrorRecord error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(error);
        using var lease = await EnterAsync(cancellationToken);
        var command = Command(InsertDeliveryErrorSql);
        command.Parameters.AddWithValue("@webhook_id", error.WebhookId);
        command.Parameters.AddWithValue("@project_id", error.ProjectId);
        command.Parameters.AddWithValue("@url", error.Url);
        command.Parameters.AddWithValue("@event", error.Event);
        command.Parameters.AddWithValue("@attempts", error.Attempts);
        command.Parameters.AddWithValue("@error", error.Error);
        command.Parameters.AddWithValue("@at", SqlValues.Time(error.At));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<DeliveryErrorRecord>> ListDeliveryErrorsAsync(bool unnotifiedOnly, CancellationToken cancellationToken)
    {
        using var lease = await EnterAsync(cancellationToken);
        var command = Command(SelectDeliveryErrorsSql);
        command.Parameters.AddWithValue("@unnotified", unnotifiedOnly ? 1 : 0);
        var errors = new List<DeliveryErrorRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            errors.Add(ReadDeliveryError(reader));
        }

        return errors;
    }

    public async Task MarkDeliveryErrorsNotifiedAsync(long upToSeq, DateTimeOffset at, CancellationToken cancellationToken)
    {
        using var lease = await EnterAsync(cancellationToken);
        var command = Command(MarkNotifiedSql);
        command.Parameters.AddWithValue("@seq", upToSeq);
        command.Parameters.AddWithValue("@at", SqlValues.Time(at));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static DeliveryErrorRecord ReadDeliveryError(SqliteDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetString(4),
        reader.GetInt32(5),
        reader.GetString(6),
        SqlValues.ReadTime(reader, 7),
        SqlValues.ReadNullableTime(reader, 8));
}
