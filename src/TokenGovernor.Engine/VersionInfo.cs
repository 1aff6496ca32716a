using System.Reflection;

namespace TokenGovernor.Engine;

/// <summary>The product version, from the assembly's informational version.</summary>
public static class VersionInfo
{
    public static string Version { get; } =
        typeof(VersionInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static string Commit { get; } =
        typeof(VersionInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+') is [_, var hash, ..] ? hash[..Math.Min(hash.Length, 7)] : "unknown";
}
