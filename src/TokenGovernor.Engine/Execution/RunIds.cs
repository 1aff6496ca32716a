using System.Globalization;
using System.Security.Cryptography;

namespace TokenGovernor.Engine.Execution;

/// <summary>Run ids sort by start time (to the millisecond); a random suffix keeps two runs started at once apart.</summary>
public static class RunIds
{
    /// <summary>An empty file that marks a run folder as taken.</summary>
    public const string MarkerFileName = ".run";

    /// <summary>Creates a fresh run folder under <paramref name="runsDirectory"/> and returns its id.</summary>
    public static string CreateRunDirectory(string runsDirectory, DateTimeOffset now)
    {
        var stamp = now.UtcDateTime.ToString("yyyyMMdd-HHmmss-fff", CultureInfo.InvariantCulture);
        while (true)
        {
            var id = $"{stamp}{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2))}";
            var path = Path.Combine(runsDirectory, id);
            Directory.CreateDirectory(path);
            try
            {
                // Creating the marker is atomic: of two processes that picked the same id, one wins.
                using var marker = new FileStream(Path.Combine(path, MarkerFileName), FileMode.CreateNew, FileAccess.Write);
                return id;
            }
            catch (IOException) when (File.Exists(Path.Combine(path, MarkerFileName)))
            {
            }
        }
    }
}
