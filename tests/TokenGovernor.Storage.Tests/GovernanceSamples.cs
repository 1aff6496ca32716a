using TokenGovernor.Core.Governance;
using TokenGovernor.Core.Runs;

namespace TokenGovernor.Storage.Tests;

/// <summary>Governance records with every field set, so round-trip tests notice any column that is lost.</summary>
public static class GovernanceSamples
{
    public const string ProjectId = "3f2b8c1e-6d4a-4f7e-9a51-0c2d7e8b9a10";

    public static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    public static ProjectRecord Project(string id = ProjectId, string name = "checkout") => new(
        Id: id,
        Name: name,
        Owner: "alice@example.com",
        Tier: 1,
        Budget: new Budget(2_000_000, 50.25m, new BudgetWindow(WindowKind.Daily, 0, Paris, DayOfWeek.Sunday), TokenKinds.Input | TokenKinds.Output),
        CreatedAt: Samples.Start,
        UpdatedAt: Samples.Start);

    public static PackageRecord Package(string id = "pkg-1", string name = "payments", string projectId = ProjectId) => new(
        Id: id,
        ProjectId: projectId,
        Name: name,
        Budget: new Budget(500_000, 10m, BudgetWindow.Total),
        Priority: 3,
        Deadline: Samples.Start.AddDays(14),
        CreatedAt: Samples.Start,
        UpdatedAt: Samples.Start);

    public static GovernedTaskRecord Task(string id = "task-1", string? packageId = "pkg-1", string projectId = ProjectId) => new(
        Id: id,
        ProjectId: projectId,
        PackageId: packageId,
        ParentId: null,
        Title: "Add refund endpoint",
        Runner: "claude",
        Estimate: new Estimate(3000, EstimateSource.Difficulty, 1000, 5000, ComplexityClass.Complex),
        Budget: new Budget(40_000, null, BudgetWindow.Rolling(5)),
        Priority: 2,
        State: TaskState.Pending,
        StateReason: null,
        Checkpoint: CheckpointState.None,
        CreatedAt: Samples.Start,
        UpdatedAt: Samples.Start);

    public static AgentRecord Agent(string id = "agent-1", string taskId = "task-1") => new(
        Id: id, TaskId: taskId, Runner: "claude", Model: "claude-sonnet-4", Tier: 1, SessionId: null, StartedAt: Samples.Start, EndedAt: null);

    public static UsageEventRecord Usage(
        string id, DateTimeOffset at, string? taskId = "task-1", string? packageId = "pkg-1", string? agentId = null, long input = 100, decimal cost = 0.001m) => new(
        Id: id,
        At: at,
        ProjectId: ProjectId,
        PackageId: packageId,
        TaskId: taskId,
        AgentId: agentId,
        Model: "claude-sonnet-4",
        Tokens: new TokenUsage(input, 20, 300, 4000, 5),
        CostUsd: cost,
        Source: UsageSource.Stream);
}
