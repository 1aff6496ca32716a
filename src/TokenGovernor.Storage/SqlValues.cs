using System.Globalization;
using Microsoft.Data.Sqlite;
using TokenGovernor.Core.Runs;

namespace TokenGovernor.Storage;

/// <summary>How values are written to and read from columns: text for times and money, so both round-trip exactly.</summary>
internal static class SqlValues
{
    // UTC "O" text has a fixed width, so it sorts in time order as plain text.
    public static string Time(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    public static object Time(DateTimeOffset? value) => value is { } time ? Time(time) : DBNull.Value;

    public static DateTimeOffset ReadTime(SqliteDataReader reader, int ordinal) =>
        DateTimeOffset.ParseExact(reader.GetString(ordinal), "O", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    public static DateTimeOffset? ReadNullableTime(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : ReadTime(reader, ordinal);

    public static string Money(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    public static decimal ReadMoney(SqliteDataReader reader, int ordinal) =>
        decimal.Parse(reader.GetString(ordinal), NumberStyles.Number, CultureInfo.InvariantCulture);

    public static object Nullable(string? value) => value is null ? DBNull.Value : value;

    public static object Nullable(int? value) => value is { } number ? number : DBNull.Value;

    public static object Nullable(long? value) => value is { } number ? number : DBNull.Value;

    public static string? ReadNullableString(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static int? ReadNullableInt(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt32(ordinal);

    public static void AddTokens(SqliteCommand command, TokenUsage tokens)
    {
        command.Parameters.AddWithValue("@input_tokens", tokens.Input);
        command.Parameters.AddWithValue("@output_tokens", tokens.Output);
        command.Parameters.AddWithValue("@cache_creation_tokens", tokens.CacheCreation);
        command.Parameters.AddWithValue("@cache_read_tokens", tokens.CacheRead);
        command.Parameters.AddWithValue("@reasoning_tokens", tokens.Reasoning);
    }

    /// <summary>Reads five token columns in the order input, output, cache creation, cache read, reasoning.</summary>
    public static TokenUsage ReadTokens(SqliteDataReader reader, int firstOrdinal) => new(
        reader.GetInt64(firstOrdinal),
        reader.GetInt64(firstOrdinal + 1),
        reader.GetInt64(firstOrdinal + 2),
        reader.GetInt64(firstOrdinal + 3),
        reader.GetInt64(firstOrdinal + 4));
}
