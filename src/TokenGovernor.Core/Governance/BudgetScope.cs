namespace TokenGovernor.Core.Governance;

/// <summary>Where a budget sits: on a task, its package, or its project.</summary>
public enum BudgetScope
{
    Task,
    Package,
    Project,
}

public static class BudgetScopes
{
    public static string ToWire(this BudgetScope scope) => scope switch
    {
        BudgetScope.Task => "task",
        BudgetScope.Package => "package",
        BudgetScope.Project => "project",
        _ => throw new ArgumentOutOfRangeException(nameof(scope), scope, null),
    };
}
