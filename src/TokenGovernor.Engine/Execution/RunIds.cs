using System.Globalization;
using System.Security.Cryptography;

namespace TokenGovernor.Engine.Execution;

/// <summary>Run ids sort by start time; a random suffix keeps two runs started in the same second apart.</summary>
public static class RunIds
{
    /// <summary>Creates a fresh run folder under <paramref name="runsDirectory"/> and returns its id.</summary>
    public static string CreateRunDirectory(string runsDirectory, DateTimeOffset now)
    {
        var stamp = now.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        while (true)
        {
            var id = $"{stamp}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
            var path = Path.Combine(runsDirectory, id);
            if (!Directory.Exists(path))
            {
                Directory.CreateDirectory(path);
                return id;
            }
        }
    }
}
