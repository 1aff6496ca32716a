using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace TokenGovernor.Agents.Locks;

/// <summary>The lock file format: one small JSON object, written atomically.</summary>
internal static class RepoLockFile
{
    /// <summary>The holder's info, or null when there is no file; an unreadable file yields an info with pid 0.</summary>
    public static RepoLockInfo? Read(string path) => ReadBytes(path) is { } content ? Parse(path, content) : null;

    /// <summary>The file's content, or null when there is none. A lock is usually free, so that case throws nothing.</summary>
    public static byte[]? ReadBytes(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            // Removed between the check and the read by someone not taking the directory lock.
            return null;
        }
    }

    public static RepoLockInfo Parse(string path, byte[] content)
    {
        // Decoded as File.ReadAllText would: a byte order mark is skipped, invalid bytes become U+FFFD.
        var text = Encoding.UTF8.GetString(content).TrimStart('\uFEFF');
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
    public static bool TryCreate(string path, byte[] content)
    {
        var temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        File.WriteAllBytes(temp, content);
        try
        {
            File.Move(temp, path, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temp);
            return false;
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    public static byte[] SerializeToUtf8(RepoLockInfo info) => Encoding.UTF8.GetBytes(Serialize(info));

    public static string Serialize(RepoLockInfo info) =>
        JsonSerializer.Serialize(info, RepoLockJsonContext.Default.RepoLockInfo) + "\n";
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(RepoLockInfo))]
internal sealed partial class RepoLockJsonContext : JsonSerializerContext;
