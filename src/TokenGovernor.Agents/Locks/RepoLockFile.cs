using System.Text.Json;
using System.Text.Json.Serialization;

namespace TokenGovernor.Agents.Locks;

/// <summary>The lock file format: one small JSON object, written atomically.</summary>
internal static class RepoLockFile
{
    /// <summary>The holder's info, or null when there is no file; an unreadable file yields an info with pid 0.</summary>
    public static RepoLockInfo? Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        try
        {
            if (JsonSerializer.Deserialize(text, RepoLockJsonContext.Default.RepoLockInfo) is { Pid: > 0, Host: not null, RunId: not null, TaskId: not null } info)
            {
                return info;
            }
        }
        catch (JsonException)
        {
            // Falls through to the placeholder: a half-written or hand-edited file is nobody's lock.
        }

        return new RepoLockInfo(0, 0, string.Empty, string.Empty, string.Empty, File.GetLastWriteTimeUtc(path));
    }

    /// <summary>
    /// Creates the lock file with its full content in one step (write a temp file, then link it into place
    /// without overwriting), so no reader ever sees it half-written. False when a lock file already exists.
    /// </summary>
    public static bool TryCreate(string path, RepoLockInfo info)
    {
        var temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temp, Serialize(info));
        try
        {
            File.Move(temp, path, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            return false;
        }
        finally
        {
            File.Delete(temp);
        }
    }

    public static string Serialize(RepoLockInfo info) =>
        JsonSerializer.Serialize(info, RepoLockJsonContext.Default.RepoLockInfo) + "\n";
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(RepoLockInfo))]
internal sealed partial class RepoLockJsonContext : JsonSerializerContext;
