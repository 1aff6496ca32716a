namespace TokenGovernor.Engine.Service;

/// <summary>
/// Who calls the service: an admin key sees and changes everything; a project key (<c>project:&lt;id&gt;</c>)
/// only its own project and what is under it.
/// </summary>
public sealed record ServiceCaller(string KeyId, string Scope)
{
    public const string AdminScope = "admin";

    public const string ProjectScopePrefix = "project:";

    /// <summary>The caller used by the service's own tooling (the CLI, tests of the engine).</summary>
    public static ServiceCaller Admin { get; } = new("local", AdminScope);

    public bool IsAdmin => Scope == AdminScope;

    /// <summary>The project a project key is bound to; null for an admin key.</summary>
    public string? ProjectId => Scope.StartsWith(ProjectScopePrefix, StringComparison.Ordinal) ? Scope[ProjectScopePrefix.Length..] : null;

    public bool CanAccess(string projectId) => IsAdmin || ProjectId == projectId;

    /// <exception cref="ServiceException">The key is bound to another project.</exception>
    public void EnsureAccess(string projectId)
    {
        if (!CanAccess(projectId))
        {
            throw new ServiceException(ServiceErrorKind.Forbidden, null, $"this key is for project {ProjectId}; it cannot read or change project {projectId}");
        }
    }

    /// <exception cref="ServiceException">The key is not an admin key.</exception>
    public void EnsureAdmin(string what)
    {
        if (!IsAdmin)
        {
            throw new ServiceException(ServiceErrorKind.Forbidden, null, $"{what} needs an admin key; this key is for project {ProjectId}");
        }
    }

    public static bool IsValidScope(string scope) =>
        scope == AdminScope || (scope.StartsWith(ProjectScopePrefix, StringComparison.Ordinal) && scope.Length > ProjectScopePrefix.Length);
}
