using System.Globalization;
using System.Security.Cryptography;

namespace TokenGovernor.Engine.Execution;

/// <summary>Run ids sort by start time (to the millisecond); a random suffix keeps two runs started at once apart.</summary>
public static class RunIds
{
    /// <summary>Creates a fresh run folder under <paramref name="runsDirectory"/> and returns its id.</summary>
    public static string CreateRunDirectory(string runsDirectory, DateTimeOffset now)
    {
        var stamp = now.UtcDateTime.ToString("yyyyMMdd-HHmmss-fff", CultureInfo.InvariantCulture);
        while (true)
        {
            var id = $"{stamp}{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2))}";
            var path = Path.Combine(runsDirectory, id);
            if (!Directory.Exists(path))
            {
                Directory.CreateDirectory(path);
                return id;
            }
        }
    }
}
