namespace TokenGovernor.Storage.Migrations;

/// <summary>One step of the schema. Once released, a migration's SQL never changes: a new step is added instead.</summary>
internal sealed record Migration(int Version, string Name, string Sql);
