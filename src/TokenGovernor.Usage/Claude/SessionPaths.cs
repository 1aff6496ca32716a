namespace TokenGovernor.Usage.Claude;

/// <summary>ccusage 19's session identity: the session id and project path from a log file's place under <c>projects/</c>.</summary>
internal static class SessionPaths
{
    private const string UnknownProject = "Unknown Project";

    public static SessionRef Resolve(string relativePath, string project, string? lineSessionId)
    {
        var parts = relativePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var last = parts.Length > 0 ? parts[^1] : "";
        var fileStem = last.EndsWith(".jsonl", StringComparison.Ordinal) ? last[..^".jsonl".Length] : "";
        if (!string.IsNullOrWhiteSpace(lineSessionId))
        {
            var at = Array.IndexOf(parts, lineSessionId);
            if (at > 0)
            {
                return new SessionRef(lineSessionId, Join(parts, at), project);
            }

            if (fileStem == lineSessionId)
            {
                return new SessionRef(lineSessionId, Join(parts, parts.Length - 1), project);
            }
        }

        if (parts.Length == 2 && fileStem.Length > 0)
        {
            return new SessionRef(fileStem, parts[0], project);
        }

        // <project>/<session>/subagents/agent-*.jsonl belongs to its parent session.
        if (parts.Length >= 4 && parts[^2] == "subagents")
        {
            return new SessionRef(parts[^3], Join(parts, parts.Length - 3), project);
        }

        return new SessionRef(parts.Length >= 2 ? parts[^2] : "unknown", Join(parts, Math.Max(0, parts.Length - 2)), project);
    }

    private static string Join(string[] parts, int count)
    {
        var joined = string.Join('/', parts, 0, count);
        return joined.Length == 0 ? UnknownProject : joined;
    }
}
