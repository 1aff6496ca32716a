namespace TokenGovernor.Storage.Migrations;

/// <summary>Every schema step this build knows, in the order they are applied.</summary>
internal static class SchemaMigrations
{
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "initial", Migration0001_Initial.Sql),
        new(2, "governance", Migration0002_Governance.Sql),
        new(3, "reservations", Migration0003_Reservations.Sql),
        new(4, "log-ingestion", Migration0004_LogIngestion.Sql),
        new(5, "run-owners", Migration0005_RunOwners.Sql),
        new(6, "reservation-owners", Migration0006_ReservationOwners.Sql),
        new(7, "checkpoints", Migration0007_Checkpoints.Sql),
        new(9, "runner-health", Migration0009_RunnerHealth.Sql),
        new(10, "api-keys", Migration0010_ApiKeys.Sql),
        new(11, "webhooks", Migration0011_Webhooks.Sql),
        new(12, "submissions", Migration0012_Submissions.Sql),
        new(13, "log-index", Migration0013_LogIndex.Sql),
        new(14, "ledger-agent-index", Migration0014_LedgerAgentIndex.Sql),
    ];

    public static int Latest => All[^1].Version;
}
