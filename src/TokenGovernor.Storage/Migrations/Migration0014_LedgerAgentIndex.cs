namespace TokenGovernor.Storage.Migrations;

/// <summary>
/// Drops the ledger's index on <c>usage_events.agent_id</c>. No query looks usage up by agent (agent spend is summed
/// through its task), and agents are never deleted, so the index was only written: one more scattered page in the
/// write-ahead log for every usage event, about a fifth of what a busy <c>serve</c> commits.
/// </summary>
internal static class Migration0014_LedgerAgentIndex
{
    public const string Sql = "DROP INDEX IF EXISTS ix_usage_events_agent;";
}
